package alert

import (
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestLimitPerRule(t *testing.T) {
	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	s := New(Service{MaxPerWindow: 3, Window: 10 * time.Minute})
	admitted := 0
	for i := range 10 { // ten alerts of rule 1 in the same minute
		if s.admit(1, t0.Add(time.Duration(i)*time.Second)) {
			admitted++
		}
	}
	if admitted != 3 {
		t.Errorf("%d of 10 admitted, want 3", admitted)
	}
	if !s.admit(2, t0) {
		t.Error("another rule has its own share")
	}
	// The first held back was at t0+3s; its summary is due a window later, not before.
	if due := s.dueSummaries(t0.Add(10*time.Minute + 2*time.Second)); len(due) != 0 {
		t.Errorf("summary due early: %v", due)
	}
	due := s.dueSummaries(t0.Add(10*time.Minute + 3*time.Second))
	if due[1] != 7 || len(due) != 1 {
		t.Errorf("due %v, want rule 1: 7", due)
	}
	s.summarised(1, 7, t0.Add(10*time.Minute+3*time.Second))
	if due := s.dueSummaries(t0.Add(time.Hour)); len(due) != 0 {
		t.Errorf("summary due twice: %v", due)
	}
	// The window slides: ten minutes after the first three, three more go out on their own.
	later := t0.Add(10*time.Minute + 2*time.Second)
	for i := range 3 {
		if !s.admit(1, later) {
			t.Errorf("alert %d after the window: held back", i+1)
		}
	}
	if s.admit(1, later) {
		t.Error("a fourth in the new window went out")
	}
}

func TestValidateRuleFormatAndName(t *testing.T) {
	for _, tt := range []struct {
		name string
		rule cx.AlertRule
		ok   bool
		want string // the format kept
	}{
		{"no format is slack", cx.AlertRule{Name: "A", Condition: cx.AlertNPSDetractor, Webhook: "https://x.example"}, true, "slack"},
		{"teams", cx.AlertRule{Name: "A", Condition: cx.AlertNPSDetractor, Webhook: "https://x.example", WebhookFormat: "teams"}, true, "teams"},
		{"an unknown format", cx.AlertRule{Name: "A", Condition: cx.AlertNPSDetractor, Webhook: "https://x.example", WebhookFormat: "discord"}, false, ""},
		{"a line break in the name", cx.AlertRule{Name: "A\r\nBcc: x@example.com", Condition: cx.AlertNPSDetractor, Email: "a@example.nl"}, false, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateRule(&tt.rule, nil)
			if (err == nil) != tt.ok || (tt.ok && tt.rule.WebhookFormat != tt.want) {
				t.Errorf("err %v, format %q; want ok %v, %q", err, tt.rule.WebhookFormat, tt.ok, tt.want)
			}
		})
	}
}
