-- What an alert rule's webhook takes: slack (also Mattermost and the like), teams (an Adaptive
-- Card) or generic JSON, each with the text escaped for its own markup. NULL is slack, what
-- every webhook was before the format could be chosen.

-- +goose Up
ALTER TABLE alert_rules ADD COLUMN webhook_format TEXT;

-- +goose Down
ALTER TABLE alert_rules DROP COLUMN webhook_format;
