-- Why mail is held back, kept apart for each reason. A bounce (a mail server refused the
-- address for good) holds the address back from every mail — invitations, digests, alerts —
-- until an admin clears it, and an unsubscribe stops surveys for good: one row per address
-- served both with one reason, so a digest or alert that bounced at an address that had
-- unsubscribed was not held (the row stayed an unsubscribe), and an unsubscribe after a bounce
-- lifted the bounce's hold. bounced_at is the first refusal, NULL when no bounce holds the
-- address; reason stays what holds invitations back (an unsubscribe outranks a bounce) and at
-- its time. The holds of bounces before this migration keep their time.
--
-- An alert keeps klantpuls's own notes on its delivery apart from what a mail server or
-- webhook answered (error): notes are codes (alert.Note) the alerts page words in its reader's
-- language, where error held English sentences of ours. Those the alerts before this migration
-- hold become their codes: the flood limit's with the numbers serve has always run with (10
-- alerts in 10 minutes), an e-mail held back after a bounce, one refused now (the server's words
-- stay in error), a webhook not tried in a round, no mail server. What is left loses the
-- separators around what was taken out. The releases before put a newline between a webhook's
-- failure and the e-mail's (errors.Join); it becomes '; ', as between the other parts, before
-- the trim, or a webhook's HTTP 500 beside no mail server would leave a newline at the end.

-- +goose Up
ALTER TABLE unsubscribes ADD COLUMN bounced_at BIGINT;
UPDATE unsubscribes SET bounced_at = at WHERE reason = 'bounced';
ALTER TABLE alerts ADD COLUMN notes TEXT;
UPDATE alerts SET notes = 'flood:10:10', error = NULL
WHERE error LIKE 'held back: more than % alerts of this rule in %; counted in one summary message';
UPDATE alerts SET notes = ltrim(coalesce(notes, '') || ' email_held'),
    error = replace(error, 'e-mail: not sent: a mail server refused the address for good before (a bounce); it is held back until an admin clears it', '')
WHERE error LIKE '%e-mail: not sent: a mail server refused the address for good before (a bounce); it is held back until an admin clears it%';
UPDATE alerts SET notes = ltrim(coalesce(notes, '') || ' email_bounced'),
    error = replace(error, '; the address is held back from now on, until an admin clears it', '')
WHERE error LIKE '%; the address is held back from now on, until an admin clears it%';
UPDATE alerts SET notes = ltrim(coalesce(notes, '') || ' webhook_not_tried'),
    error = replace(error, 'webhook: not tried: it failed for an earlier alert in this round', '')
WHERE error LIKE '%webhook: not tried: it failed for an earlier alert in this round%';
UPDATE alerts SET notes = ltrim(coalesce(notes, '') || ' no_mail_server'),
    error = replace(error, 'e-mail: no mail server configured ([mail] in the config)', '')
WHERE error LIKE '%e-mail: no mail server configured ([mail] in the config)%';
UPDATE alerts SET error = nullif(btrim(replace(replace(error, chr(10), '; '), '; ; ', '; '), '; '), '') WHERE notes IS NOT NULL;

-- +goose Down
ALTER TABLE alerts DROP COLUMN notes;
ALTER TABLE unsubscribes DROP COLUMN bounced_at;
