-- A temporary refusal of an invitation e-mail (a 4xx reply, the mail server unreachable) is
-- tried again later (survey/send.go): attempts counts the tries that failed, retry_at is when the
-- next may be made (Unix seconds, UTC; NULL: at once). An invitation waits in the queue until it
-- is sent, refused for good (bounced) or out of tries (failed).

-- +goose Up
ALTER TABLE invitations ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE invitations ADD COLUMN retry_at INTEGER;

-- +goose Down
ALTER TABLE invitations DROP COLUMN retry_at;
ALTER TABLE invitations DROP COLUMN attempts;
