-- What klantpuls says of how an import ended, as the key of its words (cx.ImportRun.Said), said
-- in the reader's language when shown: a run its killed server left running is ended when the
-- next serve starts, with no one's language to write words in. NULL: the error column says it,
-- in the language of whoever started the import.

-- +goose Up
ALTER TABLE imports ADD COLUMN said TEXT;

-- +goose Down
ALTER TABLE imports DROP COLUMN said;
