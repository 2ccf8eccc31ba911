-- Why a digest went to nobody, kept with its period: the mail server refused the address for
-- good (bounced), the address was held back after an earlier bounce (bounce_held), or an agent
-- user had no figures of their own (no_agent); NULL when it went to the mail server, and while
-- a claim is not settled. The runner only logged the reason, so the user's digest page could
-- not say why a period's digest never came. Periods settled before this column read as sent:
-- their reasons were never stored (the log of that time has them).

-- +goose Up
ALTER TABLE digests_sent ADD COLUMN reason TEXT;

-- +goose Down
ALTER TABLE digests_sent DROP COLUMN reason;
