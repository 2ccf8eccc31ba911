package alert

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
	"github.com/klantpuls/klantpuls/internal/mail"
	"github.com/klantpuls/klantpuls/internal/smtptest"
)

// countingHook is a webhook receiver that answers ok and counts the calls.
func countingHook(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

// detractorAnswer reads every answer an alert names as an NPS detractor's.
func detractorAnswer(ctx context.Context, id string) (*cx.Response, error) {
	return &cx.Response{ID: id, Survey: "nps", Score: 2}, nil
}

// TestQueuesApart: answer alerts and KPI alerts are sent by two loops (Deliver and Judge), each
// reading at most a hundred pending alerts a round. Each loop reads only its own kind, so a
// hundred and twenty older alerts of the other kind waiting (a webhook down) hold nothing back.
func TestQueuesApart(t *testing.T) {
	ctx := context.Background()
	deliver := func(w *world) (int, error) { return w.svc.Deliver(ctx, detractorAnswer) }
	judge := func(w *world) (int, error) { _, n, err := w.svc.Judge(ctx); return n, err }
	for _, tc := range []struct {
		name          string
		olderKPI      bool // the 120 older alerts are the KPI rule's, the newer one the answer rule's
		sendsTheNewer func(*world) (int, error)
	}{
		{"an answer alert behind KPI alerts", true, deliver},
		{"a KPI alert behind answer alerts", false, judge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, calls := countingHook(t)
			w := plant(t, nil, nil, nil)
			kpi := w.rule(t, cx.AlertRule{Condition: cx.AlertVolumeSpike}, srv.URL, hook.FormatGeneric)
			detractor := w.rule(t, cx.AlertRule{Condition: cx.AlertNPSDetractor}, srv.URL, hook.FormatSlack)
			older, newer := detractor.ID, kpi.ID
			if tc.olderKPI {
				older, newer = newer, older
			}
			pending := func(rule int64, id string, at time.Time) {
				t.Helper()
				if _, err := w.app.CreateAlert(ctx, &cx.Alert{RuleID: rule, ResponseID: id, CreatedAt: at,
					Message: `{"title":"x","text":"x"}`}); err != nil {
					t.Fatal(err)
				}
			}
			for i := range 120 {
				pending(older, fmt.Sprintf("R%d", i), w.now.Add(-time.Hour))
			}
			pending(newer, "R-newer", w.now)
			if n, err := tc.sendsTheNewer(w); err != nil || n != 1 || calls.Load() != 1 {
				t.Errorf("delivered %d, %d calls, %v; want the newer alert alone", n, calls.Load(), err)
			}
		})
	}
}

