package alert

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
)

// A flood of matching answers — a script posting detractor scores, an import of yesterday's
// answers by the API — must not become a flood of messages: the channel would be muted and the
// one alert that matters lost. So each rule sends at most MaxPerWindow alerts in any Window;
// the ones past that are held back and counted, and once the first held-back one is a Window
// old, ONE message says how many more there were, with a link to the follow-up list where each
// of them is. The count is kept in memory: a restart in the middle loses the summary, not the
// answers, which stay in the follow-up list.

// Defaults of the limit per rule.
const (
	DefaultMaxPerWindow = 10
	DefaultWindow       = 10 * time.Minute
)

// heldNote is the delivery note of an alert held back; the alerts page shows it.
const heldNote = "held back: more than %d alerts of this rule in %s; counted in one summary message"

// ruleLimit is what one rule sent and held back lately.
type ruleLimit struct {
	sent      []time.Time // alerts sent on their own within the window, oldest first
	held      int         // alerts held back since heldSince, not yet summarised
	heldSince time.Time
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

// hold records that alert a was held back.
func (s *Service) hold(a *cx.Alert, now time.Time) {
	most, window := s.window()
	a.DeliveredAt, a.Error = now, fmt.Sprintf(heldNote, most, window)
}

// dueSummaries returns, per rule, how many alerts were held back since a window or longer ago.
func (s *Service) dueSummaries(now time.Time) map[int64]int {
	_, window := s.window()
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	due := map[int64]int{}
	for id, l := range s.limits.rules {
		if l.held > 0 && now.Sub(l.heldSince) >= window {
			due[id] = l.held
		}
	}
	return due
}

// summarised takes n summarised alerts off rule's count (more may have been held meanwhile).
func (s *Service) summarised(rule int64, n int, now time.Time) {
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	if l := s.limits.rules[rule]; l != nil {
		l.held -= n
		l.heldSince = now
	}
}

// sendSummaries sends the summary of every rule whose held-back alerts are due; one that fails
// is tried again on the next round.
func (s *Service) sendSummaries(ctx context.Context, byID map[int64]*cx.AlertRule) {
	now := s.Now().UTC()
	_, window := s.window()
	for id, n := range s.dueSummaries(now) {
		rule, ok := byID[id]
		if !ok { // the rule was removed: nobody to tell
			s.summarised(id, n, now)
			continue
		}
		m := hook.Message{Title: fmt.Sprintf("%s: en nog %d %s in de afgelopen %d minuten, niet elk apart gemeld",
			rule.Name, n, s.matchedWords(rule), int(window.Minutes())),
			Link: s.BaseURL + "/followups", LinkText: "Alle op te volgen antwoorden"}
		if err := s.send(ctx, rule, m); err != nil {
			s.Log.Warn("alert summary not delivered", slog.Int64("rule", id), slog.Any("error", err))
			continue
		}
		s.summarised(id, n, now)
	}
}

// matchedWords name the answers a rule matches, for its summary: "negatieve antwoorden over
// Levering" for a rule about a theme.
func (s *Service) matchedWords(rule *cx.AlertRule) string {
	if rule.Theme != "" {
		return conditionWords[rule.Condition] + " over " + ThemeLabel(rule, s.Themes, "nl")
	}
	return conditionWords[rule.Condition]
}

// conditionWords name the answers a condition matches, for the summary.
var conditionWords = map[string]string{
	cx.AlertNPSDetractor:      "antwoorden van criticasters (NPS 0–6)",
	cx.AlertCSATLow:           "lage CSAT-antwoorden",
	cx.AlertNegativeSentiment: "negatieve antwoorden",
}
