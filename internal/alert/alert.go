// Package alert closes the loop: answers that match a rule (an NPS detractor, a CSAT at or
// below a threshold, a negative comment, optionally about a theme) reach the team within a minute by e-mail and/or webhook (Slack, Teams or
// generic JSON, the text escaped for each), and each alert's delivery is recorded. A flood of
// matching answers is held to a few alerts per rule and one summary (limit.go).
package alert

import (
	"context"
	"errors"
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
	// PendingAlerts are those of rules (nil: of every rule) not delivered and tried fewer than
	// maxAttempts times, oldest first.
	PendingAlerts(ctx context.Context, maxAttempts int, rules []int64, limit int) ([]cx.Alert, error)
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

// ValidateRule checks a rule an admin made; themes is the taxonomy its theme must be a key of
// (nil: the built-in one). The parameters of a rule on a KPI's course are checked in the rule's
// language (ValidateRuleIn for the admin's).
func ValidateRule(r *cx.AlertRule, themes *theme.Taxonomy) error {
	return ValidateRuleIn(r, themes, "")
}

// ValidateRuleIn is ValidateRule with the errors about a KPI rule's parameters in lang, the
// language of the admin who made it ("": the rule's).
func ValidateRuleIn(r *cx.AlertRule, themes *theme.Taxonomy, lang string) error {
	r.Name = strings.TrimSpace(r.Name)
	switch {
	case r.Name == "":
		return cx.Errorf(cx.EINVALID, "name: give the rule a name")
	case !answerCondition(r.Condition) && !isCourse(r.Condition):
		return cx.Errorf(cx.EINVALID, "condition: %q is not nps_detractor, csat_low, negative_sentiment, significant_fall, below_target, control_limit or volume_spike", r.Condition)
	case r.Condition == cx.AlertCSATLow && r.Threshold < 1:
		return cx.Errorf(cx.EINVALID, "threshold: a CSAT rule needs the highest score that alerts (such as 2)")
	case strings.ContainsFunc(r.Name, unicode.IsControl):
		return cx.Errorf(cx.EINVALID, "name: one line of text, without control characters")
	case strings.TrimSpace(r.Email) == "" && strings.TrimSpace(r.Webhook) == "":
		return cx.Errorf(cx.EINVALID, "email: give an e-mail address, a webhook, or both")
	}
	if err := validateTheme(r, themes); err != nil {
		return err
	}
	if k, ok := KindOf(r.Condition); ok {
		if err := validateCourse(r, k, lang); err != nil {
			return err
		}
	} else {
		// A rule on answers has none of a KPI rule's parameters (a form without its script
		// sends them along).
		r.Metric, r.Team, r.Period, r.Periods, r.Percent, r.MinCount, r.Lang, r.Figure = "", "", "", 0, 0, 0, "", ""
	}
	format, err := hook.ValidateFormat(r.WebhookFormat)
	if err != nil {
		return err
	}
	r.WebhookFormat = format
	if r.Webhook != "" {
		if err := hook.ValidateURL(r.Webhook); err != nil {
			return cx.Errorf(cx.EINVALID, "webhook: %v", err)
		}
	}
	return nil
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

// maxAttempts is how often an alert is tried before it is left with its error.
const maxAttempts = 5

// Deliver sends the pending alerts, holding back those past the limit of their rule, and the
// summaries of held-back alerts that are due.
func (s *Service) Deliver(ctx context.Context, answer func(ctx context.Context, id string) (*cx.Response, error)) (int, error) {
	// Several nodes on one database each run this loop over the same pending alerts: only the
	// node holding the lease delivers, or two could send one alert at the same moment.
	if s.Holder != "" && s.Course != nil {
		held, err := s.Course.ClaimSync(ctx, answerLease, s.Holder, s.Now().UTC(), answerLeaseFor)
		if err != nil || !held {
			return 0, err
		}
	}
	rules, err := s.Rules.ListAlertRules(ctx)
	if err != nil {
		return 0, err
	}
	// The node holding the lease of the KPI rules delivers their alerts (kpi_run.go): they are
	// left out of this queue, so a hundred of them waiting cannot hold the answers' back.
	pending, err := s.Rules.PendingAlerts(ctx, maxAttempts, ruleIDs(rules, false), 100)
	if err != nil {
		return 0, err
	}
	byID := rulesByID(rules)
	done := 0
	for i := range pending {
		a := &pending[i]
		rule, ok := byID[a.RuleID]
		if !ok || isCourse(rule.Condition) {
			continue // the rule was removed (with its undelivered alerts) or changed meanwhile
		}
		sent, err := s.deliver(ctx, rule, a, answer)
		if err != nil {
			return done, err
		}
		if sent {
			done++
		}
	}
	s.sendSummaries(ctx, byID)
	return done, nil
}

// rulesByID indexes rules by their id.
func rulesByID(rules []cx.AlertRule) map[int64]*cx.AlertRule {
	byID := make(map[int64]*cx.AlertRule, len(rules))
	for i := range rules {
		byID[rules[i].ID] = &rules[i]
	}
	return byID
}

// ruleIDs are the ids of the rules on a KPI's course (course) or of the others: whose alerts
// one delivery loop sends. Never nil, so no rules means no alerts rather than every alert.
func ruleIDs(rules []cx.AlertRule, course bool) []int64 {
	ids := []int64{}
	for _, r := range rules {
		if isCourse(r.Condition) == course {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// deliver sends one alert, or holds it back when its rule sent its share lately, and records
// how that went. Only a first attempt is counted against the limit; a retry was counted.
func (s *Service) deliver(ctx context.Context, rule *cx.AlertRule, a *cx.Alert, answer func(ctx context.Context, id string) (*cx.Response, error)) (bool, error) {
	now := s.Now().UTC()
	if a.Attempts == 0 && !s.admit(rule.ID, now) {
		s.hold(a, now)
		return false, s.Rules.UpdateAlert(ctx, a)
	}
	r, err := answer(ctx, a.ResponseID)
	if err == nil {
		err = s.send(ctx, rule, s.message(rule, r))
	}
	return s.recordAttempt(ctx, a, err)
}

// recordAttempt records an attempt to deliver a, which failed with sent (nil: delivered), and
// tells whether it was delivered.
func (s *Service) recordAttempt(ctx context.Context, a *cx.Alert, sent error) (bool, error) {
	a.Attempts++
	if sent == nil {
		a.DeliveredAt, a.Error = s.Now().UTC(), ""
	} else {
		a.Error = sent.Error()
		s.Log.Warn("alert not delivered", slog.Int64("alert", a.ID), slog.Any("error", sent))
	}
	return sent == nil, s.Rules.UpdateAlert(ctx, a)
}

// send delivers one message by every way its rule names: the webhook in the rule's format,
// the e-mail as plain text (no HTML part, so nothing in it can be markup).
func (s *Service) send(ctx context.Context, rule *cx.AlertRule, m hook.Message) error {
	var errs []error
	if rule.Webhook != "" {
		format, err := hook.ValidateFormat(rule.WebhookFormat)
		if err == nil {
			err = s.Hook.Post(ctx, rule.Webhook, hook.Payload(format, m))
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("webhook: %w", err))
		}
	}
	if rule.Email != "" {
		if s.Mail == nil {
			errs = append(errs, errors.New("e-mail: no mail server configured ([mail] in the config)"))
		} else if err := s.Mail.Send(ctx, mail.Message{To: rule.Email, Subject: "klantpuls: " + oneLine(rule.Name), Text: m.Text()}); err != nil {
			errs = append(errs, fmt.Errorf("e-mail: %w", err))
		}
	}
	return errors.Join(errs...)
}

// message says what happened, with a link to handle it. The customer's comment and the ids
// come from outside; hook.Message keeps them apart so each format can escape them.
func (s *Service) message(rule *cx.AlertRule, r *cx.Response) hook.Message {
	var details []string
	if r.CustomerID != "" {
		details = append(details, "klant "+r.CustomerID)
	}
	if r.TicketID != "" {
		details = append(details, "ticket "+r.TicketID)
	}
	if rule.Condition == cx.AlertNegativeSentiment && r.Sentiment != nil {
		details = append(details, "sentiment "+strings.Replace(strconv.FormatFloat(*r.Sentiment, 'f', 2, 64), ".", ",", 1))
	}
	fields := map[string]any{"rule": rule.Name, "response": r}
	if rule.Theme != "" {
		details = append(details, "thema "+ThemeLabel(rule, s.Themes, "nl"))
		fields["theme"] = rule.Theme
	}
	return hook.Message{Title: fmt.Sprintf("%s: %s %d", rule.Name, strings.ToUpper(r.Survey), r.Score),
		Details: strings.Join(details, ", "), Quote: r.Comment,
		Link: fmt.Sprintf("%s/followups?response=%s", s.BaseURL, url.QueryEscape(r.ID)), LinkText: "Opvolgen",
		Fields: fields}
}

// oneLine puts text on one line: a line break in a subject would start a header of the
// writer's choosing.
func oneLine(text string) string {
	return strings.Join(strings.FieldsFunc(text, unicode.IsControl), " ")
}

// Run delivers alerts when woken by a new one, and every interval to retry failures.
func (s *Service) Run(ctx context.Context, interval time.Duration, answer func(ctx context.Context, id string) (*cx.Response, error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	defer s.ReleaseDelivery(context.WithoutCancel(ctx))
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
