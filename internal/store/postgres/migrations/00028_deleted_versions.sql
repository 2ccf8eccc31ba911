-- The version of a deleted record (app/write.go, deleteStored): its kind and key and the time
-- its source last changed it (the attribute source_updated_at, RFC 3339 in UTC) or deleted it
-- (a cancelled order's updated_at), whichever is later. A delivery of the record older than
-- that, arriving late (a retried orders/updated after the orders/cancelled), is acknowledged
-- without writing it, as one older than a stored record is: it does not bring the record back.
-- A newer one is written. One row per key, never removed but by an erasure of the key; keys
-- only, no customer text. The same table as SQLite's 00029.

-- +goose Up
CREATE TABLE deleted_versions (
    kind              TEXT COLLATE "C" NOT NULL,
    id                TEXT COLLATE "C" NOT NULL,
    source_updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);

-- +goose Down
DROP TABLE deleted_versions;
