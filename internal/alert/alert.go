// Package alert closes the loop: answers that match a rule (an NPS detractor, a CSAT at or
// below a threshold, a negative comment, optionally about a theme) reach the team within a minute by e-mail and/or webhook (Slack, Teams or
// generic JSON, the text escaped for each), and each alert's delivery is recorded. A flood of
// matching answers is held to a few alerts per rule and one summary (limit.go).
package alert

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
	"github.com/klantpuls/klantpuls/internal/mail"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/theme"
)

// Rules is where the alert rules are read and the alerts they raise are kept; *app.App is one.
type Rules interface {
	ListAlertRules(ctx context.Context) ([]cx.AlertRule, error)
	// CreateAlert records a match once: a second alert for the same rule and answer changes
	// nothing (created false).
	CreateAlert(ctx context.Context, a *cx.Alert) (created bool, err error)
	UpdateAlert(ctx context.Context, a *cx.Alert) error
	// PendingAlerts are those of rules (nil: of every rule) not delivered, tried fewer than
	// maxAttempts times and due at now (their RetryAt), oldest first.
	PendingAlerts(ctx context.Context, now time.Time, maxAttempts int, rules []int64, limit int) ([]cx.Alert, error)
	// ClaimAlert counts an attempt at a and holds a for it (its RetryAt) for hold, when a is
	// undelivered, tried a.Attempts times and not held by another attempt; false when another
	// node took it first. The hold is judged by the clock leases are (Syncs.ClaimSync), so a
	// node whose clock runs ahead does not take over an attempt under way.
	ClaimAlert(ctx context.Context, a *cx.Alert, now time.Time, hold time.Duration) (bool, error)
	mail.Bounces // an alert is not mailed to an address held back after a bounce
}

// Service matches answers with rules and delivers the alerts.
type Service struct {
	Rules   Rules
	Mail    mail.Sender // nil: rules with an e-mail address cannot deliver it (recorded as an error)
	Hook    *hook.Hook
	BaseURL string
	// Themes is the taxonomy a rule's theme is a key of: the configuration's (config.Config.Themes).
	// Nil: the built-in one.
	Themes *theme.Taxonomy
	Now    func() time.Time
	Log    *slog.Logger
	// MaxPerWindow alerts of one rule go out on their own in any Window; the rest are summed
	// up in one later message (limit.go). Zero: DefaultMaxPerWindow, DefaultWindow.
	MaxPerWindow int
	Window       time.Duration

	// Rules on a KPI's course (kpi*.go). Course nil: they are not judged. Location is the
	// account time zone their weeks and months are in (nil: UTC), Currency the account's for
	// money figures, Holder this process as other nodes see it in the lease ("": no lease, one
	// node).
	Course   Course
	Location *time.Location
	Currency string
	Holder   string

	wake          chan struct{}
	limits        *limits
	unknownThemes *sync.Map // ids of the rules whose unknown theme was logged (theme.go)
}

// New returns a service ready to Observe and Run.
func New(s Service) *Service {
	s.wake = make(chan struct{}, 1)
	s.limits = &limits{rules: map[int64]*ruleLimit{}}
	s.unknownThemes = &sync.Map{}
	return &s
}

// Matches tells whether an answer meets a rule's condition; themes is the taxonomy of the
// rule's theme (nil: the built-in one).
func Matches(rule *cx.AlertRule, r *cx.Response, themes *theme.Taxonomy) bool {
	if !rule.Active {
		return false
	}
	switch rule.Condition {
	case cx.AlertNPSDetractor:
		return r.Survey == cx.SurveyNPS && r.Score <= 6
	case cx.AlertCSATLow:
		if r.Survey != cx.SurveyCSAT {
			return false
		}
		// The threshold is on the install's scale. An answer on a scale of its own (a Zendesk
		// bad, a Freshdesk unhappy) is low when its own scale's rule does not count it positive.
		if code, _, ok := metric.ScaleCode(r.Scale); ok && code != 0 {
			return !metric.ScaleOf(code, metric.CSATScale{}).Positive(r.Score)
		}
		return r.Score <= rule.Threshold
	case cx.AlertNegativeSentiment:
		return negativeText(r) && mentionsTheme(rule, r, themes)
	}
	return false
}

