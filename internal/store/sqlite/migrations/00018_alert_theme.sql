-- The theme a negative-sentiment alert rule is about (issue 13 point 5): the key of a theme of
-- the configuration's taxonomy, such as "delivery", that the answer's comment must mention.
-- NULL is any theme, what every rule was before a theme could be chosen.

-- +goose Up
ALTER TABLE alert_rules ADD COLUMN theme TEXT;

-- +goose Down
ALTER TABLE alert_rules DROP COLUMN theme;
