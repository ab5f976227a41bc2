-- The answers the bot gave and the votes on them. Times are milliseconds since the Unix epoch (UTC).
-- Later features (per-server settings, conversation threads) add their own tables in later files.

CREATE TABLE answers (
  -- Internal row id (votes refer to it); answer_key is the id callers and buttons see.
  id INTEGER PRIMARY KEY,
  answer_key TEXT NOT NULL UNIQUE,
  asked_at INTEGER NOT NULL,
  -- The UTC day of asked_at (days since 1970-01-01): stats group by it straight from an index.
  asked_day INTEGER NOT NULL,
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
  -- The passages shown, best first, as compact JSON (src/data/answers.ts encodePassages):
  -- [[passageId, score], …], with a third element, the document id, only where the passage id
  -- does not name it. About a third of a row's size otherwise.
  passages TEXT NOT NULL
);

-- Stats read counts per day and language from this index alone, in its order (no sorting); the
-- retention sweep finds old answers with it.
CREATE INDEX answers_by_day ON answers (asked_day, lang, confident);
-- Coverage gaps: unanswered questions grouped by their terms, in index order, from the index alone.
CREATE INDEX answers_unanswered ON answers (question_terms, asked_day) WHERE confident = 0;
-- No index on user_hash: forget (rare, from the command line) scans the table, and every answer
-- recorded is spared a write at a random place of one more index.

CREATE TABLE votes (
  answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  user_hash TEXT NOT NULL,
  -- Copied from the answer rated (they never change): stats count votes by day and language without
  -- looking up each answer.
  answer_day INTEGER NOT NULL,
  lang TEXT NOT NULL,
  value INTEGER NOT NULL CHECK (value IN (-1, 1)),
  -- Only on a thumbs-down, from a fixed list (src/data/votes.ts).
  reason TEXT CHECK (reason IS NULL OR (value = -1 AND reason IN ('wrong-passage', 'no-answer', 'outdated', 'other'))),
  voted_at INTEGER NOT NULL,
  -- One vote per user per answer: a second one replaces it.
  PRIMARY KEY (answer_id, user_hash)
) WITHOUT ROWID;

CREATE INDEX votes_by_user ON votes (user_hash);
-- Counts per day and language, and the 👎 votes with their reasons, from the index alone.
CREATE INDEX votes_by_day ON votes (answer_day, lang, value, reason);

-- Facts about the database itself (e.g. the fingerprint of the key user ids were hashed with).
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
