-- Wall screens (issue 14 point 7): a team's screen on the wall shows the dashboard at /tv without
-- anyone logged in. Its link carries a secret, stored like a token's as the SHA-256 of its plain
-- text; it opens the wall pages only, and works until an administrator deletes it. pages are
-- the pages it rotates through, comma-separated (overview,service,team,why), in their order.
-- The same table as SQLite's 00019_wall_screens.sql.

-- +goose Up
CREATE TABLE wall_screens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT NOT NULL,
    hash         BYTEA NOT NULL UNIQUE,
    pages        TEXT NOT NULL,
    created_by   BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);

-- +goose Down
DROP TABLE wall_screens;
