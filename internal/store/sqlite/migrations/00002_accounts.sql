-- Accounts: who may log in, and the secrets that stand for them. These are not records: they do
-- not take part in the change sequence (meta.seq) and the engine never sees them. Secrets
-- (sessions, tokens, setup links) are stored as the SHA-256 of their plain text, looked up by
-- that hash. Instants are Unix seconds (UTC); NULL is an absent value.
--
-- users and tokens are AUTOINCREMENT so a deleted row's id is never handed out again: a stale
-- page or log line that names token 7 must not reach a newer token that took its number.

-- +goose Up
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT NOT NULL,        -- as entered, trimmed
    email_key     TEXT NOT NULL UNIQUE, -- lower-cased and trimmed: one account per address, any case
    password_hash TEXT NOT NULL,        -- argon2id, PHC string format
    role          TEXT NOT NULL,
    agent         TEXT,                 -- the agent name an agent-role user's tickets carry
    team          TEXT,
    created_at    INTEGER NOT NULL
) STRICT;

-- Looked up by hash on every request; WITHOUT ROWID keeps the row in the key's B-tree.
CREATE TABLE sessions (
    hash       BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    hash         BLOB NOT NULL UNIQUE,
    scope        TEXT NOT NULL,
    user_id      INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
) STRICT;

CREATE TABLE setup_links (
    hash       BLOB PRIMARY KEY,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE setup_links;
DROP TABLE tokens;
DROP TABLE sessions;
DROP TABLE users;
