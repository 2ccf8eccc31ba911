package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/mail"
	"github.com/klantpuls/klantpuls/internal/smtptest"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/survey"
)

// queueInvitation invites address to sv by e-mail through the API and returns the invitation's id.
func (ls *loopServer) queueInvitation(t *testing.T, sv *cx.Survey, address string) string {
	t.Helper()
	res := ls.withToken("adminWrite").postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"email":%q}`, sv.ID, address))
	var out struct{ Invitations []struct{ ID, Status string } }
	json.Unmarshal([]byte(res.body), &out)
	if res.status != 200 || len(out.Invitations) != 1 || out.Invitations[0].Status != cx.InviteQueued {
		t.Fatalf("invite: %d %s", res.status, res.body)
	}
	return out.Invitations[0].ID
}

// TestTemporaryMailRefusalIsRetried: a 4xx reply is temporary (mail.IsPermanent: "retry
// later"), yet before the fix the invitation was marked failed at once and never sent when the
// server was back. Now it waits and is tried again: after 30 minutes (RFC 5321 4.5.4.1: at
// least 30 minutes), then 1, 2 and 4 hours; the fifth refusal marks it failed.
func TestTemporaryMailRefusalIsRetried(t *testing.T) {
	t.Run("sent when the server is back", func(t *testing.T) {
		ls := startLoopServer(t)
		id := ls.queueInvitation(t, ls.survey(t, cx.SurveyCSAT), "klant@example.nl")
		start := ls.now
		ls.smtp.Fail(true) // the next DATA fails with 451, once
		if n, err := ls.surveys.SendQueued(context.Background(), 10); n != 0 || err != nil {
			t.Fatalf("sent %d (%v) while the server refused", n, err)
		}
		for _, tt := range []struct {
			after time.Duration
			sent  int
		}{
			{29*time.Minute + 59*time.Second, 0}, // not yet its turn
			{30 * time.Minute, 1},
		} {
			ls.now = start.Add(tt.after)
			if n, err := ls.surveys.SendQueued(context.Background(), 10); n != tt.sent || err != nil {
				t.Errorf("after %v: sent %d (%v), want %d", tt.after, n, err, tt.sent)
			}
		}
		inv, err := ls.app.Invitation(context.Background(), id)
		if err != nil || inv.Status != cx.InviteSent || inv.Attempts != 1 || inv.Error != "" || len(ls.smtp.Messages()) != 1 {
			t.Errorf("invitation %+v, %v; %d messages: want sent on the second try, once", inv, err, len(ls.smtp.Messages()))
		}
	})
	t.Run("failed after five refusals", func(t *testing.T) {
		ls := startLoopServer(t)
		id := ls.queueInvitation(t, ls.survey(t, cx.SurveyCSAT), "klant@example.nl")
		start := ls.now
		// Tries at 0, 30 m, 30 m + 1 h, + 2 h, + 4 h.
		for i, at := range []time.Duration{0, 30 * time.Minute, 90 * time.Minute, 210 * time.Minute, 450 * time.Minute} {
			if at > 0 {
				ls.now = start.Add(at - time.Second)
				ls.surveys.SendQueued(context.Background(), 10)
				if inv, _ := ls.app.Invitation(context.Background(), id); inv.Attempts != i {
					t.Fatalf("a second before try %d: %d tries made, want %d", i+1, inv.Attempts, i)
				}
			}
			ls.now = start.Add(at)
			ls.smtp.Fail(true)
			ls.surveys.SendQueued(context.Background(), 10)
		}
		inv, err := ls.app.Invitation(context.Background(), id)
		if err != nil || inv.Status != cx.InviteFailed || inv.Attempts != 5 {
			t.Fatalf("after five refusals: %+v, %v; want failed after 5 tries", inv, err)
		}
		ls.now = start.Add(48 * time.Hour)
		if n, _ := ls.surveys.SendQueued(context.Background(), 10); n != 0 || len(ls.smtp.Messages()) != 0 {
			t.Errorf("a failed invitation was sent later (%d)", n)
		}
	})
}

// TestInactiveSurveySendsNoQueuedInvitation: the admin switches a survey off; before the fix
// invitations still in the queue (mail was down, or the batch was large) went out anyway. Now
// they are marked as not sent because the survey is off, and stay so when it is switched on.
func TestInactiveSurveySendsNoQueuedInvitation(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyCSAT)
	id := ls.queueInvitation(t, sv, "klant@example.nl")
	sv.Active = false
	if err := ls.app.UpdateSurvey(context.Background(), sv); err != nil {
		t.Fatal(err)
	}
	n, err := ls.surveys.SendQueued(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 || len(ls.smtp.Messages()) != 0 {
		t.Errorf("sent %d invitation(s) of an inactive survey, want 0", n)
	}
	if inv, err := ls.app.Invitation(context.Background(), id); err != nil || inv.Status != cx.InviteSurveyOff {
		t.Errorf("invitation %+v, %v; want status %s", inv, err, cx.InviteSurveyOff)
	}
	sv.Active = true
	if err := ls.app.UpdateSurvey(context.Background(), sv); err != nil {
		t.Fatal(err)
	}
	if n, _ := ls.surveys.SendQueued(context.Background(), 10); n != 0 {
		t.Errorf("switched on again, the survey sent %d invitation(s) of before", n)
	}
}

// senderNode is a node on the PostgreSQL database dsn that sends invitations through smtp, as
// serve wires it (cmd/klantpuls/loop.go): under its own name for the lease, holder.
func senderNode(t *testing.T, dsn string, smtp *smtptest.Server, holder string) (*app.App, *survey.Service) {
	t.Helper()
	ctx := context.Background()
	a, err := app.Open(ctx, dsn, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	signer, err := survey.NewSigner(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	sender, err := mail.NewSMTP(mail.Config{Host: smtp.Host(), Port: smtp.Port(), From: "Klantenservice <service@example.nl>", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	return a, &survey.Service{App: a, Invitations: a, Signer: signer, Mail: sender, BaseURL: "https://klantpuls.example.nl",
		Holder: holder, Now: time.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// queueInvitation makes an invitation of survey surveyID to email on node as the API does
// (Prepare, then Make), and fails the test, saying what, unless it is queued.
func queueInvitation(t *testing.T, node *survey.Service, surveyID int64, email, what string) *cx.Invitation {
	t.Helper()
	ctx := context.Background()
	inv, err := node.Prepare(ctx, survey.Request{SurveyID: surveyID, Email: email})
	if err == nil {
		err = node.Make(ctx, inv)
	}
	if err != nil || inv.Status != cx.InviteQueued {
		t.Fatalf("%s: %+v %v", what, inv, err)
	}
	return inv
}

// TestInvitationsSentOnceOnTwoNodes: README, Production: "any number of nodes behind a load
// balancer" share one PostgreSQL, and every serve runs the invitation sender
// (survey.Service.Run every 5 s). Before the fix QueuedInvitations was the whole of it, so two
// nodes whose ticks met both sent the same queued invitations — a customer got the same survey
// twice, and the second node's re-screen overwrote "sent" with "throttled". Each invitation goes
// out once now and ends "sent"; and of two invitations queued for one address only the first
// goes, the second throttled (README: nobody is asked more than once per throttle_days, 30 by
// default), though each node may pick up either.
func TestInvitationsSentOnceOnTwoNodes(t *testing.T) {
	dsn := postgrestest.Fresh(t)
	ctx := context.Background()
	smtp := smtptest.Start(t)
	a, nodeA := senderNode(t, dsn, smtp, "node-a:1")
	_, nodeB := senderNode(t, dsn, smtp, "node-b:1")
	sv := &cx.Survey{Kind: cx.SurveyCSAT, Name: "csat na contact", QuestionNL: "Hoe tevreden bent u?", QuestionEN: "How satisfied are you?", Active: true}
	if err := a.CreateSurvey(ctx, sv); err != nil {
		t.Fatal(err)
	}
	const n = 20
	var ids []string
	for i := range n {
		inv := queueInvitation(t, nodeA, sv.ID, fmt.Sprintf("klant%02d@example.nl", i), fmt.Sprintf("invite %d", i))
		ids = append(ids, inv.ID)
	}
	// A second invitation to the first address, queued too: the first is not sent yet.
	again := queueInvitation(t, nodeB, sv.ID, "klant00@example.nl", "second invitation to klant00")
	// Both nodes' senders tick at about the same moment.
	var wg sync.WaitGroup
	for _, s := range []*survey.Service{nodeA, nodeB} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.SendQueued(ctx, 100); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	per := map[string]int{}
	for _, m := range smtp.Messages() {
		for _, to := range m.To {
			per[to]++
		}
	}
	twice := 0
	for _, c := range per {
		if c > 1 {
			twice++
		}
	}
	if len(smtp.Messages()) != n || twice > 0 {
		t.Errorf("%d addresses invited, %d e-mails sent, %d customers got the survey more than once; want each once",
			n, len(smtp.Messages()), twice)
	}
	notSent := 0
	for _, id := range ids {
		inv, err := a.Invitation(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if inv.Status != cx.InviteSent {
			notSent++
			t.Logf("invitation to %s: %s", inv.Email, inv.Status)
		}
	}
	if notSent > 0 {
		t.Errorf("%d of %d invitations that were e-mailed are not recorded as sent", notSent, n)
	}
	if inv, err := a.Invitation(ctx, again.ID); err != nil || inv.Status != cx.InviteThrottled {
		t.Errorf("the second invitation to klant00: %+v %v; want throttled", inv, err)
	}
}

// TestBounceLoggedWithoutAddress: an invitation the mail server refuses (550, an address that
// no longer exists) is logged at WARN by its id, with the server's reply, but not the address:
// the SMTP library's error lists the recipient and a server's reply may quote it, and no
// erasure reaches a log line (the erasure removes the error from the invitation itself).
func TestBounceLoggedWithoutAddress(t *testing.T) {
	ls := startLoopServer(t)
	var logs syncBuffer
	ls.surveys.Log = slog.New(slog.NewJSONHandler(&logs, nil))
	const addr = "w.zwanenburg@example.nl"
	ls.smtp.RejectRecipient(addr, 550, "5.1.1 <W.Zwanenburg@example.nl>: user unknown")
	w := ls.withToken("adminWrite")
	sv := ls.survey(t, cx.SurveyNPS)
	id := invite(t, w, sv.ID, addr)
	ls.surveys.SendQueued(context.Background(), 10)
	var warned bool
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(strings.ToLower(line), addr) {
			t.Errorf("the log names the customer's address: %s", line)
		}
		warned = warned || (strings.Contains(line, `"WARN"`) && strings.Contains(line, id) && strings.Contains(line, "550") && strings.Contains(line, "user unknown"))
	}
	if !warned {
		t.Errorf("no warning naming invitation %s and the server's 550 user unknown:\n%s", id, logs.String())
	}
}

// TestInvitationLeaseUnderClockSkew: two nodes on one PostgreSQL whose clocks differ
// by two minutes (node b's runs ahead). Two invitations to one address are queued. Node a
// holds the invitations' lease and is sending the first (its claim made, the SMTP transfer under
// way). README: "only the node holding the invitations' lease in the database sends, and each
// invitation is claimed before it goes, so none is e-mailed twice"; "Nobody is asked more than
// once per throttle_days". The sender's comment (survey/send.go) gives the lease's reason: "so
// the invitations of one address go out one after the other and the re-screen of the second
// sees the first sent". Node b must send nothing while a holds the lease. The lease (1 minute)
// and the claims were judged by each node's own clock: b found a's lease lapsed, took it, and
// e-mailed the second invitation while a sent the first — the customer got the survey twice.
// PostgreSQL's clock judges them now.
func TestInvitationLeaseUnderClockSkew(t *testing.T) {
	dsn := postgrestest.Fresh(t)
	ctx := context.Background()
	smtp := smtptest.Start(t)
	a, nodeA := senderNode(t, dsn, smtp, "node-a:1")
	_, nodeB := senderNode(t, dsn, smtp, "node-b:1")
	nodeB.Now = func() time.Time { return time.Now().Add(2 * time.Minute) }
	sv := &cx.Survey{Kind: cx.SurveyCSAT, Name: "csat na contact", QuestionNL: "Hoe tevreden bent u?", QuestionEN: "How satisfied are you?", Active: true}
	if err := a.CreateSurvey(ctx, sv); err != nil {
		t.Fatal(err)
	}
	first := queueInvitation(t, nodeA, sv.ID, "klant00@example.nl", "first")
	second := queueInvitation(t, nodeA, sv.ID, "klant00@example.nl", "second")
	// Node a's round, as SendQueued does it: the lease, then the first invitation's claim; its
	// SMTP transfer is now under way.
	now := time.Now().UTC()
	if held, err := a.ClaimSync(ctx, "lease:invitations", "node-a:1", now, time.Minute); err != nil || !held {
		t.Fatalf("lease: %v %v", held, err)
	}
	if ok, err := a.ClaimInvitation(ctx, first.ID, now, 10*time.Minute); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	// Node b's sender ticks a few seconds later.
	sent, err := nodeB.SendQueued(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if sent != 0 || len(smtp.Messages()) != 0 {
		inv, _ := a.Invitation(ctx, second.ID)
		t.Errorf("node b sent %d invitation(s) while node a held the lease and was sending the first to klant00 (the second is now %q): the customer gets the survey twice",
			sent, inv.Status)
	}
}

// TestInvitationLeaseRenewedWhileSending: the mail server takes longer to accept an invitation
// than the sender's lease lasts (here a lease of 2 s and a server answering DATA after 3 s; in
// production a minute against a slow provider, whose every SMTP command mail.DefaultTimeout
// bounds, not the exchange). Node a sends the first of two invitations to one address; node b
// checks meanwhile. The lease is renewed while a sends, so b sends nothing, and the second is
// throttled once the first went (throttle_days): one e-mail. Unrenewed, b took the lapsed lease
// and e-mailed the second while the first was under way.
func TestInvitationLeaseRenewedWhileSending(t *testing.T) {
	dsn := postgrestest.Fresh(t)
	ctx := context.Background()
	smtp := smtptest.Start(t)
	smtp.Slow(3 * time.Second)
	a, nodeA := senderNode(t, dsn, smtp, "node-a:1")
	_, nodeB := senderNode(t, dsn, smtp, "node-b:1")
	nodeA.Lease, nodeB.Lease = 2*time.Second, 2*time.Second
	sv := &cx.Survey{Kind: cx.SurveyCSAT, Name: "csat na contact", QuestionNL: "Hoe tevreden bent u?", QuestionEN: "How satisfied are you?", Active: true}
	if err := a.CreateSurvey(ctx, sv); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		queueInvitation(t, nodeA, sv.ID, "klant00@example.nl", "invite")
	}
	sentByA := make(chan int, 1)
	go func() {
		n, err := nodeA.SendQueued(ctx, 100)
		if err != nil {
			t.Error(err)
		}
		sentByA <- n
	}()
	time.Sleep(time.Second) // a holds the lease and is in the first's 3 s exchange
	sentByB := 0
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		n, err := nodeB.SendQueued(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		sentByB += n
	}
	if n := <-sentByA; n != 1 || sentByB != 0 || len(smtp.Messages()) != 1 {
		t.Errorf("node a sent %d, node b %d, %d e-mails arrived; want 1 by a, none by b, 1 e-mail (the second throttled)",
			n, sentByB, len(smtp.Messages()))
	}
}

// TestInvitationMailNamesItsLanguage: the invitation's HTML part was <html> without lang, so a
// screen reader read the Dutch question in the reader's default voice (WCAG 3.1.1); the
// digest's HTML mail names its language. Now it is the invitation's, Dutch or English.
func TestInvitationMailNamesItsLanguage(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyNPS)
	for i, lang := range []string{"nl", "en"} {
		res := ls.withToken("adminWrite").postJSON("/api/v1/invitations",
			fmt.Sprintf(`{"survey_id":%d,"email":"lang%d@example.nl","lang":%q}`, sv.ID, i, lang))
		if res.status != 200 {
			t.Fatalf("invite: %d %s", res.status, res.body)
		}
		if _, err := ls.surveys.SendQueued(context.Background(), 10); err != nil {
			t.Fatal(err)
		}
		m := ls.smtp.Wait(t, i+1, 5*time.Second)[i]
		if want := `<html lang="` + lang + `">`; !strings.Contains(m.HTMLBody, want) {
			t.Errorf("%s invitation's HTML part starts %.60q; want %s", lang, m.HTMLBody, want)
		}
	}
}
