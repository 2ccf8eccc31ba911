-- An e-mail invitation is claimed by the node that sends it (survey/send.go): claimed_at is when
-- (Unix seconds, UTC; NULL: never). Several nodes on one database each run the sender; a claim
-- lets only one send an invitation, and one older than the claim's lapse (a node that died while
-- sending) may be taken again.

-- +goose Up
ALTER TABLE invitations ADD COLUMN claimed_at INTEGER;

-- +goose Down
ALTER TABLE invitations DROP COLUMN claimed_at;
