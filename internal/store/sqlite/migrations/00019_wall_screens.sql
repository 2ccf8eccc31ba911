-- Wall screens (issue 14 point 7): a team's screen on the wall shows the dashboard at /tv without
-- anyone logged in. Its link carries a secret, stored like a token's as the SHA-256 of its plain
-- text; it opens the wall pages only, and works until an administrator deletes it. pages are
-- the pages it rotates through, comma-separated (overview,service,team,why), in their order.

-- +goose Up
CREATE TABLE wall_screens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    hash         BLOB NOT NULL UNIQUE,
    pages        TEXT NOT NULL,
    created_by   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE wall_screens;
