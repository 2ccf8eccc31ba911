-- Why mail is held back, kept apart for each reason. A bounce (a mail server refused the
-- address for good) holds the address back from every mail — invitations, digests, alerts —
-- until an admin clears it, and an unsubscribe stops surveys for good: one row per address
-- served both with one reason, so a digest or alert that bounced at an address that had
-- unsubscribed was not held (the row stayed an unsubscribe), and an unsubscribe after a bounce
-- lifted the bounce's hold. bounced_at is the first refusal, NULL when no bounce holds the
-- address; reason stays what holds invitations back (an unsubscribe outranks a bounce) and at
-- its time. The holds of bounces before this migration keep their time.

-- +goose Up
ALTER TABLE unsubscribes ADD COLUMN bounced_at INTEGER;
UPDATE unsubscribes SET bounced_at = at WHERE reason = 'bounced';

-- +goose Down
ALTER TABLE unsubscribes DROP COLUMN bounced_at;
