-- Where each pull connector (klantpuls sync zendesk|freshdesk, and serve's schedule) stopped, and
-- which node runs it. A row per stream (zendesk.tickets, freshdesk.ratings, …) holds its cursor:
-- the source's own cursor or a time, written only after the records of the page it follows are
-- committed. A row per connector (lease:zendesk, …) holds the node running it and until when, so
-- that on several nodes sharing one database only one pulls at a time.

-- +goose Up
CREATE TABLE sync_state (
    name   TEXT PRIMARY KEY,
    cursor TEXT NOT NULL DEFAULT '',
    holder TEXT NOT NULL DEFAULT '',   -- the node holding the lease
    until  BIGINT NOT NULL DEFAULT 0   -- Unix seconds: the lease lapses then
);

-- +goose Down
DROP TABLE sync_state;
