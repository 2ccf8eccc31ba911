-- Refunds and currencies of orders, and the answer scale of a response (issue 12, point 5).
-- An order's amount stays in the account's currency; currency is the one it came in and
-- original_amount the amount as it came, when it was converted. A refund is an order row with
-- a negative amount; refund_of names the order it reduces. A response's scale is empty for
-- every answer stored before: those count on the install's CSAT scale, as they did.

-- +goose Up
ALTER TABLE orders ADD COLUMN refund_of TEXT;
ALTER TABLE orders ADD COLUMN currency TEXT;
ALTER TABLE orders ADD COLUMN original_amount REAL;
ALTER TABLE responses ADD COLUMN scale TEXT;

-- +goose Down
ALTER TABLE responses DROP COLUMN scale;
ALTER TABLE orders DROP COLUMN original_amount;
ALTER TABLE orders DROP COLUMN currency;
ALTER TABLE orders DROP COLUMN refund_of;
