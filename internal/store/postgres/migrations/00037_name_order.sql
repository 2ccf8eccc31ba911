-- The order the customer list sorts names in (sqldb.nameOrder): Unicode's collation for Dutch,
-- written by Go as a key both databases compare as bytes, so Öztürk comes between Oosterhuis and
-- Peters on either, where lower() put it after Zwart on SQLite (bytes) and PostgreSQL sorted by
-- its own locale. NULL for a blank name, which the list puts last. The rows stored before this
-- migration get theirs when the store next opens (sqldb.backfill).

-- +goose Up
ALTER TABLE customers ADD COLUMN name_order BYTEA;
INSERT INTO backfills (name) VALUES ('name_order');

-- +goose Down
DELETE FROM backfills WHERE name = 'name_order';
ALTER TABLE customers DROP COLUMN name_order;
