-- Following changes (store.Changes: the rows whose seq lies above a number) found them by reading
-- every row of every kind: at 26M records a catch-up on a handful of records (a report in a
-- fresh process while a server writes, the ClickHouse shipper's next batch) read 8 tables and
-- took seconds. An index on seq finds them in as many steps as there are. Every write appends
-- to its right edge (seq only grows), so a bulk write keeps it where it drops the table's other
-- indexes and builds them again at commit (tx.go: seqIndex names it).

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
