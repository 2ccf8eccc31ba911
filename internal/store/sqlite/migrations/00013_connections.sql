-- Webhook connections (issue 12, point 1): a tool's deliveries to /hooks/{source}/{id}, the
-- secret they are signed with and the kinds they may write; and the delivery ids each has
-- accepted, so a delivery sent again is answered without being written twice. The secret
-- cannot be hashed like a token's: checking an HMAC signature needs the secret itself. It is
-- kept sealed (AES-256-GCM, by app, under the key in settings 'secret.connections'). No
-- foreign keys, like the rest of the schema: deleting a connection deletes its delivery ids.

-- +goose Up
CREATE TABLE connections (
    id            TEXT PRIMARY KEY,            -- random, URL-safe: in the receiving URL
    source        TEXT NOT NULL,               -- a webhook source's name (internal/hooks)
    name          TEXT NOT NULL,               -- the admin's label
    secret        BLOB NOT NULL,               -- sealed: nonce, then ciphertext and tag
    kinds         TEXT NOT NULL,               -- the kinds it may write, comma-separated
    created       INTEGER NOT NULL,            -- Unix seconds, UTC
    user_id       INTEGER,                     -- NULL on the command line
    actor         TEXT NOT NULL,               -- e-mail address or cli:<os user>
    deliveries    INTEGER NOT NULL DEFAULT 0,  -- accepted, repeats included
    last_delivery INTEGER,                     -- NULL: none yet
    errors        INTEGER NOT NULL DEFAULT 0,  -- refused or failed
    last_error    TEXT NOT NULL DEFAULT '',
    last_error_at INTEGER
) STRICT;

CREATE TABLE hook_deliveries (
    connection_id TEXT NOT NULL,
    delivery      TEXT NOT NULL,               -- the source's delivery id
    seen          INTEGER NOT NULL,            -- Unix seconds, UTC: forgotten after a week
    PRIMARY KEY (connection_id, delivery)
) STRICT;
CREATE INDEX hook_deliveries_seen ON hook_deliveries (seen);

-- +goose Down
DROP INDEX hook_deliveries_seen;
DROP TABLE hook_deliveries;
DROP TABLE connections;
