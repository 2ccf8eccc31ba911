-- The serve process that runs an import started in the browser (host:pid, app.Holder; NULL on
-- the command line, whose runs are added when they have ended). A run left "running" by a
-- process that is gone — killed, or its machine stopped — is ended as failed when a serve on its
-- host starts (app.EndAbandonedImports).

-- +goose Up
ALTER TABLE imports ADD COLUMN node TEXT;

-- +goose Down
ALTER TABLE imports DROP COLUMN node;
