-- One table per record kind, keyed by the record's key. Tables keep their rowid so a full scan
-- returns rows in first-insertion order, which an upsert preserves. Instants are Unix seconds
-- (UTC); NULL is an absent value. seq is the store-wide change sequence: every inserted or
-- changed row takes a higher number than any before it. The numbers are not dense: a row Put but
-- found unchanged uses one up too. meta.seq is the highest number handed out, so Begin need not
-- scan for max(seq), which has no index.

-- +goose Up
CREATE TABLE meta (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
) STRICT;
INSERT INTO meta (id, seq) VALUES (1, 0);

CREATE TABLE customers (
    id          TEXT PRIMARY KEY,
    acquired_at INTEGER NOT NULL,
    name        TEXT,
    email       TEXT,
    segment     TEXT,
    churned_at  INTEGER,
    referred_by TEXT,
    attrs       TEXT,
    seq         INTEGER NOT NULL
) STRICT;

CREATE TABLE orders (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL,
    ordered_at   INTEGER NOT NULL,
    amount       REAL NOT NULL,
    gross_margin REAL,
    attrs        TEXT,
    seq          INTEGER NOT NULL
) STRICT;

CREATE TABLE tickets (
    id              TEXT PRIMARY KEY,
    created_at      INTEGER NOT NULL,
    customer_id     TEXT,
    channel         TEXT,
    team            TEXT,
    agent           TEXT,
    category        TEXT,
    complaint       INTEGER NOT NULL,
    direction       TEXT,
    first_reply_at  INTEGER,
    first_solved_at INTEGER,
    solved_at       INTEGER,
    reopens         INTEGER,
    agent_replies   INTEGER,
    wait_seconds    REAL,
    handle_seconds  REAL,
    transfers       INTEGER,
    attrs           TEXT,
    seq             INTEGER NOT NULL
) STRICT;

CREATE TABLE messages (
    id        TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL,
    at        INTEGER NOT NULL,
    author    TEXT NOT NULL,
    agent     TEXT,
    attrs     TEXT,
    seq       INTEGER NOT NULL
) STRICT;

CREATE TABLE responses (
    id           TEXT PRIMARY KEY,
    survey       TEXT NOT NULL,
    score        INTEGER NOT NULL,
    submitted_at INTEGER NOT NULL,
    customer_id  TEXT,
    ticket_id    TEXT,
    channel      TEXT,
    team         TEXT,
    agent        TEXT,
    comment      TEXT,
    language     TEXT,
    replied_at   INTEGER,
    attrs        TEXT,
    seq          INTEGER NOT NULL
) STRICT;

CREATE TABLE mentions (
    id         TEXT PRIMARY KEY,
    source     TEXT NOT NULL,
    at         INTEGER NOT NULL,
    text       TEXT NOT NULL,
    author     TEXT,
    url        TEXT,
    replied_at INTEGER,
    attrs      TEXT,
    seq        INTEGER NOT NULL
) STRICT;

-- id is cx.ReviewKey(review_id, criterion): one rating per criterion per review.
CREATE TABLE reviews (
    id          TEXT PRIMARY KEY,
    review_id   TEXT NOT NULL,
    criterion   TEXT NOT NULL,
    reviewed_at INTEGER NOT NULL,
    agent       TEXT NOT NULL,
    ticket_id   TEXT,
    reviewer    TEXT,
    rating      INTEGER,
    attrs       TEXT,
    seq         INTEGER NOT NULL
) STRICT;

CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    kind        TEXT NOT NULL,
    at          INTEGER NOT NULL,
    attrs       TEXT,
    seq         INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE events;
DROP TABLE reviews;
DROP TABLE mentions;
DROP TABLE responses;
DROP TABLE messages;
DROP TABLE tickets;
DROP TABLE orders;
DROP TABLE customers;
DROP TABLE meta;
