package alert

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
	"github.com/klantpuls/klantpuls/internal/mail"
)

// The delivery queue. An alert goes out by each way its rule names — an e-mail, a webhook —
// once: what went out is recorded per way (cx.Alert.SentBy), so a retry for a broken webhook's
// sake does not mail the lead again. Each round makes one attempt per due alert, one post
// without retries (hook.Hook.PostOnce), and keeps the backoff in the queue (cx.Alert.RetryAt):
// a failing endpoint costs a round one failed post, never a wait, and a webhook that failed in
// a round is not posted to again in it, so one broken webhook holds no other rule's alert back.
// An attempt is claimed in the database before anything is sent (ClaimAlert), so two nodes
// never send one alert, however long an attempt or a round takes.

// maxAttempts is how often an alert is tried before it is left with its error.
const maxAttempts = 5

// attemptFor is how long a claimed attempt keeps the alert from every other round and node:
// far longer than one attempt takes (a post gives up after 10 s, an e-mail after the mail
// server's timeout), so only an attempt whose node died is taken over, this much later.
const attemptFor = 5 * time.Minute

// retryDelay is the wait after a failed attempt (the attempts-th): 30 s, 1, 2 and 4 minutes, so
// the five attempts span some eight minutes of an endpoint's outage.
func retryDelay(attempts int) time.Duration {
	return 30 * time.Second << min(max(attempts-1, 0), 8)
}

// The ways an alert goes out, as SentBy names them.
const (
	byWebhook = "webhook"
	byEmail   = "email"
)

// ways are the ways rule sends by.
func ways(rule *cx.AlertRule) []string {
	var out []string
	if rule.Webhook != "" {
		out = append(out, byWebhook)
	}
	if rule.Email != "" {
		out = append(out, byEmail)
	}
	return out
}

// unsent are the ways of rule that sent (a SentBy) does not name.
func unsent(rule *cx.AlertRule, sent string) []string {
	done := strings.Fields(sent)
	var out []string
	for _, w := range ways(rule) {
		if !slices.Contains(done, w) {
			out = append(out, w)
		}
	}
	return out
}

// round is one round of the delivery loop.
type round struct {
	failed map[string]bool // webhooks that failed in this round: not posted to again in it
}

func newRound() *round { return &round{failed: map[string]bool{}} }

// now are the ways of todo rule may be tried by in this round: not its webhook once that failed.
func (rd *round) now(rule *cx.AlertRule, todo []string) []string {
	return slices.DeleteFunc(slices.Clone(todo), func(w string) bool { return w == byWebhook && rd.failed[rule.Webhook] })
}

// Deliver sends the pending alerts that are due, holding back those past the limit of their
// rule, and the summaries of held-back alerts that are due.
func (s *Service) Deliver(ctx context.Context, answer func(ctx context.Context, id string) (*cx.Response, error)) (int, error) {
	return s.deliver(ctx, ctx, answer)
}

// deliver is Deliver working under ctx that begins no other alert once stop ends (serve's
// SIGTERM): the one under way goes out and is recorded within ctx, the rest wait for the next
// start.
func (s *Service) deliver(stop, ctx context.Context, answer func(ctx context.Context, id string) (*cx.Response, error)) (int, error) {
	// Several nodes on one database each run this loop over the same pending alerts: only the
	// node holding the lease delivers (the flood limit is counted in its memory), and each
	// attempt is claimed besides (ClaimAlert), or two could send one alert at the same moment.
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
	rd, done, err := s.deliverQueue(stop, ctx, rules, false, func(rule *cx.AlertRule, a *cx.Alert) (hook.Message, error) {
		r, err := answer(ctx, a.ResponseID)
		if err != nil {
			return hook.Message{}, err
		}
		return s.message(rule, r), nil
	})
	if err != nil {
		return done, err
	}
	if stop.Err() == nil {
		s.sendSummaries(ctx, rd, rulesByID(rules))
	}
	return done, nil
}