// negativeText tells whether an answer's comment is negative: its score, stored when the
// answer was written, labelled by metric.SentimentLabel (below −0.05), on any survey. An answer
// without a comment has no score and never matches. Mentions raise no alert: the alerts are
// kept per answer, and an answer's alert links to its follow-up, which a mention has not (the
// feedback page lists negative mentions).
func negativeText(r *cx.Response) bool {
	return r.Sentiment != nil && metric.SentimentLabel(*r.Sentiment) == metric.SentimentNegative
}

// answerCondition tells whether a condition is met by single answers (Matches).
func answerCondition(c string) bool {
	return c == cx.AlertNPSDetractor || c == cx.AlertCSATLow || c == cx.AlertNegativeSentiment
}

func isCourse(c string) bool { _, ok := KindOf(c); return ok }

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
	rules, err := s.Rules.ListAlertRules(ctx)
	if err != nil {
		s.Log.Error("alert rules", slog.Any("error", err))
		return
	}
	s.warnUnknownThemes(rules)
	woke := false
	for i := range rules {
		for _, r := range answers {
			if !Matches(&rules[i], r, s.Themes) {
				continue
			}
			created, err := s.Rules.CreateAlert(ctx, &cx.Alert{RuleID: rules[i].ID, ResponseID: r.ID, CreatedAt: s.Now().UTC()})
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

// answerLease names the lease of delivering answer alerts; answerLeaseFor is how long it
// holds without renewal: four of serve's 30-second rounds, so a node that dies hands over
// within about two minutes.
const (
	answerLease    = "lease:alerts.answers"
	answerLeaseFor = 2 * time.Minute
)

// ReleaseDelivery gives up this node's lease of delivering answer alerts when its delivery
// loop stops, so another node takes over at its next round rather than when the lease lapses.
func (s *Service) ReleaseDelivery(ctx context.Context) error { return s.release(ctx, answerLease) }

// message says what happened, with a link to handle it. The customer's comment and the ids
// come from outside; hook.Message keeps them apart so each format can escape them.
func (s *Service) message(rule *cx.AlertRule, r *cx.Response) hook.Message {
	w := words(rule.Lang)
	var details []string
	if r.CustomerID != "" {
		details = append(details, w.customer+" "+r.CustomerID)
	}
	if r.TicketID != "" {
		details = append(details, "ticket "+r.TicketID)
	}
	if rule.Condition == cx.AlertNegativeSentiment && r.Sentiment != nil {
		details = append(details, "sentiment "+strings.Replace(strconv.FormatFloat(*r.Sentiment, 'f', 2, 64), ".", ",", 1))
	}
	fields := map[string]any{"rule": rule.Name, "response": r}
	if rule.Theme != "" {
		details = append(details, w.theme+" "+ThemeLabel(rule, s.Themes, w.lang))
		fields["theme"] = rule.Theme
	}
	return hook.Message{Title: fmt.Sprintf("%s: %s %d", rule.Name, strings.ToUpper(r.Survey), r.Score),
		Details: strings.Join(details, ", "), Quote: r.Comment,
		Link: fmt.Sprintf("%s/followups?response=%s", s.BaseURL, url.QueryEscape(r.ID)), LinkText: w.followUp,
		Fields: fields}
}

// oneLine puts text on one line: a line break in a subject would start a header of the
// writer's choosing.
func oneLine(text string) string {
	return strings.Join(strings.FieldsFunc(text, unicode.IsControl), " ")
}

// Run delivers alerts when woken by a new one, and every interval to retry failures, until ctx
// ends. A round runs under work, which may end later than ctx (serve's grace), so that a
// round under way at a stop is not cut off in the middle of a send; it begins no other alert.
func (s *Service) Run(ctx, work context.Context, interval time.Duration, answer func(ctx context.Context, id string) (*cx.Response, error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	defer s.ReleaseDelivery(context.WithoutCancel(work))
	for ctx.Err() == nil { // a wake or tick ready at the stop begins no round
		if _, err := s.deliver(ctx, work, answer); err != nil && work.Err() == nil {
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
