package digest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	kmail "github.com/klantpuls/klantpuls/internal/mail"
	"github.com/klantpuls/klantpuls/internal/smtptest"
)

// TestDigestBounceHoldsTheAddress: invitations hold an address back once a mail server refused
// it for good (a 5xx bounce), until an admin clears it (CHANGELOG, "An address a mail server
// refused for good"). A digest to such an address went out every period all the same, each
// refused again, and its own refusal was not recorded as a bounce at all. Now a 5xx of a digest
// records the bounce by the address's key, as an invitation's does; the next period's digest
// is not sent, even to a server that would take it, and not retried: the period is settled,
// and the log says so once, without the address. A temporary refusal (4xx) holds nothing and
// is tried again at the next check. After the admin clears the hold, the digest goes again.
func TestDigestBounceHoldsTheAddress(t *testing.T) {
	ctx := context.Background()
	a := planted(t)
	weekly := cx.DigestSchedule{Frequency: "weekly", Weekday: time.Monday, Hour: 8, Lang: "nl"}
	schedule(t, a, "lead@example.nl", cx.RoleManager, "", weekly)
	schedule(t, a, "later@example.nl", cx.RoleManager, "", weekly)
	srv, sender := smtpServer(t)
	var log bytes.Buffer
	_, check := clockedRunner(t, a, sender, &log)
	held := func(address, want string) {
		t.Helper()
		if got, err := a.HeldBack(ctx, address); err != nil || got != want {
			t.Errorf("HeldBack(%q) = %q, %v; want %q", address, got, err, want)
		}
	}

	// Week 48's digests, Thursday 3 December: lead@'s mailbox is gone (550), later@'s server
	// refuses for the time being (450).
	srv.RejectRecipient("lead@example.nl", 550, "5.1.1 user unknown")
	srv.RejectRecipient("later@example.nl", 450, "4.2.1 mailbox busy, try again later")
	if n := check(now); n != 0 {
		t.Fatalf("sent %d digests to refusing servers", n)
	}
	held("Lead <LEAD@example.nl>", cx.InviteBounced)
	held("later@example.nl", "")

	// Both mailboxes work again. later@ gets week 48's digest at the next check; lead@ does not,
	// then or in week 49.
	srv.AcceptRecipient("lead@example.nl")
	srv.AcceptRecipient("later@example.nl")
	if n := check(now.Add(5 * time.Minute)); n != 1 {
		t.Errorf("sent %d digests after the 4xx passed, want 1 (later@'s week 48)", n)
	}
	week49 := time.Date(2026, 12, 7, 8, 5, 0, 0, ams)
	for i := range 3 {
		check(week49.Add(time.Duration(i) * CheckInterval))
	}
	if got := to(srv.Messages(), "lead@example.nl"); got != 0 {
		t.Errorf("lead@ got %d digests after its bounce, want 0 until an admin clears the hold", got)
	}
	if got := to(srv.Messages(), "later@example.nl"); got != 2 {
		t.Errorf("later@ got %d digests (weeks 48 and 49), want 2", got)
	}
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	heldLines := 0
	for _, l := range lines {
		if strings.Contains(l, "held back") {
			heldLines++
			if strings.Contains(strings.ToLower(l), "lead@") {
				t.Errorf("the log names the held address: %s", l)
			}
		}
	}
	if heldLines != 1 {
		t.Errorf("%d log lines say a digest was held back, want 1 (week 49's, once):\n%s", heldLines, log.String())
	}

	// The admin clears the hold: week 50's digest goes.
	if cleared, err := a.ClearBounce(ctx, "lead@example.nl"); err != nil || !cleared {
		t.Fatalf("ClearBounce = %v, %v", cleared, err)
	}
	check(week49.AddDate(0, 0, 7))
	if got := to(srv.Messages(), "lead@example.nl"); got != 1 {
		t.Errorf("lead@ got %d digests after the hold was cleared, want 1", got)
	}
}

// to counts the messages to address.
func to(msgs []smtptest.Message, address string) int {
	n := 0
	for _, m := range msgs {
		for _, rcpt := range m.To {
			if strings.EqualFold(rcpt, address) {
				n++
			}
		}
	}
	return n
}

