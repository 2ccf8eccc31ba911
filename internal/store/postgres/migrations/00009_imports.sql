-- The import history: one row per file imported (command line or browser), added when the
-- import starts (status running) and updated when it ends (done or failed). Times are Unix
-- seconds, UTC. Like audit_log it stands apart from the records, with no foreign key to users,
-- so erasing records or deleting a user keeps the history. The same table as SQLite's
-- 00009_imports.sql; the identity hands out rising ids, so newest first is id order.

-- +goose Up
CREATE TABLE imports (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started  BIGINT NOT NULL,
    finished BIGINT,           -- NULL while it runs
    user_id  BIGINT,           -- NULL on the command line
    actor    TEXT NOT NULL,    -- e-mail address or cli:<os user>
    file     TEXT NOT NULL,
    source   TEXT NOT NULL,    -- a canonical kind, preset:NAME or map:FILE
    rows_read BIGINT NOT NULL DEFAULT 0,
    written  BIGINT NOT NULL DEFAULT 0,
    refused  BIGINT NOT NULL DEFAULT 0,
    status   TEXT NOT NULL,    -- running, done or failed
    rejects  TEXT,             -- path of the rejects file on the server
    error    TEXT
);

-- +goose Down
DROP TABLE imports;
