package alert

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
)

// alertOf is the alert w holds for answer id.
func (w *world) alertOf(t *testing.T, id string, rule int64) cx.Alert {
	t.Helper()
	all, err := w.app.ListAlerts(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.ResponseID == id && a.RuleID == rule {
			return a
		}
	}
	t.Fatalf("no alert of rule %d for %s", rule, id)
	return cx.Alert{}
}

// rounds runs n rounds of the delivery loop, 30 s apart as in serve.
func (w *world) rounds(t *testing.T, n int) {
	t.Helper()
	for range n {
		if _, err := w.svc.Deliver(context.Background(), detractorAnswer); err != nil {
			t.Fatal(err)
		}
		w.now = w.now.Add(30 * time.Second)
	}
}

// TestRefusedAlertEmailHoldsNoAddress: every 5xx to an alert e-mail was a bounce, which holds the
// address back from every mail — a mail server that would not relay for the [mail] sender ("550
// 5.7.1 Relay access denied") held the lead's address for a fault of the settings. Such a
// refusal is of the message: the alert's e-mail is settled (not tried again: RFC 5321 says a 5yz
// is not repeated as is) with the note email_refused and the server's reply in its error, the
// log gives the reply, and the address is not held. An alert whose only way was that e-mail went
// to nobody: Refused, not HeldBack. A 550 5.1.1 still holds its address.
func TestRefusedAlertEmailHoldsNoAddress(t *testing.T) {
	ctx := context.Background()
	smtp, sender := smtpSender(t)
	w := plant(t, nil, nil, sender)
	var log bytes.Buffer
	w.svc.Log = slog.New(slog.NewTextHandler(&log, nil))
	relay := w.rule(t, cx.AlertRule{Condition: cx.AlertNPSDetractor, Email: "lead@fietsenwinkel.nl"}, "", "")
	gone := w.rule(t, cx.AlertRule{Condition: cx.AlertNPSDetractor, Email: "gone@fietsenwinkel.nl"}, "", "")
	smtp.RejectRecipient("lead@fietsenwinkel.nl", 550, "5.7.1 <lead@fietsenwinkel.nl>: Relay access denied")
	smtp.RejectRecipient("gone@fietsenwinkel.nl", 550, "5.1.1 <gone@fietsenwinkel.nl>: user unknown")
	for _, rule := range []int64{relay.ID, gone.ID} {
		if _, err := w.app.CreateAlert(ctx, &cx.Alert{RuleID: rule, ResponseID: "R1", CreatedAt: w.now}); err != nil {
			t.Fatal(err)
		}
	}
	w.rounds(t, 4)

	a := w.alertOf(t, "R1", relay.ID)
	if a.DeliveredAt.IsZero() || a.Attempts != 1 || a.SentBy != "" || a.Notes != NoteEmailRefused || !Refused(&a) || HeldBack(&a) {
		t.Errorf("the refused alert: settled %v after %d attempts, sent by %q, notes %q, refused %v, held back %v; "+
			"want settled after 1, by no way, noted %s, refused, not held back", !a.DeliveredAt.IsZero(), a.Attempts, a.SentBy,
			a.Notes, Refused(&a), HeldBack(&a), NoteEmailRefused)
	}
	if !strings.Contains(a.Error, "550") || !strings.Contains(a.Error, "Relay access denied") {
		t.Errorf("the refused alert's error %q leaves out what the mail server said", a.Error)
	}
	if held, err := w.app.Bounced(ctx, "lead@fietsenwinkel.nl"); err != nil || held {
		t.Errorf("Bounced(lead@) after a 550 5.7.1 = %v, %v; want false", held, err)
	}
	if n := smtp.AskedFor("lead@fietsenwinkel.nl"); n != 1 {
		t.Errorf("the server was asked for lead@ %d times in four rounds, want once", n)
	}
	if !strings.Contains(log.String(), "Relay access denied") {
		t.Errorf("the log leaves out the server's refusal:\n%s", log.String())
	}

	b := w.alertOf(t, "R1", gone.ID)
	if b.Notes != NoteEmailBounced || !HeldBack(&b) || Refused(&b) {
		t.Errorf("the bounced alert: notes %q, held back %v, refused %v; want %s, held back", b.Notes, HeldBack(&b), Refused(&b), NoteEmailBounced)
	}
	if held, err := w.app.Bounced(ctx, "gone@fietsenwinkel.nl"); err != nil || !held {
		t.Errorf("Bounced(gone@) after a 550 5.1.1 = %v, %v; want true", held, err)
	}
}

