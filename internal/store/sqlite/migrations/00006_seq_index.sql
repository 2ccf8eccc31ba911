-- Indexes on the change sequence, for following changes (store.Changes): a node applies the
-- records written since the last number it saw.

-- +goose Up
CREATE INDEX customers_seq ON customers (seq);
CREATE INDEX orders_seq ON orders (seq);
CREATE INDEX tickets_seq ON tickets (seq);
CREATE INDEX messages_seq ON messages (seq);
CREATE INDEX responses_seq ON responses (seq);
CREATE INDEX mentions_seq ON mentions (seq);
CREATE INDEX reviews_seq ON reviews (seq);
CREATE INDEX events_seq ON events (seq);

-- +goose Down
DROP INDEX customers_seq;
DROP INDEX orders_seq;
DROP INDEX tickets_seq;
DROP INDEX messages_seq;
DROP INDEX responses_seq;
DROP INDEX mentions_seq;
DROP INDEX reviews_seq;
DROP INDEX events_seq;
