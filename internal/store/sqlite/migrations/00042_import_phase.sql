-- How far a browser import had come when it was last recorded: NULL while it reads and writes,
-- 'committing' once PostgreSQL was sent its COMMIT, 'committed' once the commit succeeded (the
-- engine then catches up on it). A run a killed server left "running" is ended by it when a
-- serve on its host starts (app.EndAbandonedImports): failed before the commit, unknown during
-- it, done after it.

-- +goose Up
ALTER TABLE imports ADD COLUMN phase TEXT;

-- +goose Down
ALTER TABLE imports DROP COLUMN phase;
