-- A connection's last refused delivery as the words of the pages (a JSON array of
-- [key, values…], as audit_log.words keeps them: cx.AuditPhrase), so the Koppelingen page and
-- klantpuls connection list say it in the reader's language. last_error keeps the English, with
-- the status it was answered. NULL: a failure without words (the store's), and errors counted
-- before this column, shown as their last_error.

-- +goose Up
ALTER TABLE connections ADD COLUMN last_error_words TEXT;

-- +goose Down
ALTER TABLE connections DROP COLUMN last_error_words;
