-- How many stored records an import deleted (an order a shop's export now shows cancelled, a
-- ticket Zendesk merged into another: a mapping's delete rule), shown in the import history
-- beside the written, replaced and refused counts. Runs before this column read 0.

-- +goose Up
ALTER TABLE imports ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE imports DROP COLUMN deleted;