// TestRefusedSummaryEmailIsNotSentAgain: a flood's summary whose e-mail the mail server refused
// for good (550 5.7.1) while its webhook failed (500) is tried again for the webhook's sake; the
// e-mail is not sent again, and the log gives the server's reply, where it gave only a code.
func TestRefusedSummaryEmailIsNotSentAgain(t *testing.T) {
	ctx := context.Background()
	smtp, sender := smtpSender(t)
	srv, _ := failingHook(t, http.StatusInternalServerError)
	w := plant(t, nil, nil, sender)
	var log bytes.Buffer
	w.svc.Log = slog.New(slog.NewTextHandler(&log, nil))
	w.svc.MaxPerWindow, w.svc.Window = 1, 10*time.Minute
	rule := w.rule(t, cx.AlertRule{Condition: cx.AlertNPSDetractor, Email: "lead@fietsenwinkel.nl"}, srv.URL, hook.FormatSlack)
	smtp.RejectRecipient("lead@fietsenwinkel.nl", 550, "5.7.1 Relay access denied")
	for _, id := range []string{"R1", "R2", "R3"} {
		if _, err := w.app.CreateAlert(ctx, &cx.Alert{RuleID: rule.ID, ResponseID: id, CreatedAt: w.now}); err != nil {
			t.Fatal(err)
		}
	}
	w.rounds(t, 1) // R1 alone, R2 and R3 held back
	w.now = w.now.Add(11 * time.Minute)
	w.rounds(t, 12) // the summary's attempts: its webhook fails each time

	// R1's e-mail once, the summary's once.
	if n := smtp.AskedFor("lead@fietsenwinkel.nl"); n != 2 {
		t.Errorf("the server was asked for lead@ %d times, want 2 (R1's e-mail and the summary's, once each)", n)
	}
	summaryLines := 0
	for _, l := range strings.Split(log.String(), "\n") {
		if strings.Contains(l, "summary e-mail") {
			summaryLines++
			if !strings.Contains(l, "Relay access denied") {
				t.Errorf("the summary's line leaves out the server's reply: %s", l)
			}
		}
	}
	if summaryLines != 1 {
		t.Errorf("%d lines about the summary's e-mail, want 1:\n%s", summaryLines, log.String())
	}
	if a := w.alertOf(t, "R1", rule.ID); !strings.Contains(a.Notes, NoteEmailRefused) || !strings.Contains(a.Error, "Relay access denied") {
		t.Errorf("R1, retried for its webhook: notes %q, error %q; want its e-mail's refusal kept", a.Notes, a.Error)
	}
	if held, err := w.app.Bounced(ctx, "lead@fietsenwinkel.nl"); err != nil || held {
		t.Errorf("Bounced(lead@) = %v, %v; want false", held, err)
	}
}

