-- Settings the dashboard changes (targets of tiles, SLA targets per team), as key and value.

-- +goose Up
CREATE TABLE settings (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE settings;
