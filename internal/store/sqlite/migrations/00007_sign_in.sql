-- Failed sign-ins per account, so the growing delay after them holds across restarts and every
-- process on the file; and an optional expiry for API tokens.
--
-- account is the e-mail key tried, whether a user has it or not: an unknown address is held back
-- like a known one, so the answer does not tell which addresses exist. A row is removed by a
-- successful sign-in, or when a later attempt finds it older than the forget period.

-- +goose Up
CREATE TABLE sign_in_failures (
    account    TEXT PRIMARY KEY,
    failures   INTEGER NOT NULL, -- attempts in a row not (yet) followed by a success
    last_at    INTEGER NOT NULL, -- the last attempt counted
    held_until INTEGER NOT NULL  -- attempts before this are refused
) STRICT, WITHOUT ROWID;

CREATE INDEX sign_in_failures_last ON sign_in_failures (last_at);

ALTER TABLE tokens ADD COLUMN expires_at INTEGER; -- NULL: never

-- +goose Down
ALTER TABLE tokens DROP COLUMN expires_at;
DROP TABLE sign_in_failures;
