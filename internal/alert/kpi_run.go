package alert

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
)

// The schedule of the rules on a KPI's course. Every CourseInterval the node holding the lease
// judges every active rule: a week or month rule the last full period, a volume rule the last
// full hour. A period that fires becomes an alert keyed by the rule and the period (alerts'
// UNIQUE (rule_id, response_id)), so neither the next check, nor a restart, nor a second node
// sends it again. A quiet period is judged again at each check until the next one ends, so
// answers and tickets imported late still count. With several nodes on one PostgreSQL, the
// lease (ClaimSync, as the help-desk sync uses) lets one of them judge and send; when it
// stops it gives the lease up and another takes over at its next check, and when it dies,
// once the lease lapses.

// CourseInterval is how often the rules on a KPI's course are judged.
const CourseInterval = 10 * time.Minute

// courseLease names the lease of the KPI rules; it lapses after three missed checks.
const courseLease = "lease:alerts.kpi"

// Judge judges every active rule on a KPI's course now, records the periods that fire, and
// delivers the KPI alerts not yet delivered. It does nothing when another node holds the lease.
func (s *Service) Judge(ctx context.Context) (fired, delivered int, err error) {
	return s.judgeAll(ctx, ctx)
}

// judgeAll is Judge working under ctx that begins no other alert once stop ends (deliver).
func (s *Service) judgeAll(stop, ctx context.Context) (fired, delivered int, err error) {
	if s.Course == nil {
		return 0, 0, nil
	}
	now := s.Now().UTC()
	if s.Holder != "" {
		held, err := s.Course.ClaimSync(ctx, courseLease, s.Holder, now, 3*CourseInterval)
		if err != nil || !held {
			return 0, 0, err
		}
	}
	rules, err := s.Rules.ListAlertRules(ctx)
	if err != nil {
		return 0, 0, err
	}
	for i := range rules {
		rule := &rules[i]
		if !rule.Active || !isCourse(rule.Condition) {
			continue
		}
		v, err := s.judge(ctx, rule, now)
		if err != nil {
			s.Log.Warn("alert rule not judged", slog.Int64("rule", rule.ID), slog.Any("error", err))
			continue
		}
		if !v.Fire {
			continue
		}
		text, err := json.Marshal(v.Message)
		if err != nil {
			return fired, 0, fmt.Errorf("alert rule %d: %w", rule.ID, err)
		}
		created, err := s.Rules.CreateAlert(ctx, &cx.Alert{RuleID: rule.ID, ResponseID: v.Subject, Message: string(text), CreatedAt: now})
		if err != nil {
			return fired, 0, err
		}
		if created {
			fired++
		}
	}
	delivered, err = s.deliverCourse(stop, ctx, rules)
	return fired, delivered, err
}

// deliverCourse sends the KPI alerts due with the message they were recorded with, by the ways
// they have not gone out by yet (deliver.go), and records how that went; a failure is tried
// again at a later check.
func (s *Service) deliverCourse(stop, ctx context.Context, rules []cx.AlertRule) (int, error) {
	_, done, err := s.deliverQueue(stop, ctx, rules, true, func(_ *cx.AlertRule, a *cx.Alert) (hook.Message, error) {
		var m hook.Message
		return m, json.Unmarshal([]byte(a.Message), &m)
	})
	return done, err
}

// Release gives up this node's lease of the KPI rules, so another node need not wait for it to
// lapse; it is taken again at the next check.
func (s *Service) Release(ctx context.Context) error { return s.release(ctx, courseLease) }

// release gives up one of this node's leases (none without a holder).
func (s *Service) release(ctx context.Context, lease string) error {
	if s.Course == nil || s.Holder == "" {
		return nil
	}
	return s.Course.ReleaseSync(ctx, lease, s.Holder)
}

// RunCourse judges the rules on a KPI's course every interval until ctx ends, and then
// releases the lease (on a context of its own: ctx is over). A round runs under work, as
// Run's.
func (s *Service) RunCourse(ctx, work context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	defer s.Release(context.WithoutCancel(work))
	for ctx.Err() == nil { // a tick ready at the stop begins no round
		if _, _, err := s.judgeAll(ctx, work); err != nil && work.Err() == nil {
			s.Log.Error("judging the KPI alert rules", slog.Any("error", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// MessageLink is the dashboard link a KPI alert was sent with; "" for an answer's alert or a
// message that cannot be read.
func MessageLink(a *cx.Alert) string {
	var m hook.Message
	if a.Message == "" || json.Unmarshal([]byte(a.Message), &m) != nil {
		return ""
	}
	return m.Link
}
