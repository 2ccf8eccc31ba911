-- The detail of an audit entry as phrases of the pages' words (a JSON array of [key, values…]),
-- so each reader sees it in their language (cx.AuditPhrase). NULL in entries written before,
-- whose detail column keeps their free text, shown as it is.

-- +goose Up
ALTER TABLE audit_log ADD COLUMN words TEXT;

-- +goose Down
ALTER TABLE audit_log DROP COLUMN words;
