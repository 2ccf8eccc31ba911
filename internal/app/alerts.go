package app

import (
	"context"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Alert rules, the alerts they raised and how their delivery went, and the follow-ups of
// critical answers (SaveFollowUp, followup.go). The rules of a rule are the alert package's.

// CreateAlertRule stores a new rule and sets its ID.
func (a *App) CreateAlertRule(ctx context.Context, r *cx.AlertRule) error {
	return a.surveys.CreateAlertRule(ctx, r)
}

// ListAlertRules lists every rule.
func (a *App) ListAlertRules(ctx context.Context) ([]cx.AlertRule, error) {
	return a.surveys.ListAlertRules(ctx)
}

// DeleteAlertRule removes a rule with its undelivered alerts.
func (a *App) DeleteAlertRule(ctx context.Context, id int64) error {
	return a.surveys.DeleteAlertRule(ctx, id)
}

// CreateAlert records that an answer matched a rule, once: a second alert for the same rule
// and answer changes nothing (created false).
func (a *App) CreateAlert(ctx context.Context, al *cx.Alert) (created bool, err error) {
	return a.surveys.CreateAlert(ctx, al)
}

// UpdateAlert records how an alert's delivery went.
func (a *App) UpdateAlert(ctx context.Context, al *cx.Alert) error {
	return a.surveys.UpdateAlert(ctx, al)
}

// PendingAlerts are the alerts of rules (nil: of every rule) not delivered, tried fewer than
// maxAttempts times and due at now, oldest first.
func (a *App) PendingAlerts(ctx context.Context, now time.Time, maxAttempts int, rules []int64, limit int) ([]cx.Alert, error) {
	return a.surveys.PendingAlerts(ctx, now, maxAttempts, rules, limit)
}

// ClaimAlert takes an alert for one attempt (counted, held for hold); false when another node
// took it first or holds it.
func (a *App) ClaimAlert(ctx context.Context, al *cx.Alert, now time.Time, hold time.Duration) (bool, error) {
	return a.surveys.ClaimAlert(ctx, al, now, hold)
}

// ListAlerts lists the latest alerts, newest first (limit 0: all).
func (a *App) ListAlerts(ctx context.Context, limit int) ([]cx.Alert, error) {
	return a.surveys.ListAlerts(ctx, limit)
}

// FollowUps reads the follow-ups of the answers named, by answer id.
func (a *App) FollowUps(ctx context.Context, responseIDs []string) (map[string]cx.FollowUp, error) {
	return a.surveys.FollowUps(ctx, responseIDs)
}