// TestBouncedEmailStaysNotedOnRetry: an alert goes by e-mail and webhook; the e-mail bounced
// (550 5.1.1) on the first attempt while the webhook failed (500), so the alert was tried again.
// The second attempt tried the e-mail again — a bounced e-mail never enters SentBy — found the
// address held, and wrote email_held over email_bounced, the 550 gone from its error: the page
// said the address was refused "before" of the alert whose own e-mail bounced. An e-mail settled
// by an earlier attempt's note is not tried again, and its note and reply stay with the alert.
func TestBouncedEmailStaysNotedOnRetry(t *testing.T) {
	ctx := context.Background()
	smtp, sender := smtpSender(t)
	var posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
		if posts.Add(1) == 1 {
			http.Error(rw, "down", http.StatusInternalServerError)
			return
		}
		rw.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	w := plant(t, nil, nil, sender)
	rule := w.rule(t, cx.AlertRule{Condition: cx.AlertNPSDetractor, Email: "lead@fietsenwinkel.nl"}, srv.URL, hook.FormatSlack)
	smtp.RejectRecipient("lead@fietsenwinkel.nl", 550, "5.1.1 user unknown")
	if _, err := w.app.CreateAlert(ctx, &cx.Alert{RuleID: rule.ID, ResponseID: "R1", CreatedAt: w.now}); err != nil {
		t.Fatal(err)
	}
	w.rounds(t, 2)

	a := w.alertOf(t, "R1", rule.ID)
	if a.DeliveredAt.IsZero() || a.Attempts != 2 || posts.Load() != 2 {
		t.Fatalf("after two rounds: settled %v after %d attempts, %d posts; want settled on the second, its webhook posted twice",
			!a.DeliveredAt.IsZero(), a.Attempts, posts.Load())
	}
	if a.Notes != NoteEmailBounced || a.SentBy != byWebhook || !strings.Contains(a.Error, "550") {
		t.Errorf("notes %q, sent by %q, error %q; want notes %s, sent by webhook, the 550 kept", a.Notes, a.SentBy, a.Error, NoteEmailBounced)
	}
	if n := smtp.AskedFor("lead@fietsenwinkel.nl"); n != 1 {
		t.Errorf("the server was asked for lead@ %d times, want once", n)
	}
}

// TestRefusedReplyKeptWholeOnRetry: an alert's e-mail was refused for good while its webhook
// failed, so the alert is tried again for the webhook's sake, and the e-mail's reply is written
// again with the webhook's new answer. The reply was read back from the stored error as its last
// part beginning "; e-mail: " — a reply holding those words itself ("Relay access denied; e-mail:
// …") lost all before them on the retry. A webhook's answer is no less the other side's words,
// so no first or last "e-mail: " tells the parts apart: the reply is kept whole.
func TestRefusedReplyKeptWholeOnRetry(t *testing.T) {
	ctx := context.Background()
	smtp, sender := smtpSender(t)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
		http.Error(rw, "down; e-mail: not ours", http.StatusInternalServerError)
	}))
	t.Cleanup(srv.Close)
	w := plant(t, nil, nil, sender)
	rule := w.rule(t, cx.AlertRule{Condition: cx.AlertNPSDetractor, Email: "lead@fietsenwinkel.nl"}, srv.URL, hook.FormatSlack)
	const refusal = "Relay access denied; e-mail: only from our own domain"
	smtp.RejectRecipient("lead@fietsenwinkel.nl", 550, "5.7.1 "+refusal)
	if _, err := w.app.CreateAlert(ctx, &cx.Alert{RuleID: rule.ID, ResponseID: "R1", CreatedAt: w.now}); err != nil {
		t.Fatal(err)
	}
	w.rounds(t, 2) // the refusal and the webhook's 500, then the webhook's 500 again

	a := w.alertOf(t, "R1", rule.ID)
	if a.Attempts != 2 || a.Notes != NoteEmailRefused || smtp.AskedFor("lead@fietsenwinkel.nl") != 1 {
		t.Fatalf("after two rounds: %d attempts, notes %q, lead@ asked %d times; want 2 attempts, noted %s, asked once",
			a.Attempts, a.Notes, smtp.AskedFor("lead@fietsenwinkel.nl"), NoteEmailRefused)
	}
	if !strings.Contains(a.Error, refusal) || strings.Count(a.Error, "Relay access denied") != 1 {
		t.Errorf("error after the retry:\n%s\nwant the server's reply %q in it whole, once", a.Error, refusal)
	}
	if !strings.Contains(a.Error, "not ours") {
		t.Errorf("error after the retry:\n%s\nleaves out the webhook's answer", a.Error)
	}
}
