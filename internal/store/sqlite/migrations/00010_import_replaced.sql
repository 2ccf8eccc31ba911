-- Of the records an import wrote, those that replaced one already stored with the same key
-- (store.Result.Replaced). Runs recorded before it was counted show 0.

-- +goose Up
ALTER TABLE imports ADD COLUMN replaced INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE imports DROP COLUMN replaced;
