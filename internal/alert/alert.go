// Package alert closes the loop: answers that match a rule (an NPS detractor, a CSAT at or
// below a threshold) reach the team within a minute by e-mail and/or webhook (JSON with a
// Slack-compatible "text"), and each alert's delivery is recorded.
package alert

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
	"github.com/klantpuls/klantpuls/internal/mail"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Service matches answers with rules and delivers the alerts.
type Service struct {
	Store   store.Surveys
	Mail    mail.Sender // nil: rules with an e-mail address cannot deliver it (recorded as an error)
	Hook    *hook.Hook
	BaseURL string
	Now     func() time.Time
	Log     *slog.Logger

	wake chan struct{}
}

// New returns a service ready to Observe and Run.
func New(s Service) *Service {
	s.wake = make(chan struct{}, 1)
	return &s
}

// Matches tells whether an answer meets a rule's condition.
func Matches(rule *cx.AlertRule, r *cx.Response) bool {
	if !rule.Active {
		return false
	}
	switch rule.Condition {
	case cx.AlertNPSDetractor:
		return r.Survey == cx.SurveyNPS && r.Score <= 6
	case cx.AlertCSATLow:
		return r.Survey == cx.SurveyCSAT && r.Score <= rule.Threshold
	}
	// AlertNegativeSentiment waits for the sentiment model (metrics.md section 4).
	return false
}

// ValidateRule checks a rule an admin made.
func ValidateRule(r *cx.AlertRule) error {
	r.Name = strings.TrimSpace(r.Name)
	switch {
	case r.Name == "":
		return cx.Errorf(cx.EINVALID, "name: give the rule a name")
	case r.Condition != cx.AlertNPSDetractor && r.Condition != cx.AlertCSATLow && r.Condition != cx.AlertNegativeSentiment:
		return cx.Errorf(cx.EINVALID, "condition: %q is not nps_detractor, csat_low or negative_sentiment", r.Condition)
	case r.Condition == cx.AlertCSATLow && r.Threshold < 1:
		return cx.Errorf(cx.EINVALID, "threshold: a CSAT rule needs the highest score that alerts (such as 2)")
	case strings.TrimSpace(r.Email) == "" && strings.TrimSpace(r.Webhook) == "":
		return cx.Errorf(cx.EINVALID, "email: give an e-mail address, a webhook, or both")
	}
	if r.Webhook != "" {
		if err := hook.ValidateURL(r.Webhook); err != nil {
			return cx.Errorf(cx.EINVALID, "webhook: %v", err)
		}
	}
	return nil
}

// Observe is called after records are committed (app.OnCommit): answers that match a rule
// become alerts, once per rule and answer, and the delivery loop is woken.
func (s *Service) Observe(ctx context.Context, recs []cx.Record) {
	var answers []*cx.Response
	for _, rec := range recs {
		if r, ok := rec.(*cx.Response); ok {
			answers = append(answers, r)
		}
	}
	if len(answers) == 0 {
		return
	}
	rules, err := s.Store.ListAlertRules(ctx)
	if err != nil {
		s.Log.Error("alert rules", slog.Any("error", err))
		return
	}
	woke := false
	for i := range rules {
		for _, r := range answers {
			if !Matches(&rules[i], r) {
				continue
			}
			created, err := s.Store.CreateAlert(ctx, &cx.Alert{RuleID: rules[i].ID, ResponseID: r.ID, CreatedAt: s.Now().UTC()})
			if err != nil {
				s.Log.Error("alert", slog.Any("error", err))
				continue
			}
			woke = woke || created
		}
	}
	if woke {
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
}

// maxAttempts is how often an alert is tried before it is left with its error.
const maxAttempts = 5

// Deliver sends the pending alerts.
func (s *Service) Deliver(ctx context.Context, answer func(ctx context.Context, id string) (*cx.Response, error)) (int, error) {
	pending, err := s.Store.PendingAlerts(ctx, maxAttempts, 100)
	if err != nil {
		return 0, err
	}
	rules, err := s.Store.ListAlertRules(ctx)
	if err != nil {
		return 0, err
	}
	byID := map[int64]*cx.AlertRule{}
	for i := range rules {
		byID[rules[i].ID] = &rules[i]
	}
	done := 0
	for i := range pending {
		a := &pending[i]
		rule, ok := byID[a.RuleID]
		if !ok {
			continue // the rule was removed (with its undelivered alerts) meanwhile
		}
		r, err := answer(ctx, a.ResponseID)
		if err == nil {
			err = s.send(ctx, rule, r)
		}
		a.Attempts++
		if err == nil {
			a.DeliveredAt, a.Error = s.Now().UTC(), ""
			done++
		} else {
			a.Error = err.Error()
			s.Log.Warn("alert not delivered", slog.Int64("alert", a.ID), slog.Any("error", err))
		}
		if err := s.Store.UpdateAlert(ctx, a); err != nil {
			return done, err
		}
	}
	return done, nil
}

// send delivers one alert by every way its rule names.
func (s *Service) send(ctx context.Context, rule *cx.AlertRule, r *cx.Response) error {
	text := s.text(rule, r)
	var errs []error
	if rule.Webhook != "" {
		payload := map[string]any{"text": text, "rule": rule.Name, "response": r}
		if err := s.Hook.Post(ctx, rule.Webhook, payload); err != nil {
			errs = append(errs, fmt.Errorf("webhook: %w", err))
		}
	}
	if rule.Email != "" {
		if s.Mail == nil {
			errs = append(errs, errors.New("e-mail: no mail server configured ([mail] in the config)"))
		} else if err := s.Mail.Send(ctx, mail.Message{To: rule.Email, Subject: "klantpuls: " + rule.Name, Text: text}); err != nil {
			errs = append(errs, fmt.Errorf("e-mail: %w", err))
		}
	}
	return errors.Join(errs...)
}

// text says what happened, with a link to handle it.
func (s *Service) text(rule *cx.AlertRule, r *cx.Response) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s %d", rule.Name, strings.ToUpper(r.Survey), r.Score)
	if r.CustomerID != "" {
		fmt.Fprintf(&b, ", klant %s", r.CustomerID)
	}
	if r.TicketID != "" {
		fmt.Fprintf(&b, ", ticket %s", r.TicketID)
	}
	if r.Comment != "" {
		fmt.Fprintf(&b, ": “%s”", r.Comment)
	}
	fmt.Fprintf(&b, "\n%s/followups?response=%s", s.BaseURL, url.QueryEscape(r.ID))
	return b.String()
}

// Run delivers alerts when woken by a new one, and every interval to retry failures.
func (s *Service) Run(ctx context.Context, interval time.Duration, answer func(ctx context.Context, id string) (*cx.Response, error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.Deliver(ctx, answer); err != nil && ctx.Err() == nil {
			s.Log.Error("delivering alerts", slog.Any("error", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-t.C:
		}
	}
}
