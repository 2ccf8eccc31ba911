-- klantpuls's own surveys: the questions, the invitations sent to customers, addresses that asked
-- for no more, the web sites that embed the widget, alert rules and the alerts they raised, and
-- the team's follow-up of critical answers. Like accounts these are not records: they take no
-- part in the change sequence (meta.seq). Instants are Unix seconds (UTC); NULL is an absent
-- value. E-mail addresses are compared by email_key: trimmed and lower-cased.
--
-- surveys, alert_rules and alerts are AUTOINCREMENT so a deleted row's id is never handed out
-- again: a signed link or an alert that names survey 3 must not reach a newer survey.

-- +goose Up
CREATE TABLE surveys (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    kind              TEXT NOT NULL, -- nps, csat or ces
    name              TEXT NOT NULL,
    question_nl       TEXT NOT NULL,
    question_en       TEXT NOT NULL,
    follow_up_low_nl  TEXT,
    follow_up_low_en  TEXT,
    follow_up_high_nl TEXT,
    follow_up_high_en TEXT,
    active            INTEGER NOT NULL,
    created_at        INTEGER NOT NULL
) STRICT;

-- id is random (it is what signed answer links carry). The table keeps its rowid, so invitations
-- created in the same second are sent in the order they were queued.
CREATE TABLE invitations (
    id          TEXT PRIMARY KEY,
    survey_id   INTEGER NOT NULL,
    customer_id TEXT,
    ticket_id   TEXT,
    email       TEXT,          -- as given, trimmed
    email_key   TEXT,          -- lower-cased and trimmed: throttling and unsubscribes
    channel     TEXT NOT NULL, -- email, web or widget
    lang        TEXT NOT NULL,
    status      TEXT NOT NULL,
    error       TEXT,
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER,
    opened_at   INTEGER,
    answered_at INTEGER
) STRICT;
CREATE INDEX invitations_status ON invitations (status, created_at);  -- the send queue
CREATE INDEX invitations_email ON invitations (email_key, sent_at);   -- throttling
CREATE INDEX invitations_created ON invitations (created_at);         -- counts per period

CREATE TABLE unsubscribes (
    email_key TEXT PRIMARY KEY,
    at        INTEGER NOT NULL -- the first time the address asked
) STRICT, WITHOUT ROWID;

CREATE TABLE sites (
    key        TEXT PRIMARY KEY, -- public: the widget's script tag carries it
    name       TEXT NOT NULL,
    survey_id  INTEGER NOT NULL,
    origins    TEXT NOT NULL,    -- JSON array of origins, "[]" for none
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE alert_rules (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL,
    condition  TEXT NOT NULL,
    threshold  INTEGER NOT NULL,
    email      TEXT,
    webhook    TEXT,
    active     INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

-- One alert per rule and answer, however often the answer is seen again (an import run twice).
CREATE TABLE alerts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    rule_id      INTEGER NOT NULL,
    response_id  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    delivered_at INTEGER,
    attempts     INTEGER NOT NULL,
    error        TEXT,
    UNIQUE (rule_id, response_id)
) STRICT;
CREATE INDEX alerts_pending ON alerts (delivered_at, created_at);

CREATE TABLE followups (
    response_id TEXT PRIMARY KEY,
    owner_id    INTEGER,
    reply       TEXT,
    status      TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE followups;
DROP TABLE alerts;
DROP TABLE alert_rules;
DROP TABLE sites;
DROP TABLE unsubscribes;
DROP TABLE invitations;
DROP TABLE surveys;
