-- Keys of names, written by Go as cx.NameKey folds them (sqldb/keys.go), which the customer
-- list's search and segment and the feedback filters compare byte for byte: SQL's lower() folds
-- A–Z only (SQLite's always, PostgreSQL's in the C locale) and trim() strips spaces only, so
-- "Öztürk" was not found by "öztürk". search_key is a customer's id, name and e-mail address, one
-- a line; the others are NULL where their value is. Rows stored before this migration get their
-- keys when the store next opens (sqldb.backfill), which no SQL can compute: the row in backfills
-- says it is still to do.

-- +goose Up
ALTER TABLE customers ADD COLUMN search_key TEXT;
ALTER TABLE customers ADD COLUMN segment_key TEXT;
ALTER TABLE tickets ADD COLUMN channel_key TEXT;
ALTER TABLE tickets ADD COLUMN team_key TEXT;
ALTER TABLE tickets ADD COLUMN agent_key TEXT;
ALTER TABLE tickets ADD COLUMN category_key TEXT;
ALTER TABLE responses ADD COLUMN channel_key TEXT;
ALTER TABLE responses ADD COLUMN team_key TEXT;
ALTER TABLE responses ADD COLUMN agent_key TEXT;
CREATE TABLE backfills (name TEXT PRIMARY KEY);
INSERT INTO backfills (name) VALUES ('name_keys');

-- +goose Down
DROP TABLE backfills;
ALTER TABLE responses DROP COLUMN agent_key;
ALTER TABLE responses DROP COLUMN team_key;
ALTER TABLE responses DROP COLUMN channel_key;
ALTER TABLE tickets DROP COLUMN category_key;
ALTER TABLE tickets DROP COLUMN agent_key;
ALTER TABLE tickets DROP COLUMN team_key;
ALTER TABLE tickets DROP COLUMN channel_key;
ALTER TABLE customers DROP COLUMN segment_key;
ALTER TABLE customers DROP COLUMN search_key;
