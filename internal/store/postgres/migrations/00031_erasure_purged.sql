-- Whether an erasure deleted the customer's records (klantpuls erase --purge) or kept them
-- without their text: a restore of a backup taken before it erases the customer again in the
-- backup, and must do it as it was done (app/backup_erasures.go). 1 once any erasure of the
-- customer purged. Erasures before this column read 0: a restore erases them again keeping
-- their records, without their text.

-- +goose Up
ALTER TABLE erasures ADD COLUMN purged INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE erasures DROP COLUMN purged;
