-- klantpuls's own surveys: the questions, the invitations sent to customers, addresses that asked
-- for no more, the web sites that embed the widget, alert rules and the alerts they raised, and
-- the team's follow-up of critical answers. Like accounts these are not records: they take no
-- part in the change sequence (meta.seq). Instants are Unix seconds (UTC); NULL is an absent
-- value. E-mail addresses are compared by email_key: trimmed and lower-cased. Keys and the ids of
-- records compare byte by byte (COLLATE "C"), as in 00002_records.sql. The same tables as
-- SQLite's 00005_surveys.sql, but for active (BOOLEAN here, 0/1 there), sites.origins (an array
-- here, JSON text there) and the queued columns that stand in for SQLite's rowid.
--
-- surveys, alert_rules and alerts take their ids from an identity sequence, which never hands out
-- a deleted row's id again: a signed link or an alert that names survey 3 must not reach a newer
-- survey.

-- +goose Up
CREATE TABLE surveys (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind              TEXT NOT NULL, -- nps, csat or ces
    name              TEXT NOT NULL,
    question_nl       TEXT NOT NULL,
    question_en       TEXT NOT NULL,
    follow_up_low_nl  TEXT,
    follow_up_low_en  TEXT,
    follow_up_high_nl TEXT,
    follow_up_high_en TEXT,
    active            BOOLEAN NOT NULL,
    created_at        BIGINT NOT NULL
);

-- id is random (it is what signed answer links carry). queued numbers the rows in insertion
-- order, so invitations created in the same second are sent in the order they were queued.
CREATE TABLE invitations (
    id          TEXT COLLATE "C" PRIMARY KEY,
    queued      BIGINT GENERATED ALWAYS AS IDENTITY,
    survey_id   BIGINT NOT NULL,
    customer_id TEXT COLLATE "C",
    ticket_id   TEXT COLLATE "C",
    email       TEXT,              -- as given, trimmed
    email_key   TEXT COLLATE "C",  -- lower-cased and trimmed: throttling and unsubscribes
    channel     TEXT NOT NULL,     -- email, web or widget
    lang        TEXT NOT NULL,
    status      TEXT NOT NULL,
    error       TEXT,
    created_at  BIGINT NOT NULL,
    sent_at     BIGINT,
    opened_at   BIGINT,
    answered_at BIGINT
);
CREATE INDEX invitations_status ON invitations (status, created_at, queued); -- the send queue
CREATE INDEX invitations_email ON invitations (email_key, sent_at);          -- throttling
CREATE INDEX invitations_created ON invitations (created_at);                -- counts per period

CREATE TABLE unsubscribes (
    email_key TEXT COLLATE "C" PRIMARY KEY,
    at        BIGINT NOT NULL -- the first time the address asked
);

-- queued numbers the rows in insertion order, to list sites created in the same second.
CREATE TABLE sites (
    key        TEXT COLLATE "C" PRIMARY KEY, -- public: the widget's script tag carries it
    queued     BIGINT GENERATED ALWAYS AS IDENTITY,
    name       TEXT NOT NULL,
    survey_id  BIGINT NOT NULL,
    origins    TEXT[] NOT NULL,  -- '{}' for none
    created_at BIGINT NOT NULL
);

CREATE TABLE alert_rules (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT NOT NULL,
    condition  TEXT NOT NULL,
    threshold  INTEGER NOT NULL,
    email      TEXT,
    webhook    TEXT,
    active     BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL
);

-- One alert per rule and answer, however often the answer is seen again (an import run twice).
CREATE TABLE alerts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule_id      BIGINT NOT NULL,
    response_id  TEXT COLLATE "C" NOT NULL,
    created_at   BIGINT NOT NULL,
    delivered_at BIGINT,
    attempts     INTEGER NOT NULL,
    error        TEXT,
    UNIQUE (rule_id, response_id)
);
-- The delivery queue: only alerts not yet delivered, oldest first.
CREATE INDEX alerts_pending ON alerts (created_at, id) WHERE delivered_at IS NULL;

CREATE TABLE followups (
    response_id TEXT COLLATE "C" PRIMARY KEY,
    owner_id    BIGINT,
    reply       TEXT,
    status      TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- +goose Down
DROP TABLE followups;
DROP TABLE alerts;
DROP TABLE alert_rules;
DROP TABLE sites;
DROP TABLE unsubscribes;
DROP TABLE invitations;
DROP TABLE surveys;
