-- Alert rules on a KPI's course (issue 15 point 3): a rule names a metric by its registry key,
-- optionally a team, the period it judges (week or month), the figure it watches when not the
-- headline (a duration's median or p90), how many periods below target it
-- takes, how far above the usual and from how many tickets a volume spike counts, and the
-- language of its messages. Answer rules leave them NULL or 0. A KPI alert keeps its message
-- (the figures as they were when it fired, JSON) so a retry sends the same text; its
-- response_id is the period judged, so (rule_id, response_id) fires it once per period.

-- +goose Up
ALTER TABLE alert_rules ADD COLUMN metric TEXT;
ALTER TABLE alert_rules ADD COLUMN team TEXT;
ALTER TABLE alert_rules ADD COLUMN period TEXT;
ALTER TABLE alert_rules ADD COLUMN figure TEXT;
ALTER TABLE alert_rules ADD COLUMN periods INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alert_rules ADD COLUMN percent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alert_rules ADD COLUMN min_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alert_rules ADD COLUMN lang TEXT;
ALTER TABLE alerts ADD COLUMN message TEXT;

-- +goose Down
ALTER TABLE alerts DROP COLUMN message;
ALTER TABLE alert_rules DROP COLUMN lang;
ALTER TABLE alert_rules DROP COLUMN min_count;
ALTER TABLE alert_rules DROP COLUMN percent;
ALTER TABLE alert_rules DROP COLUMN periods;
ALTER TABLE alert_rules DROP COLUMN figure;
ALTER TABLE alert_rules DROP COLUMN period;
ALTER TABLE alert_rules DROP COLUMN team;
ALTER TABLE alert_rules DROP COLUMN metric;
