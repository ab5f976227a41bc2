-- Per-server settings (/settings) with who changed them, and conversations: the earlier questions of
-- a thread or a chain of replies, so that follow-ups are understood in context after a restart too.
-- Times are milliseconds since the Unix epoch (UTC).

-- One row per server that changed something. A NULL column means "the environment's default"
-- (src/config.ts), so a changed environment still reaches every server that did not choose otherwise.
CREATE TABLE guild_settings (
  guild_id TEXT PRIMARY KEY,
  -- JSON arrays of channel ids. Answer channels: where mentions are answered ([] = every channel).
  answer_channel_ids TEXT,
  reply_mode TEXT CHECK (reply_mode IS NULL OR reply_mode IN ('reply', 'thread')),
  -- Forum channels whose new posts are answered automatically.
  forum_channel_ids TEXT,
  default_results INTEGER CHECK (default_results IS NULL OR default_results BETWEEN 1 AND 5),
  answers_private INTEGER CHECK (answers_private IS NULL OR answers_private IN (0, 1)),
  language TEXT CHECK (language IS NULL OR language IN ('auto', 'ar', 'en')),
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Every change, with who made it: the HMAC of their user id (src/data/userHash.ts), never the id.
CREATE TABLE settings_changes (
  id INTEGER PRIMARY KEY,
  guild_id TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  user_hash TEXT NOT NULL,
  setting TEXT NOT NULL,
  -- JSON; NULL = the environment's default.
  old_value TEXT,
  new_value TEXT
);
CREATE INDEX settings_changes_by_guild ON settings_changes (guild_id, changed_at);
CREATE INDEX settings_changes_by_user ON settings_changes (user_hash);

-- A conversation: a thread (its id), or a chain of replies in a channel (the id of its first answer).
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  guild_id TEXT,
  channel_id TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
-- The retention sweep finds idle conversations with it.
CREATE INDEX conversations_by_age ON conversations (updated_at);

-- Its questions, the last few kept (src/data/conversations.ts), with the passages each answer showed.
CREATE TABLE conversation_turns (
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  asked_at INTEGER NOT NULL,
  user_hash TEXT NOT NULL,
  question TEXT NOT NULL,
  lang TEXT NOT NULL,
  -- JSON array of the passage ids shown, best first.
  shown TEXT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;
-- forget USER_ID finds a user's questions with it.
CREATE INDEX conversation_turns_by_user ON conversation_turns (user_hash);

-- The bot's answer messages of a conversation: a reply to one of them continues it.
CREATE TABLE conversation_messages (
  message_id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX conversation_messages_by_conversation ON conversation_messages (conversation_id);

-- Forum posts the bot took on (answered, or tried to): each is answered once, whatever the gateway
-- repeats and across restarts.
CREATE TABLE forum_posts (
  thread_id TEXT PRIMARY KEY,
  guild_id TEXT NOT NULL,
  claimed_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX forum_posts_by_age ON forum_posts (claimed_at);
