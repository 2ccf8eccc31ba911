-- Why a digest went to nobody, kept with its period: the mail server refused the address for
-- good (bounced), the address was held back after an earlier bounce (bounce_held), the mail
-- server refused the message for good, not the address (refused), or an agent user had no
-- figures of their own (no_agent); NULL when it went to the mail server, and while
-- a claim is not settled. The runner only logged the reason, so the user's digest page could
-- not say why a period's digest never came. Periods settled before this column get 'unknown'
-- (cx.DigestUnknown): they went or went to nobody, and only the log of that time says which;
-- NULL would show them as sent. A claim not yet settled stays NULL until its send settles it.

-- +goose Up
ALTER TABLE digests_sent ADD COLUMN reason TEXT;
UPDATE digests_sent SET reason = 'unknown' WHERE claimed_at IS NULL;

-- +goose Down
ALTER TABLE digests_sent DROP COLUMN reason;
