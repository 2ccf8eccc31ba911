package alert

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
)

// A flood of matching answers — a script posting detractor scores, an import of yesterday's
// answers by the API — must not become a flood of messages: the channel would be muted and the
// one alert that matters lost. So each rule sends at most MaxPerWindow alerts in any Window;
// the ones past that are held back and counted, and once the first held-back one is a Window
// old, ONE message says how many more there were, with a link to the follow-up list over their
// days, where each of them is. That message goes out by each way of the rule once, tried as
// often as an alert. The count is kept in memory: a restart in the middle loses the summary, not the
// answers, which stay in the follow-up list.

// Defaults of the limit per rule.
const (
	DefaultMaxPerWindow = 10
	DefaultWindow       = 10 * time.Minute
)

// ruleLimit is what one rule sent and held back lately.
type ruleLimit struct {
	sent      []time.Time // alerts sent on their own within the window, oldest first
	held      int         // alerts held back since heldSince, not yet summed up
	heldSince time.Time
	summary   *summary // the summary under way, nil when none
}

// summary is one message summing up held-back alerts. Like an alert it goes out by each way of
// its rule once and is tried at most maxAttempts times, with the same backoff (deliver.go).
type summary struct {
	held     int       // how many alerts it sums up
	since    time.Time // when the first of them was held back
	done     string    // the ways it went out by, or settled unsent (an e-mail: settlesEmail); as cx.Alert.SentBy
	attempts int
	retryAt  time.Time
}

type limits struct {
	mu    sync.Mutex
	rules map[int64]*ruleLimit
}

func (s *Service) window() (int, time.Duration) {
	n, w := s.MaxPerWindow, s.Window
	if n <= 0 {
		n = DefaultMaxPerWindow
	}
	if w <= 0 {
		w = DefaultWindow
	}
	return n, w
}

// admit tells whether an alert of rule may go out on its own at now; when not, it is counted
// for the summary.
func (s *Service) admit(rule int64, now time.Time) bool {
	most, window := s.window()
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	l := s.limits.rules[rule]
	if l == nil {
		l = &ruleLimit{}
		s.limits.rules[rule] = l
	}
	for len(l.sent) > 0 && now.Sub(l.sent[0]) >= window {
		l.sent = l.sent[1:]
	}
	if len(l.sent) < most {
		l.sent = append(l.sent, now)
		return true
	}
	if l.held == 0 {
		l.heldSince = now
	}
	l.held++
	return false
}

// hold records that alert a was held back, with the limit it was held by.
func (s *Service) hold(a *cx.Alert, now time.Time) {
	most, window := s.window()
	a.DeliveredAt, a.Error = now, ""
	a.Notes = Note{Code: NoteFlood, Numbers: []int{most, int(window.Minutes())}}.String()
}

// dueSummaries returns, per rule, the summary due for an attempt at now: one under way whose
// retry time came, or a new one of the alerts held back since a window or longer ago.
func (s *Service) dueSummaries(now time.Time) map[int64]summary {
	_, window := s.window()
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	due := map[int64]summary{}
	for id, l := range s.limits.rules {
		if l.summary == nil && l.held > 0 && now.Sub(l.heldSince) >= window {
			l.summary = &summary{held: l.held, since: l.heldSince}
			l.held = 0 // more held back from now on go in the next summary
		}
		if l.summary != nil && !now.Before(l.summary.retryAt) {
			due[id] = *l.summary
		}
	}
	return due
}

// summaryTried records an attempt at rule's summary that is done with the ways done (went out
// by them, or settled its e-mail unsent) and failed by failed (nil: done with every way). A
// summary done, or out of attempts, is dropped.
func (s *Service) summaryTried(rule int64, done []string, failed error, now time.Time) {
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	l := s.limits.rules[rule]
	if l == nil || l.summary == nil {
		return
	}
	sm := l.summary
	sm.attempts++
	sm.done = strings.Join(append(strings.Fields(sm.done), done...), " ")
	if failed == nil || sm.attempts >= maxAttempts {
		l.summary = nil
		return
	}
	sm.retryAt = now.Add(retryDelay(sm.attempts))
}

// sendSummaries sends the summaries due, each by the ways of its rule it is not done with; one
// that fails is tried again after the backoff of an alert, as often, not by an e-mail an
// earlier attempt settled (held, bounced, refused).
func (s *Service) sendSummaries(ctx context.Context, rd *round, byID map[int64]*cx.AlertRule) {
	now := s.Now().UTC()
	_, window := s.window()
	for id, sm := range s.dueSummaries(now) {
		rule, ok := byID[id]
		if !ok { // the rule was removed: nobody to tell
			s.summaryTried(id, nil, nil, now)
			continue
		}
		todo := unsent(rule, sm.done)
		try := rd.now(rule, todo)
		if len(try) == 0 && len(todo) > 0 {
			continue // its webhook failed in this round: the next one tries
		}
		w := words(rule.Lang)
		m := hook.Message{Title: fmt.Sprintf(w.heldBack, rule.Name, sm.held, s.matchedWords(rule), int(window.Minutes())),
			Link: s.BaseURL + s.followUpsOf(sm.since, now), LinkText: w.allFollowUps}
		out := s.send(ctx, rd, rule, m, try)
		done := out.sent
		if slices.ContainsFunc(out.notes, settlesEmail) { // not tried again: said once, with the server's reply
			s.logEmail("alert summary e-mail", out, slog.Int64("rule", id))
			done = append(done, byEmail)
		}
		if len(try) < len(todo) {
			out.notes, out.retry = append(out.notes, Note{Code: NoteWebhookNotTried}), true
		}
		err := out.failure()
		if err != nil {
			s.Log.Warn("alert summary not delivered", slog.Int64("rule", id), slog.Int("attempt", sm.attempts+1), slog.Any("error", err))
		}
		s.summaryTried(id, done, err, now)
	}
}

// followUpsOf is the follow-up list over the days from from to to in the account's time zone,
// so the answers of a summary are in it whatever the list's default period.
func (s *Service) followUpsOf(from, to time.Time) string {
	loc := s.Location
	if loc == nil {
		loc = time.UTC
	}
	day := func(t time.Time) time.Time {
		y, m, d := t.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	return "/followups?" + url.Values{"period": {"custom"}, "from": {day(from).Format(time.DateOnly)},
		"to": {day(to).AddDate(0, 0, 1).Format(time.DateOnly)}}.Encode()
}

// matchedWords name the answers a rule matches, for its summary: "negatieve antwoorden over
// Levering" for a rule about a theme.
func (s *Service) matchedWords(rule *cx.AlertRule) string {
	w := words(rule.Lang)
	if rule.Theme != "" {
		return w.conditions[rule.Condition] + " " + w.conditions["over"] + " " + ThemeLabel(rule, s.Themes, w.lang)
	}
	return w.conditions[rule.Condition]
}
