package alert

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
)

// TestAlertBounceHoldsTheAddress: an alert e-mail whose address a mail server refused for good
// (550) was tried again and again, and every later alert mailed to it as well, each refused
// again; the refusal was not recorded as a bounce, so invitations went on too. Now the 550
// records the bounce by the address's key (the hold invitations honour) and the e-mail is not
// tried again; a later alert's e-mail is held back, even when the server would take it: it is
// settled, its note on the alerts page saying why, logged once without the address, while its
// webhook still posts. A 4xx holds nothing. Once an admin clears the hold, alerts are mailed
// again.
func TestAlertBounceHoldsTheAddress(t *testing.T) {
	ctx := context.Background()
	smtp, sender := smtpSender(t)
	srv, posts := countingHook(t)
	w := plant(t, nil, nil, sender)
	var log bytes.Buffer
	w.svc.Log = slog.New(slog.NewTextHandler(&log, nil))
	rule := w.rule(t, cx.AlertRule{Condition: cx.AlertNPSDetractor, Email: "Lead <Lead@Fietsenwinkel.nl>"}, srv.URL, hook.FormatSlack)
	alertOf := func(id string) cx.Alert {
		t.Helper()
		all, err := w.app.ListAlerts(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range all {
			if a.ResponseID == id {
				return a
			}
		}
		t.Fatalf("no alert for %s", id)
		return cx.Alert{}
	}
	detractor := func(id string) {
		t.Helper()
		if _, err := w.app.CreateAlert(ctx, &cx.Alert{RuleID: rule.ID, ResponseID: id, CreatedAt: w.now}); err != nil {
			t.Fatal(err)
		}
	}
	rounds := func(n int) {
		t.Helper()
		for range n { // rounds of the delivery loop, 30 s apart as in serve
			if _, err := w.svc.Deliver(ctx, detractorAnswer); err != nil {
				t.Fatal(err)
			}
			w.now = w.now.Add(30 * time.Second)
		}
	}

	smtp.RejectRecipient("lead@fietsenwinkel.nl", 550, "5.1.1 user unknown")
	detractor("R1")
	rounds(1)
	if got, err := w.app.HeldBack(ctx, "lead@fietsenwinkel.nl"); err != nil || got != cx.InviteBounced {
		t.Errorf("HeldBack after the alert's 550 = %q, %v; want %q", got, err, cx.InviteBounced)
	}
	// The mailbox works again, but the address stays held: neither R1 again nor R2 is mailed.
	smtp.AcceptRecipient("lead@fietsenwinkel.nl")
	detractor("R2")
	rounds(4)
	if n := len(smtp.Messages()); n != 0 {
		t.Errorf("%d alert e-mails went to the address that bounced, want 0 until an admin clears it", n)
	}
	if n := posts.Load(); n != 2 {
		t.Errorf("the webhook got %d posts for R1 and R2, want 2 (a held e-mail holds no webhook back)", n)
	}
	for id, note := range map[string]string{"R1": NoteEmailBounced, "R2": NoteEmailHeld} {
		a := alertOf(id)
		// Its webhook posted: delivered, not held back.
		if a.DeliveredAt.IsZero() || a.Attempts != 1 || a.Notes != note || HeldBack(&a) {
			t.Errorf("alert %s: delivered %v after %d attempts, notes %q, held back %v; want settled after 1, noted %q, not held back",
				id, a.DeliveredAt, a.Attempts, a.Notes, HeldBack(&a), note)
		}
	}
	if a := alertOf("R1"); !strings.Contains(a.Error, "550") {
		t.Errorf("alert R1's error %q leaves out what the mail server said", a.Error)
	}
	heldLines := 0
	for _, l := range strings.Split(log.String(), "\n") {
		if strings.Contains(l, "held back") {
			heldLines++
			if strings.Contains(strings.ToLower(l), "lead@") {
				t.Errorf("the log names the held address: %s", l)
			}
		}
	}
	if heldLines != 2 {
		t.Errorf("%d log lines say an alert e-mail was held back, want 2 (R1's bounce, R2's hold):\n%s", heldLines, log.String())
	}

	// A temporary refusal holds nothing.
	other := w.rule(t, cx.AlertRule{Condition: cx.AlertNPSDetractor, Email: "team@fietsenwinkel.nl"}, "", "")
	smtp.RejectRecipient("team@fietsenwinkel.nl", 450, "4.2.1 mailbox busy")
	if _, err := w.app.CreateAlert(ctx, &cx.Alert{RuleID: other.ID, ResponseID: "R3", CreatedAt: w.now}); err != nil {
		t.Fatal(err)
	}
	rounds(1)
	if got, err := w.app.HeldBack(ctx, "team@fietsenwinkel.nl"); err != nil || got != "" {
		t.Errorf("HeldBack after a 450 = %q, %v; want none", got, err)
	}
	if a := alertOf("R3"); !a.DeliveredAt.IsZero() {
		t.Errorf("alert R3 settled after a 450: %+v; want it tried again", a)
	}

	// The admin clears the hold: the next alert is mailed.
	if cleared, err := w.app.ClearBounce(ctx, "lead@fietsenwinkel.nl"); err != nil || !cleared {
		t.Fatalf("ClearBounce = %v, %v", cleared, err)
	}
	detractor("R4")
	rounds(1)
	smtp.Wait(t, 1, 5*time.Second)
}