// deliverQueue makes one attempt at each due alert of the rules on a KPI's course (course) or
// of the others, at most a hundred, oldest first; message tells what an alert says. It returns
// the round, for the summaries that follow, and how many alerts went out. Once stop ends it
// begins no other attempt.
func (s *Service) deliverQueue(stop, ctx context.Context, rules []cx.AlertRule, course bool,
	message func(rule *cx.AlertRule, a *cx.Alert) (hook.Message, error)) (*round, int, error) {
	rd := newRound()
	pending, err := s.Rules.PendingAlerts(ctx, s.Now().UTC(), maxAttempts, ruleIDs(rules, course), 100)
	if err != nil {
		return rd, 0, err
	}
	byID := rulesByID(rules)
	done := 0
	for i := range pending {
		if stop.Err() != nil {
			break
		}
		a := &pending[i]
		rule, ok := byID[a.RuleID]
		if !ok || isCourse(rule.Condition) != course {
			continue // the rule was removed (with its undelivered alerts) or changed meanwhile
		}
		sent, err := s.attempt(ctx, rd, rule, a, !course, func() (hook.Message, error) { return message(rule, a) })
		if sent {
			done++
		}
		if err != nil {
			return rd, done, err
		}
	}
	return rd, done, nil
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

// attempt makes one attempt at alert a of rule by the ways it has not gone out by yet, and
// records how that went; message tells what it says. It tells whether a is now settled. An
// alert left with only a webhook that failed earlier in this round waits for the next, untried.
// An e-mail an earlier attempt settled without sending it (held, bounced, refused) is not tried
// again: its note and what the mail server said stay with the alert (earlier). A limited alert
// (an answer's) is held back instead when its rule sent its share lately; only a first attempt
// is counted against the limit, a retry was counted.
func (s *Service) attempt(ctx context.Context, rd *round, rule *cx.AlertRule, a *cx.Alert, limited bool,
	message func() (hook.Message, error)) (bool, error) {
	now := s.Now().UTC()
	before := earlier(a)
	done := a.SentBy
	if before.note != nil {
		done += " " + byEmail
	}
	todo := unsent(rule, done)
	try := rd.now(rule, todo)
	if len(try) == 0 && len(todo) > 0 {
		return false, nil
	}
	if limited && a.Attempts == 0 && !s.admit(rule.ID, now) {
		s.hold(a, now)
		return false, s.Rules.UpdateAlert(ctx, a)
	}
	if claimed, err := s.Rules.ClaimAlert(ctx, a, now, attemptFor); err != nil || !claimed {
		return false, err
	}
	var out outcome
	if len(try) > 0 {
		m, err := message()
		if err != nil {
			out = outcome{said: []string{err.Error()}, retry: true}
		} else {
			out = s.send(ctx, rd, rule, m, try)
			a.SentBy = strings.Join(append(strings.Fields(a.SentBy), out.sent...), " ")
		}
	}
	if len(try) < len(todo) {
		out.notes, out.retry = append(out.notes, Note{Code: NoteWebhookNotTried}), true
	}
	// Said once per alert: a later attempt does not try the e-mail again.
	s.logEmail("alert e-mail", out, slog.Int64("alert", a.ID), slog.Int64("rule", rule.ID))
	now = s.Now().UTC()
	notes, said := out.notes, out.said
	if before.note != nil {
		notes = append(notes, *before.note)
		if before.said != "" {
			said = append(said, emailSaid+before.said) // the e-mail's last, as send writes it
		}
	} else if slices.ContainsFunc(out.notes, settlesEmail) {
		a.EmailReply = out.emailReply() // for the attempts after this one (earlier)
	}
	a.Notes, a.Error = notesText(notes), strings.Join(said, "; ")
	if out.retry {
		a.RetryAt = now.Add(retryDelay(a.Attempts))
		s.Log.Warn("alert not delivered", slog.Int64("alert", a.ID), slog.Any("error", out.failure()))
	} else {
		// Settled, as an alert the flood limit holds back (hold): a held e-mail is not tried
		// again, and the alerts page shows why it did not go.
		a.DeliveredAt, a.RetryAt = now, time.Time{}
	}
	return !out.retry, s.Rules.UpdateAlert(ctx, a)
}

// outcome is how one message went by the ways it was tried by.
type outcome struct {
	sent  []string // the ways it went out by
	notes []Note   // why the others did not, in klantpuls's words
	said  []string // what failed, as the mail server or webhook said it: "webhook: …", "e-mail: …"
	retry bool     // a way failed that a later attempt may send by
}

// emailSaid begins what the mail server said of an e-mail among the ways' answers (outcome.said,
// cx.Alert.Error), as "webhook: " begins the webhook's.
const emailSaid = "e-mail: "

// emailReply is what the mail server said of the e-mail in o, without emailSaid; "" when it
// said nothing.
func (o outcome) emailReply() string {
	if i := slices.IndexFunc(o.said, func(s string) bool { return strings.HasPrefix(s, emailSaid) }); i >= 0 {
		return strings.TrimPrefix(o.said[i], emailSaid)
	}
	return ""
}

// settledEmail is an e-mail an attempt settled without sending it: its note (held, bounced,
// refused) and what the mail server said of it, without emailSaid ("" for a hold, when nothing
// was asked).
type settledEmail struct {
	note *Note // nil: the e-mail is not settled so
	said string
}

// earlier is what an earlier attempt at a settled of its e-mail, read from its record: the note,
// and the mail server's reply as that attempt kept it (cx.Alert.EmailReply). Not read back from
// Error: the webhook's answer and the reply there are both the other sides' words, and either
// may hold "; e-mail: ".
func earlier(a *cx.Alert) settledEmail {
	notes := NotesOf(a)
	i := slices.IndexFunc(notes, settlesEmail)
	if i < 0 {
		return settledEmail{}
	}
	return settledEmail{note: &notes[i], said: a.EmailReply}
}

// logEmail says, at the attempt that settled it, why the e-mail of what (an alert, a summary)
// went nowhere and what the mail server said: held back for a bounce, or refused as a message.
func (s *Service) logEmail(what string, out outcome, attrs ...any) {
	i := slices.IndexFunc(out.notes, settlesEmail)
	if i < 0 {
		return
	}
	msg := what + " held back"
	if out.notes[i].Code == NoteEmailRefused {
		msg = what + " refused: " + mail.RefusedSaid
	}
	attrs = append(attrs, slog.String("why", out.notes[i].Code))
	if reply := out.emailReply(); reply != "" {
		attrs = append(attrs, slog.String("reply", reply))
	}
	s.Log.Warn(msg, attrs...)
}

// failure is what failed, for the log, when a later attempt may send by a way: what the servers
// said and the notes' codes; nil when every way went or is held back for good.
func (o outcome) failure() error {
	if !o.retry {
		return nil
	}
	parts := slices.Clone(o.said)
	if notes := notesText(o.notes); notes != "" {
		parts = append(parts, "notes: "+notes)
	}
	return errors.New(strings.Join(parts, "; "))
}

// send delivers one message by the ways named (of those rule has): the webhook in the rule's
// format, the e-mail as plain text (no HTML part, so nothing in it can be markup). An e-mail
// held back because its address bounced (now, or before: mail.SendUnlessBounced) is noted and
// not tried again, which nothing changes until an admin clears the hold; one refused for good
// as a message, not as a bounce, is noted so too (RFC 5321: a 5yz is not repeated as is) and
// holds nothing; a webhook that failed is marked in rd.
func (s *Service) send(ctx context.Context, rd *round, rule *cx.AlertRule, m hook.Message, ways []string) outcome {
	var out outcome
	if slices.Contains(ways, byWebhook) && rule.Webhook != "" {
		format, err := hook.ValidateFormat(rule.WebhookFormat)
		if err == nil {
			err = s.Hook.PostOnce(ctx, rule.Webhook, hook.Payload(format, m))
		}
		if err != nil {
			out.said, out.retry = append(out.said, "webhook: "+err.Error()), true
			rd.failed[rule.Webhook] = true
		} else {
			out.sent = append(out.sent, byWebhook)
		}
	}
	if !slices.Contains(ways, byEmail) || rule.Email == "" {
		return out
	}
	if s.Mail == nil {
		out.notes, out.retry = append(out.notes, Note{Code: NoteNoMailServer}), true
		return out
	}
	err := mail.SendUnlessBounced(ctx, s.Mail, s.Rules, mail.Message{To: rule.Email, Subject: "klantpuls: " + oneLine(rule.Name),
		Text: m.Text()}, s.Now().UTC())
	switch {
	case err == nil:
		out.sent = append(out.sent, byEmail)
	case errors.Is(err, mail.ErrHeld):
		out.notes = append(out.notes, Note{Code: NoteEmailHeld})
	case mail.IsBounce(err):
		out.notes, out.said = append(out.notes, Note{Code: NoteEmailBounced}), append(out.said, emailSaid+err.Error())
	case mail.IsPermanent(err):
		out.notes, out.said = append(out.notes, Note{Code: NoteEmailRefused}), append(out.said, emailSaid+err.Error())
	default:
		out.said, out.retry = append(out.said, emailSaid+err.Error()), true
	}
	return out
}
