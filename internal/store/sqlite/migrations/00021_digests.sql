-- Digests (issue 15 point 1): each user's schedule (frequency none/daily/weekly/monthly, the
-- weekday of a weekly one, the local hour and minute, the language), and the digests sent, one
-- row per user and period ("week:2026-11-23"): the primary key is what makes a digest go out
-- once per period, across restarts and nodes. A row is claimed before sending and removed again
-- when sending fails, so the next check tries again.

-- +goose Up
CREATE TABLE digest_schedules (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    frequency  TEXT NOT NULL,
    weekday    INTEGER NOT NULL,
    hour       INTEGER NOT NULL,
    minute     INTEGER NOT NULL,
    lang       TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE digests_sent (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    period  TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, period)
) STRICT;

-- +goose Down
DROP TABLE digests_sent;
DROP TABLE digest_schedules;