// smtpSender is a real SMTP server on loopback and a sender to it.
func smtpSender(t *testing.T) (*smtptest.Server, mail.Sender) {
	t.Helper()
	smtp := smtptest.Start(t)
	sender, err := mail.NewSMTP(mail.Config{Host: smtp.Host(), Port: smtp.Port(), TLS: mail.TLSNone,
		From: "klantpuls <noreply@example.com>", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return smtp, sender
}

// failingHook answers every post with status and counts them.
func failingHook(t *testing.T, status int) (*httptest.Server, *atomic.Int32) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, "no_service", status)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

// TestRetrySendsByTheFailedWayOnly: a rule sends by e-mail and to a Slack webhook. The webhook
// is down (500); the e-mail goes out. The alert is tried again for the webhook's sake, by the
// webhook only: one detractor gives the lead one e-mail. The retries wait 30 s, then 1 minute
// (retryDelay), so rounds at 0, 30 and 60 s post twice.
func TestRetrySendsByTheFailedWayOnly(t *testing.T) {
	ctx := context.Background()
	smtp, sender := smtpSender(t)
	srv, posts := failingHook(t, http.StatusInternalServerError)
	w := plant(t, nil, nil, sender)
	rule := w.rule(t, cx.AlertRule{Condition: cx.AlertNPSDetractor, Email: "lead@fietsenwinkel.nl"}, srv.URL, hook.FormatSlack)
	if _, err := w.app.CreateAlert(ctx, &cx.Alert{RuleID: rule.ID, ResponseID: "R1", CreatedAt: w.now}); err != nil {
		t.Fatal(err)
	}
	for range 3 { // three rounds of the delivery loop (30 s apart in serve)
		if _, err := w.svc.Deliver(ctx, detractorAnswer); err != nil {
			t.Fatal(err)
		}
		w.now = w.now.Add(30 * time.Second)
	}
	smtp.Wait(t, 1, 5*time.Second)
	time.Sleep(200 * time.Millisecond)
	if n := len(smtp.Messages()); n != 1 {
		t.Errorf("the lead got %d e-mails about one detractor, want 1 (the webhook's retries resend the e-mail)", n)
	}
	if n := posts.Load(); n != 2 {
		t.Errorf("the webhook got %d posts in rounds at 0, 30 and 60 s, want 2 (the first and the retry after 30 s)", n)
	}
}

// TestBrokenWebhookHoldsNoOtherRuleBack: one rule's webhook is down (503, as Slack answers
// during an outage). Another rule sends by e-mail only; its detractor arrived after three of the
// first rule's. README: rules "send an e-mail … within seconds". A failing post is tried once
// per round (serve's own Hook would wait 2+4+8 s between retries), and not again in the round,
// so the other rule's e-mail goes out in the same round.
func TestBrokenWebhookHoldsNoOtherRuleBack(t *testing.T) {
	smtp, sender := smtpSender(t)
	srv, _ := failingHook(t, http.StatusServiceUnavailable)
	w := plant(t, nil, nil, sender)
	ctx := context.Background()
	slack := w.rule(t, cx.AlertRule{Condition: cx.AlertNPSDetractor}, srv.URL, hook.FormatSlack)
	mailOnly := cx.AlertRule{Name: "Per mail", Condition: cx.AlertNPSDetractor, Email: "lead@fietsenwinkel.nl", Active: true}
	if err := ValidateRule(&mailOnly, nil); err != nil {
		t.Fatal(err)
	}
	if err := w.app.CreateAlertRule(ctx, &mailOnly); err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{"R1", "R2", "R3"} {
		if _, err := w.app.CreateAlert(ctx, &cx.Alert{RuleID: slack.ID, ResponseID: id, CreatedAt: w.now.Add(time.Duration(i) * time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.app.CreateAlert(ctx, &cx.Alert{RuleID: mailOnly.ID, ResponseID: "R9", CreatedAt: w.now.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	// serve's own Hook: default retries and backoff.
	s := *w.svc
	s.Hook = &hook.Hook{}
	svc := New(s)
	round, cancel := context.WithTimeout(ctx, 6*time.Second)
	defer cancel()
	svc.Deliver(round, detractorAnswer)
	if n := len(smtp.Messages()); n != 1 {
		t.Errorf("after 6 s of the delivery loop, %d e-mails of the other rule, want 1: one broken webhook holds every alert back", n)
	}
}

// TestStopBeginsNoOtherAlert: serve's SIGTERM ends the loops' first context while a round's
// work goes on (the grace). The alert being posted at that moment goes out and is recorded;
// none of the others pending in the round is begun — each would be cut off when the grace ends,
// gone yet recorded as failed. Both loops, the answers' (Run) and the KPI rules' (RunCourse).
func TestStopBeginsNoOtherAlert(t *testing.T) {
	for _, tc := range []struct {
		name      string
		condition string
		run       func(w *world, stop, work context.Context)
	}{
		{"answer alerts", cx.AlertNPSDetractor, func(w *world, stop, work context.Context) {
			w.svc.Run(stop, work, time.Hour, detractorAnswer)
		}},
		{"KPI alerts", cx.AlertVolumeSpike, func(w *world, stop, work context.Context) {
			w.svc.RunCourse(stop, work, time.Hour)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stop, sigterm := context.WithCancel(context.Background())
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if calls.Add(1) == 1 {
					sigterm() // SIGTERM while the first alert is being posted
				}
				w.Write([]byte("ok"))
			}))
			t.Cleanup(srv.Close)
			w := plant(t, nil, nil, nil)
			rule := w.rule(t, cx.AlertRule{Condition: tc.condition}, srv.URL, hook.FormatGeneric)
			for i := range 5 {
				if _, err := w.app.CreateAlert(context.Background(), &cx.Alert{RuleID: rule.ID, ResponseID: fmt.Sprintf("R%d", i),
					CreatedAt: w.now.Add(-time.Duration(5-i) * time.Minute), Message: `{"title":"x","text":"x"}`}); err != nil {
					t.Fatal(err)
				}
			}
			done := make(chan struct{})
			go func() {
				defer close(done)
				tc.run(w, stop, context.Background())
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the loop did not return after its stop")
			}
			if n := calls.Load(); n != 1 {
				t.Errorf("%d alerts posted; want the one under way at the stop alone", n)
			}
			left, err := w.app.PendingAlerts(context.Background(), w.now, maxAttempts, []int64{rule.ID}, 100)
			if err != nil || len(left) != 4 || left[0].ResponseID != "R1" {
				t.Errorf("pending after the stop: %d, %v; want R1 to R4, R0 recorded as sent", len(left), err)
			}
		})
	}
}
