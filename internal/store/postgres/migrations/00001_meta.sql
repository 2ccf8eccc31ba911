-- The change sequence: every inserted or changed record takes the next number. Writers are
-- serialised (an advisory lock in each write transaction), so numbers are in commit order.

-- +goose Up
CREATE TABLE meta (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL
);
INSERT INTO meta (id, seq) VALUES (1, 0);

-- +goose Down
DROP TABLE meta;
