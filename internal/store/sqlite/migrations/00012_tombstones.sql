-- A deleted record leaves a tombstone: its kind and key, and the change number of the deletion,
-- so a follower reading the change sequence (store.Changes) deletes it too. One row per key:
-- deleting a key again moves its number up. A key stored again after its deletion keeps the
-- tombstone, which is older than the row's seq, so the later change wins in sequence order.
-- Tombstones are never removed: a node restarted from an old snapshot still learns of every
-- deletion since. They hold no customer text, only keys.

-- +goose Up
CREATE TABLE tombstones (
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,
    seq  INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) STRICT;
CREATE INDEX tombstones_seq ON tombstones (kind, seq);

-- +goose Down
DROP TABLE tombstones;
