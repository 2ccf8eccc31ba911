-- Accounts: who may log in, and the secrets that stand for them. These are not records: they do
-- not take part in the change sequence (meta.seq) and the engine never sees them. Secrets
-- (sessions, tokens, setup links) are stored as the SHA-256 of their plain text, looked up by
-- that hash. Instants are Unix seconds (UTC); NULL is an absent value. The same tables as
-- SQLite's 00002_accounts.sql; e-mail keys compare byte by byte (COLLATE "C"), as ids do in
-- 00002_records.sql.
--
-- users and tokens take their ids from an identity sequence, which never hands out a deleted
-- row's id again: a stale page or log line that names token 7 must not reach a newer token that
-- took its number.

-- +goose Up
CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT NOT NULL,                    -- as entered, trimmed
    email_key     TEXT COLLATE "C" NOT NULL UNIQUE, -- lower-cased and trimmed: one account each
    password_hash TEXT NOT NULL,                    -- argon2id, PHC string format
    role          TEXT NOT NULL,
    agent         TEXT,                             -- the agent name on an agent's tickets
    team          TEXT,
    created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    hash       BYTEA PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT NOT NULL,
    hash         BYTEA NOT NULL UNIQUE,
    scope        TEXT NOT NULL,
    user_id      BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT
);

CREATE TABLE setup_links (
    hash       BYTEA PRIMARY KEY,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

-- +goose Down
DROP TABLE setup_links;
DROP TABLE tokens;
DROP TABLE sessions;
DROP TABLE users;
