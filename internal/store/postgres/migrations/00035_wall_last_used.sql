-- A wall screen's last use, as a token's (last_used_at): the time a screen last showed it,
-- recorded at most once a minute, so an admin sees on the tokens page which walls are no longer
-- in use and revokes them. NULL until a screen first shows it; walls made before this column
-- read never used until their next use.
-- The same column as SQLite's 00033_wall_last_used.sql.

-- +goose Up
ALTER TABLE wall_screens ADD COLUMN last_used_at BIGINT;

-- +goose Down
ALTER TABLE wall_screens DROP COLUMN last_used_at;
