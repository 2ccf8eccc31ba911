-- Mapping files saved by name from the browser import (docs/mapping.md), to read later files of
-- the same source by, in the browser or with klantpuls import --mapping NAME. The text is the
-- mapping file as the mapping parser accepted it. Like the import history, no foreign key to
-- users: deleting a user keeps what they saved.

-- +goose Up
CREATE TABLE mappings (
    name    TEXT PRIMARY KEY,   -- lower-case letters, digits and -, as a preset's name
    text    TEXT NOT NULL,      -- the mapping file (TOML)
    saved   INTEGER NOT NULL,   -- Unix seconds, UTC
    user_id INTEGER,            -- NULL on the command line
    actor   TEXT NOT NULL       -- e-mail address or cli:<os user>
) STRICT;

-- +goose Down
DROP TABLE mappings;
