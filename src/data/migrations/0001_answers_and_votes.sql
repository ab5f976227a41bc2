-- The answers the bot gave and the votes on them. Times are milliseconds since the Unix epoch (UTC).
-- Later features (per-server settings, conversation threads) add their own tables in later files.

CREATE TABLE answers (
  -- Internal row id (votes refer to it); answer_key is the id callers and buttons see.
  id INTEGER PRIMARY KEY,
  answer_key TEXT NOT NULL UNIQUE,
  asked_at INTEGER NOT NULL,
  -- The question as answered (after sanitizing) and its analyzer terms, sorted and deduplicated,
  -- space-separated: what the coverage-gap grouping compares.
  question TEXT NOT NULL,
  question_terms TEXT NOT NULL,
  lang TEXT NOT NULL,
  -- How it was asked: slash, mention, follow-up.
  via TEXT NOT NULL,
  guild_id TEXT,
  channel_id TEXT,
  -- HMAC of the asker's user id (src/data/userHash.ts); the id itself is never stored.
  user_hash TEXT NOT NULL,
  confident INTEGER NOT NULL CHECK (confident IN (0, 1)),
  mode TEXT NOT NULL,
  latency_ms INTEGER NOT NULL,
  -- The passages shown, best first: JSON [{"rank","passageId","docId","score"}].
  passages TEXT NOT NULL
);

-- Stats over a period read only this index (count, share confident, by language and day).
CREATE INDEX answers_by_time ON answers (asked_at, lang, confident);
-- Coverage gaps: the unanswered questions of a period grouped by their terms, from the index alone.
CREATE INDEX answers_unanswered ON answers (asked_at, question_terms) WHERE confident = 0;
-- forget USER_ID.
CREATE INDEX answers_by_user ON answers (user_hash);

CREATE TABLE votes (
  answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  user_hash TEXT NOT NULL,
  value INTEGER NOT NULL CHECK (value IN (-1, 1)),
  -- Only on a thumbs-down, from a fixed list (src/data/votes.ts).
  reason TEXT CHECK (reason IS NULL OR (value = -1 AND reason IN ('wrong-passage', 'no-answer', 'outdated', 'other'))),
  voted_at INTEGER NOT NULL,
  -- One vote per user per answer: a second one replaces it.
  PRIMARY KEY (answer_id, user_hash)
) WITHOUT ROWID;

CREATE INDEX votes_by_user ON votes (user_hash);

-- Facts about the database itself (e.g. the fingerprint of the key user ids were hashed with).
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
