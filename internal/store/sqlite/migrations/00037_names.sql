-- The names a filter compares as names compare (sqldb/names.go): every value of a ticket's or
-- an answer's channel, team and agent, a ticket's category and a customer's segment, once, with
-- its key written by Go (cx.NameKey). A filter finds the values of its key here and the rows by
-- their own column, so the tickets and answers no longer carry a key a name (the name_keys
-- migration's seven columns, 17% of a large database and a sixth of an import's time) and a
-- customer no segment_key; the customers keep search_key, which a search reads within. The
-- names of the rows stored before this migration are recorded when the store next opens
-- (sqldb.backfill): the row in backfills says they are still to do.
--
-- The retired columns stay, no longer written or read (NULL in every row written from now on:
-- a byte each). SQLite drops a column by rewriting every row of its table, one statement whose
-- journal a migration's transaction keeps: at 10M tickets and 10M answers the drops took 193 s
-- and 2.7 GB of memory. PostgreSQL keeps them too, so both databases have one schema.

-- +goose Up
CREATE TABLE names (
	dimension TEXT NOT NULL,
	value TEXT NOT NULL,
	key TEXT NOT NULL,
	PRIMARY KEY (dimension, value)
);
CREATE INDEX names_by_key ON names (dimension, key);
INSERT INTO backfills (name) VALUES ('names');

-- +goose Down
DELETE FROM backfills WHERE name = 'names';
-- The retired columns are written again when the store next opens, as the name_keys migration had them.
INSERT INTO backfills (name) VALUES ('name_keys') ON CONFLICT DO NOTHING;
DROP TABLE names;
