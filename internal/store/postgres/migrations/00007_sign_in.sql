-- Failed sign-ins per account, so the growing delay after them holds across restarts and every
-- node on the database; and an optional expiry for API tokens. The same as SQLite's
-- 00007_sign_in.sql.
--
-- account is the e-mail key tried, whether a user has it or not: an unknown address is held back
-- like a known one, so the answer does not tell which addresses exist. A row is removed by a
-- successful sign-in, or when a later attempt finds it older than the forget period.

-- +goose Up
CREATE TABLE sign_in_failures (
    account    TEXT COLLATE "C" PRIMARY KEY,
    failures   INTEGER NOT NULL, -- attempts in a row not (yet) followed by a success
    last_at    BIGINT NOT NULL,  -- the last attempt counted
    held_until BIGINT NOT NULL   -- attempts before this are refused
);

CREATE INDEX sign_in_failures_last ON sign_in_failures (last_at);

ALTER TABLE tokens ADD COLUMN expires_at BIGINT; -- NULL: never

-- +goose Down
ALTER TABLE tokens DROP COLUMN expires_at;
DROP TABLE sign_in_failures;
