-- One table per record kind, keyed by the record's key: the same columns as SQLite's
-- 00001_records.sql, so both stores hold the same data the same way. Instants are Unix seconds
-- (UTC); NULL is an absent value; complaint is a BOOLEAN where SQLite has 0/1.
--
-- seq is the store-wide change sequence (meta.seq is the highest number handed out): every
-- inserted or changed row takes a higher number than any before it. ord is the seq a row took
-- when it was first inserted and never changes afterwards, so ORDER BY ord is first-insertion
-- order however often a row is updated. It comes from the same locked counter as seq rather than
-- from an identity sequence: the numbers are then in commit order across every node, and a
-- distributed PostgreSQL (Citus) needs no shared sequence for them.
--
-- Keys and the ids other records refer to compare byte by byte (COLLATE "C"): an id is no word,
-- and a byte comparison is cheaper than the database's locale for every index probe.

-- +goose Up
CREATE TABLE customers (
    id          TEXT COLLATE "C" PRIMARY KEY,
    acquired_at BIGINT NOT NULL,
    name        TEXT,
    email       TEXT,
    segment     TEXT,
    churned_at  BIGINT,
    referred_by TEXT COLLATE "C",
    attrs       TEXT,
    seq         BIGINT NOT NULL,
    ord         BIGINT NOT NULL
);

CREATE TABLE orders (
    id           TEXT COLLATE "C" PRIMARY KEY,
    customer_id  TEXT COLLATE "C" NOT NULL,
    ordered_at   BIGINT NOT NULL,
    amount       DOUBLE PRECISION NOT NULL,
    gross_margin DOUBLE PRECISION,
    attrs        TEXT,
    seq          BIGINT NOT NULL,
    ord          BIGINT NOT NULL
);

CREATE TABLE tickets (
    id              TEXT COLLATE "C" PRIMARY KEY,
    created_at      BIGINT NOT NULL,
    customer_id     TEXT COLLATE "C",
    channel         TEXT,
    team            TEXT,
    agent           TEXT,
    category        TEXT,
    complaint       BOOLEAN NOT NULL,
    direction       TEXT,
    first_reply_at  BIGINT,
    first_solved_at BIGINT,
    solved_at       BIGINT,
    reopens         BIGINT,
    agent_replies   BIGINT,
    wait_seconds    DOUBLE PRECISION,
    handle_seconds  DOUBLE PRECISION,
    transfers       BIGINT,
    attrs           TEXT,
    seq             BIGINT NOT NULL,
    ord             BIGINT NOT NULL
);

CREATE TABLE messages (
    id        TEXT COLLATE "C" PRIMARY KEY,
    ticket_id TEXT COLLATE "C" NOT NULL,
    at        BIGINT NOT NULL,
    author    TEXT NOT NULL,
    agent     TEXT,
    attrs     TEXT,
    seq       BIGINT NOT NULL,
    ord       BIGINT NOT NULL
);

CREATE TABLE responses (
    id           TEXT COLLATE "C" PRIMARY KEY,
    survey       TEXT NOT NULL,
    score        BIGINT NOT NULL,
    submitted_at BIGINT NOT NULL,
    customer_id  TEXT COLLATE "C",
    ticket_id    TEXT COLLATE "C",
    channel      TEXT,
    team         TEXT,
    agent        TEXT,
    comment      TEXT,
    language     TEXT,
    replied_at   BIGINT,
    attrs        TEXT,
    seq          BIGINT NOT NULL,
    ord          BIGINT NOT NULL
);

CREATE TABLE mentions (
    id         TEXT COLLATE "C" PRIMARY KEY,
    source     TEXT NOT NULL,
    at         BIGINT NOT NULL,
    text       TEXT NOT NULL,
    author     TEXT,
    url        TEXT,
    replied_at BIGINT,
    attrs      TEXT,
    seq        BIGINT NOT NULL,
    ord        BIGINT NOT NULL
);

-- id is cx.ReviewKey(review_id, criterion): one rating per criterion per review.
CREATE TABLE reviews (
    id          TEXT COLLATE "C" PRIMARY KEY,
    review_id   TEXT NOT NULL,
    criterion   TEXT NOT NULL,
    reviewed_at BIGINT NOT NULL,
    agent       TEXT NOT NULL,
    ticket_id   TEXT COLLATE "C",
    reviewer    TEXT,
    rating      BIGINT,
    attrs       TEXT,
    seq         BIGINT NOT NULL,
    ord         BIGINT NOT NULL
);

CREATE TABLE events (
    id          TEXT COLLATE "C" PRIMARY KEY,
    customer_id TEXT COLLATE "C" NOT NULL,
    kind        TEXT NOT NULL,
    at          BIGINT NOT NULL,
    attrs       TEXT,
    seq         BIGINT NOT NULL,
    ord         BIGINT NOT NULL
);

-- Stream reads by ord. Following changes (store.Changes: seq above a number) reads a row that
-- was never updated by its ord, which equals its seq, and an updated one by the index of updated
-- rows: an import of new rows then maintains one index for both, not two, and runs 12% faster.
CREATE INDEX customers_ord ON customers (ord);
CREATE INDEX orders_ord ON orders (ord);
CREATE INDEX tickets_ord ON tickets (ord);
CREATE INDEX messages_ord ON messages (ord);
CREATE INDEX responses_ord ON responses (ord);
CREATE INDEX mentions_ord ON mentions (ord);
CREATE INDEX reviews_ord ON reviews (ord);
CREATE INDEX events_ord ON events (ord);

CREATE INDEX customers_updated ON customers (seq) WHERE seq <> ord;
CREATE INDEX orders_updated ON orders (seq) WHERE seq <> ord;
CREATE INDEX tickets_updated ON tickets (seq) WHERE seq <> ord;
CREATE INDEX messages_updated ON messages (seq) WHERE seq <> ord;
CREATE INDEX responses_updated ON responses (seq) WHERE seq <> ord;
CREATE INDEX mentions_updated ON mentions (seq) WHERE seq <> ord;
CREATE INDEX reviews_updated ON reviews (seq) WHERE seq <> ord;
CREATE INDEX events_updated ON events (seq) WHERE seq <> ord;

-- One customer's history (the customer page and /api/v1/customers/{id}): their orders, tickets
-- and answers, and the reviews of their tickets.
CREATE INDEX orders_customer ON orders (customer_id);
CREATE INDEX tickets_customer ON tickets (customer_id);
CREATE INDEX responses_customer ON responses (customer_id);
CREATE INDEX responses_ticket ON responses (ticket_id);
CREATE INDEX reviews_ticket ON reviews (ticket_id);

-- The feedback stream: answers and mentions, newest first.
CREATE INDEX responses_submitted ON responses (submitted_at);
CREATE INDEX mentions_at ON mentions (at);

-- +goose Down
DROP TABLE events;
DROP TABLE reviews;
DROP TABLE mentions;
DROP TABLE responses;
DROP TABLE messages;
DROP TABLE tickets;
DROP TABLE orders;
DROP TABLE customers;
