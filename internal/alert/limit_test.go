package alert

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
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
	if due[1].held != 7 || len(due) != 1 {
		t.Errorf("due %v, want rule 1: 7", due)
	}
	s.summaryTried(1, []string{byEmail}, nil, t0.Add(10*time.Minute+3*time.Second))
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

// TestSummaryOnceByEachWay: a flood is held back and summed up in one message a window later
// ("the rest are summed up in one message 10 minutes later"). The rule's webhook is broken
// (404: revoked), its e-mail works. The summary e-mail goes out once; the webhook's failures
// are retried by the webhook alone, not by mailing the lead the summary every round.
func TestSummaryOnceByEachWay(t *testing.T) {
	ctx := context.Background()
	smtp, sender := smtpSender(t)
	srv, _ := failingHook(t, http.StatusNotFound)
	w := plant(t, nil, nil, sender)
	w.svc.MaxPerWindow, w.svc.Window = 1, 10*time.Minute
	rule := w.rule(t, cx.AlertRule{Condition: cx.AlertNPSDetractor, Email: "lead@fietsenwinkel.nl"}, srv.URL, hook.FormatSlack)
	for _, id := range []string{"R1", "R2", "R3"} {
		if _, err := w.app.CreateAlert(ctx, &cx.Alert{RuleID: rule.ID, ResponseID: id, CreatedAt: w.now}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.svc.Deliver(ctx, detractorAnswer); err != nil { // R1 alone, R2 and R3 held back
		t.Fatal(err)
	}
	w.now = w.now.Add(11 * time.Minute)
	for range 4 { // four rounds after the window
		if _, err := w.svc.Deliver(ctx, detractorAnswer); err != nil {
			t.Fatal(err)
		}
		w.now = w.now.Add(30 * time.Second)
	}
	time.Sleep(300 * time.Millisecond)
	summaries := 0
	for _, m := range smtp.Messages() {
		if strings.Contains(m.TextBody, "en nog 2") {
			summaries++
			// Its link opens the follow-up list on the days of the held-back answers (3
			// December 2026 in Amsterdam, the period [from, to)), not on the list's default.
			if want := "https://klantpuls.example.nl/followups?from=2026-12-03&period=custom&to=2026-12-04"; !strings.Contains(m.TextBody, want) {
				t.Errorf("the summary does not link to %s:\n%s", want, m.TextBody)
			}
		}
	}
	if summaries != 1 {
		t.Errorf("%d summary e-mails about the 2 held back, want 1", summaries)
	}
}