// TestDigestOutcomesAreKept: a period whose digest went to nobody was settled with its reason
// only in the log, so the user's digest page could not say why it never came. Each settled
// period keeps its outcome with it: lead@'s week 48 was refused for good (550: bounced), week 49
// was held back for that bounce (bounce_held), and after the admin cleared the hold week 50
// went; later@'s week 48 went at once. A 4xx settles nothing, so it leaves no row.
func TestDigestOutcomesAreKept(t *testing.T) {
	ctx := context.Background()
	a := planted(t)
	weekly := cx.DigestSchedule{Frequency: "weekly", Weekday: time.Monday, Hour: 8, Lang: "nl"}
	lead := schedule(t, a, "lead@example.nl", cx.RoleManager, "", weekly)
	later := schedule(t, a, "later@example.nl", cx.RoleManager, "", weekly)
	srv, sender := smtpServer(t)
	_, check := clockedRunner(t, a, sender, io.Discard)
	week49, week50 := time.Date(2026, 12, 7, 8, 5, 0, 0, ams), time.Date(2026, 12, 14, 8, 5, 0, 0, ams)
	srv.RejectRecipient("lead@example.nl", 550, "5.1.1 user unknown")
	srv.RejectRecipient("later@example.nl", 450, "4.2.1 mailbox busy, try again later")
	check(now)
	if got, err := a.DigestsSent(ctx, later.ID); err != nil || len(got) != 0 {
		t.Errorf("later@ after a 4xx: %+v, %v; want no settled period", got, err)
	}
	srv.AcceptRecipient("lead@example.nl")
	srv.AcceptRecipient("later@example.nl")
	check(now.Add(5 * time.Minute))
	check(week49)
	if cleared, err := a.ClearBounce(ctx, "lead@example.nl"); err != nil || !cleared {
		t.Fatalf("ClearBounce = %v, %v", cleared, err)
	}
	check(week50)
	for _, c := range []struct {
		who  *cx.User
		want []cx.DigestSend
	}{
		{lead, []cx.DigestSend{
			{Period: "week:2026-12-07", At: week50.UTC(), Reason: ""},
			{Period: "week:2026-11-30", At: week49.UTC(), Reason: cx.DigestBounceHeld},
			{Period: "week:2026-11-23", At: now.UTC(), Reason: cx.DigestBounced},
		}},
		{later, []cx.DigestSend{
			{Period: "week:2026-12-07", At: week50.UTC()},
			{Period: "week:2026-11-30", At: week49.UTC()},
			{Period: "week:2026-11-23", At: now.Add(5 * time.Minute).UTC()},
		}},
	} {
		got, err := a.DigestsSent(ctx, c.who.ID)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s's digests: %+v, %v;\nwant %+v", c.who.Email, got, err, c.want)
		}
	}
}

// Outcome is the one rule of what a send's error means for its period: settled with its reason,
// or left to the next check.
func TestOutcome(t *testing.T) {
	// refusal is a real mail server's answer code to a message.
	refusal := func(code int, reply string) error {
		srv, sender := smtpServer(t)
		srv.RejectRecipient("x@example.nl", code, reply)
		return sender.Send(context.Background(), kmail.Message{To: "x@example.nl", Subject: "s", Text: "t"})
	}
	for _, c := range []struct {
		name    string
		err     error
		reason  string
		settled bool
	}{
		{"sent", nil, "", true},
		{"bounced", refusal(550, "5.1.1 user unknown"), cx.DigestBounced, true},
		{"refused, not the address", refusal(550, "5.7.1 Relay access denied"), cx.DigestRefused, true},
		{"held back", kmail.ErrHeld, cx.DigestBounceHeld, true},
		{"no agent", ErrNoScope, cx.DigestNoAgent, true},
		{"a 4xx", refusal(450, "4.2.1 mailbox busy"), "", false},
		{"no engine yet", errors.New("digest: the engine is not loaded yet"), "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if reason, settled := Outcome(c.err); reason != c.reason || settled != c.settled {
				t.Errorf("Outcome(%v) = %q, %v; want %q, %v", c.err, reason, settled, c.reason, c.settled)
			}
		})
	}
}
