-- A webhook connection's token for the tool's API (issue 12, point 1): a tool whose webhooks
-- name a thing only by its id (Trengo) is asked back for the rest with it. Sealed as the secret
-- is (AES-256-GCM, by app, under the key in settings 'secret.connections'); NULL: none, and
-- such deliveries write what they hold themselves.

-- +goose Up
ALTER TABLE connections ADD COLUMN api_token BYTEA;

-- +goose Down
ALTER TABLE connections DROP COLUMN api_token;
