-- Indexes for one customer's history (the customer page and /api/v1/customers/{id}): their
-- orders, tickets and answers, and the reviews of their tickets. The bulk paths (import, the
-- engine's start-up scan) do not use them.

-- +goose Up
CREATE INDEX orders_customer ON orders (customer_id);
CREATE INDEX tickets_customer ON tickets (customer_id);
CREATE INDEX responses_customer ON responses (customer_id);
CREATE INDEX responses_ticket ON responses (ticket_id);
CREATE INDEX reviews_ticket ON reviews (ticket_id);

-- +goose Down
DROP INDEX reviews_ticket;
DROP INDEX responses_ticket;
DROP INDEX responses_customer;
DROP INDEX tickets_customer;
DROP INDEX orders_customer;
