package digest

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestRefusedDigestHoldsNoAddress: every 5xx to a digest was a bounce, which holds the user's
// address back from all mail: a mail server that would not relay for the [mail] sender ("550
// 5.7.1 Relay access denied") held every user's address. Such a refusal is of the message: the
// period is settled as refused (not tried again every check: RFC 5321 says a 5yz is not
// repeated as is), the log gives the server's reply, and no address is held, so next week's
// digest goes once the setting is right. A 550 5.1.1 still holds its address.
func TestRefusedDigestHoldsNoAddress(t *testing.T) {
	ctx := context.Background()
	a := planted(t)
	weekly := cx.DigestSchedule{Frequency: "weekly", Weekday: time.Monday, Hour: 8, Lang: "nl"}
	lead := schedule(t, a, "lead@example.nl", cx.RoleManager, "", weekly)
	gone := schedule(t, a, "gone@example.nl", cx.RoleManager, "", weekly)
	srv, sender := smtpServer(t)
	var log bytes.Buffer
	_, check := clockedRunner(t, a, sender, &log)
	srv.RejectRecipient("lead@example.nl", 550, "5.7.1 <lead@example.nl>: Relay access denied")
	srv.RejectRecipient("gone@example.nl", 550, "5.1.1 <gone@example.nl>: user unknown")
	if n := check(now); n != 0 {
		t.Fatalf("sent %d digests to refusing servers", n)
	}
	for _, c := range []struct {
		address string
		held    bool
	}{{"lead@example.nl", false}, {"gone@example.nl", true}} {
		if got, err := a.Bounced(ctx, c.address); err != nil || got != c.held {
			t.Errorf("Bounced(%s) = %v, %v; want %v", c.address, got, err, c.held)
		}
	}
	if got, err := a.DigestsSent(ctx, gone.ID); err != nil || len(got) != 1 || got[0].Reason != cx.DigestBounced {
		t.Errorf("gone@'s week 48: %+v, %v; want bounced", got, err)
	}
	logged := false
	for _, l := range strings.Split(log.String(), "\n") {
		logged = logged || strings.Contains(l, fmt.Sprintf("user=%d ", lead.ID)) && strings.Contains(l, "Relay access denied")
	}
	if !logged {
		t.Errorf("no log line gives lead@'s refusal as the server said it:\n%s", log.String())
	}

	// Not tried again at the next check; next week, the relay taking the sender, it goes.
	check(now.Add(CheckInterval))
	srv.AcceptRecipient("lead@example.nl")
	week49 := time.Date(2026, 12, 7, 8, 5, 0, 0, ams)
	if n := check(week49); n != 1 {
		t.Errorf("week 49: sent %d digests, want 1 (lead@'s)", n)
	}
	if asked := srv.AskedFor("lead@example.nl"); asked != 2 {
		t.Errorf("the server was asked for lead@ %d times, want 2 (week 48 once, week 49)", asked)
	}
	want := []cx.DigestSend{
		{Period: "week:2026-11-30", At: week49.UTC()},
		{Period: "week:2026-11-23", At: now.UTC(), Reason: cx.DigestRefused},
	}
	if got, err := a.DigestsSent(ctx, lead.ID); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("lead@'s digests: %+v, %v;\nwant %+v", got, err, want)
	}
}

// TestUnrecordedRefusalKeepsTheServersReply: a period refused for good whose record the database
// then refused was logged with the store's error alone; what the mail server said — why the
// digest did not go — was logged nowhere. Both are now.
func TestUnrecordedRefusalKeepsTheServersReply(t *testing.T) {
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	a := plantedAt(t, path)
	weekly := cx.DigestSchedule{Frequency: "weekly", Weekday: time.Monday, Hour: 8, Lang: "en"}
	lead := schedule(t, a, "lead@example.nl", cx.RoleManager, "", weekly)
	gone := schedule(t, a, "gone@example.nl", cx.RoleManager, "", weekly)
	srv, sender := smtpServer(t)
	srv.RejectRecipient("lead@example.nl", 550, "5.7.1 Relay access denied")
	srv.RejectRecipient("gone@example.nl", 550, "5.1.1 user unknown")
	var log bytes.Buffer
	_, check := clockedRunner(t, a, sender, &log)
	sqlitetest.RefuseUpdates(t, path, "digests_sent")
	check(now)
	for _, c := range []struct {
		id    int64
		reply string
	}{{lead.ID, "Relay access denied"}, {gone.ID, "user unknown"}} {
		if n, _ := logged(log.String(), c.id, "updates refused", c.reply); n == 0 {
			t.Errorf("no line gives user %d's store error and the server's %q:\n%s", c.id, c.reply, log.String())
		}
	}
}
