-- The audit log: who signed in (or tried), changed users, tokens, surveys, sites, alert rules and
-- targets, imported, restored or deleted; when (Unix seconds, UTC) and from where.
--
-- It is kept apart from everything else ON PURPOSE: erasing or replacing records (a customer's
-- right to erasure included) must never touch this table, and it has no foreign key to users or
-- tokens, so deleting one keeps the lines that name them. Lines are only ever added. The same
-- table as SQLite's 00006_audit.sql; the identity hands out rising ids, so newest first is id
-- order and a page ends at an id.

-- +goose Up
CREATE TABLE audit_log (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        BIGINT NOT NULL,
    user_id   BIGINT,
    actor     TEXT NOT NULL,               -- e-mail address (the one tried, for a failed sign-in) or cli:<os user>
    actor_key TEXT COLLATE "C" NOT NULL,   -- actor trimmed and lower-cased, for the filter
    token_id  BIGINT,
    origin    TEXT NOT NULL,               -- client address or "cli on <host>"
    action    TEXT NOT NULL,
    subject   TEXT,
    detail    TEXT
);

CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_actor ON audit_log (actor_key, id);

-- +goose Down
DROP TABLE audit_log;
