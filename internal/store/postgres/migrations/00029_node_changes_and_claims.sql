-- Nodes that follow the changes, and claims of a node that died.
--
-- An erasure takes a number in the change sequence (erasures.seq, the first of its commit), so
-- that every process following the changes forgets the erased id in its engine too, also of a
-- customer known only by an id on tickets and answers (app/follow.go): the keyed hash says which
-- id, never the id. Erasures made before keep 0, which no follower reads again.
--
-- A digest claimed for sending (claimed_at, set until it went) whose node died before it went is
-- taken over once the claim lapses (digest.claimLapse); NULL is a digest sent, as every row
-- before this migration is.

-- +goose Up
ALTER TABLE erasures ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX erasures_seq ON erasures (seq);
ALTER TABLE digests_sent ADD COLUMN claimed_at BIGINT;

-- +goose Down
ALTER TABLE digests_sent DROP COLUMN claimed_at;
DROP INDEX erasures_seq;
ALTER TABLE erasures DROP COLUMN seq;
