-- The import history: one row per file imported (command line or browser), added when the
-- import starts (status running) and updated when it ends (done or failed). Times are Unix
-- seconds, UTC. Like audit_log it stands apart from the records, with no foreign key to users,
-- so erasing records or deleting a user keeps the history. AUTOINCREMENT keeps ids rising, so
-- newest first is id order and a page ends at an id.

-- +goose Up
CREATE TABLE imports (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    started  INTEGER NOT NULL,
    finished INTEGER,          -- NULL while it runs
    user_id  INTEGER,          -- NULL on the command line
    actor    TEXT NOT NULL,    -- e-mail address or cli:<os user>
    file     TEXT NOT NULL,
    source   TEXT NOT NULL,    -- a canonical kind, preset:NAME or map:FILE
    rows_read INTEGER NOT NULL DEFAULT 0,
    written  INTEGER NOT NULL DEFAULT 0,
    refused  INTEGER NOT NULL DEFAULT 0,
    status   TEXT NOT NULL,    -- running, done or failed
    rejects  TEXT,             -- path of the rejects file on the server
    error    TEXT
) STRICT;

-- +goose Down
DROP TABLE imports;
