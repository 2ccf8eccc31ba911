-- Erased customers (app/erase_keys.go): the keyed hash of each erased customer id, never the id
-- itself, which may be an e-mail address. A write naming an erased id later (an order updated,
-- a file imported again, a sync) is stored under the pseudonym, without the customer's text:
-- an erasure is remembered. Without the installation's key (settings, secret.erasure) a hash
-- does not lead back to the id, nor can guessed addresses be tried against it.

-- +goose Up
CREATE TABLE erasures (
    hash      TEXT PRIMARY KEY,
    erased_at INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE erasures;
