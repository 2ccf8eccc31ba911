-- Settings the dashboard changes (targets of tiles, SLA targets per team), as key and value,
-- and an index for the feedback stream (answers with a comment, newest first).

-- +goose Up
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
CREATE INDEX responses_submitted ON responses (submitted_at);
CREATE INDEX mentions_at ON mentions (at);

-- +goose Down
DROP INDEX mentions_at;
DROP INDEX responses_submitted;
DROP TABLE settings;
