-- The mention authors that were erased customers (app/erase_records.go, customerData.authors):
-- the keyed hash of each author as names are compared (lower-cased, trimmed) — their name and
-- e-mail address — never the name itself. A mention of theirs written again later (a mentions
-- file imported again, a sync) is stored without its text, author and link, as the erasure
-- left it. The hash is keyed as erasures' are (settings, secret.erasure).

-- +goose Up
CREATE TABLE erased_authors (
    hash      TEXT PRIMARY KEY,
    erased_at INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE erased_authors;
