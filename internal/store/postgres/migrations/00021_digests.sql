-- Digests (issue 15 point 1): each user's schedule (frequency none/daily/weekly/monthly, the
-- weekday of a weekly one, the local hour and minute, the language), and the digests sent, one
-- row per user and period ("week:2026-11-23"): the primary key is what makes a digest go out
-- once per period, across restarts and nodes. A row is claimed before sending and removed again
-- when sending fails, so the next check tries again.

-- +goose Up
CREATE TABLE digest_schedules (
    user_id    BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    frequency  TEXT NOT NULL,
    weekday    BIGINT NOT NULL,
    hour       BIGINT NOT NULL,
    minute     BIGINT NOT NULL,
    lang       TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE digests_sent (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    period  TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, period)
);

-- +goose Down
DROP TABLE digests_sent;
DROP TABLE digest_schedules;
