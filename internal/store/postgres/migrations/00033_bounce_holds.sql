-- Why an address is not mailed: it unsubscribed, or a mail server refused it for good (a
-- bounce, held until an admin clears it). Both are kept in unsubscribes, by the address's key
-- (cx.AddressKey), so an erasure keeps either as its keyed hash; an unsubscribe is never
-- cleared, and one made after a bounce turns the row into an unsubscribe. The bounces of
-- invitations before this migration hold their addresses too, from the first one's time.

-- +goose Up
ALTER TABLE unsubscribes ADD COLUMN reason TEXT NOT NULL DEFAULT 'unsubscribed';
INSERT INTO unsubscribes (email_key, at, reason)
SELECT email_key, min(created_at), 'bounced' FROM invitations
WHERE status = 'bounced' AND email_key IS NOT NULL GROUP BY email_key
ON CONFLICT (email_key) DO NOTHING;

-- +goose Down
DELETE FROM unsubscribes WHERE reason = 'bounced';
ALTER TABLE unsubscribes DROP COLUMN reason;
