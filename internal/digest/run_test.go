package digest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/smtptest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// runners are two serve nodes on one database, each with its own clock reading the same time.
func runners(t *testing.T, a *app.App, holders ...string) (*smtptest.Server, []*Runner, *time.Time) {
	t.Helper()
	srv, sender := smtpServer(t)
	clock := new(time.Time)
	var out []*Runner
	for _, h := range holders {
		out = append(out, &Runner{Store: a, Builder: builder(a), Mail: sender, Holder: h,
			Now: func() time.Time { return *clock }, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	}
	return srv, out, clock
}

func schedule(t *testing.T, a *app.App, email, role, agent string, s cx.DigestSchedule) *cx.User {
	t.Helper()
	ctx := context.Background()
	u, err := a.CreateUser(ctx, email, "a long enough password", role, agent, "", now)
	if err != nil {
		t.Fatal(err)
	}
	s.UserID, s.UpdatedAt = u.ID, time.Date(2026, 1, 1, 0, 0, 0, 0, ams) // long before the clocks of the tests
	if err := a.SetDigestSchedule(ctx, &s, cx.AuditEntry{Actor: "test", From: "test"}); err != nil {
		t.Fatal(err)
	}
	return u
}

// Across the fall-back day, 25 October 2026, two nodes check every five minutes for a daily
// digest at 02:30 (a time that happens twice that night): one digest arrives. Likewise on the
// spring-forward day, 29 March 2026, where 02:30 does not happen at all.
func TestRunOncePerPeriodAcrossNodesAndSummerTime(t *testing.T) {
	for _, c := range []struct {
		name string
		day  time.Time
	}{{"fall back", time.Date(2026, 10, 25, 0, 0, 0, 0, ams)}, {"spring forward", time.Date(2026, 3, 29, 0, 0, 0, 0, ams)}} {
		t.Run(c.name, func(t *testing.T) {
			a := planted(t)
			u := schedule(t, a, "lead@example.nl", cx.RoleManager, "", cx.DigestSchedule{Frequency: "daily", Hour: 2, Minute: 30, Lang: "nl"})
			srv, nodes, clock := runners(t, a, "node-a", "node-b")
			ctx := context.Background()
			// The night before's digest went out the night before: until 02:30 it is the one due.
			night := "day:" + c.day.AddDate(0, 0, -2).Format(time.DateOnly)
			if _, err := a.ClaimDigest(ctx, u.ID, night, c.day.AddDate(0, 0, -1), claimLapse); err != nil {
				t.Fatal(err)
			}
			if err := a.MarkDigestSent(ctx, u.ID, night, ""); err != nil {
				t.Fatal(err)
			}
			sentBy := map[string]int{}
			for *clock = c.day; clock.Before(c.day.AddDate(0, 0, 1)); *clock = clock.Add(5 * time.Minute) {
				for _, n := range nodes {
					k, err := n.Check(ctx)
					if err != nil {
						t.Fatal(err)
					}
					sentBy[n.Holder] += k
				}
			}
			if sentBy["node-b"] != 0 || sentBy["node-a"] != 1 {
				t.Errorf("sent by node: %v, want node-a 1 (it holds the lease), node-b 0", sentBy)
			}
			if got := len(srv.Messages()); got != 1 {
				t.Errorf("%d messages arrived, want 1", got)
			}
			want := "klantpuls dagoverzicht: " + map[int]string{10: "24 okt 2026", 3: "28 mrt 2026"}[int(c.day.Month())]
			if msgs := srv.Messages(); len(msgs) == 1 && msgs[0].Subject != want {
				t.Errorf("subject %q, want %q", msgs[0].Subject, want)
			}
		})
	}
}

// Without a lease (one node, or two that do not share one) the record of the period alone keeps
// a second check from sending again; a failed send is tried again at the next check.
func TestRunRecordsThePeriod(t *testing.T) {
	a := planted(t)
	schedule(t, a, "lead@example.nl", cx.RoleManager, "", cx.DigestSchedule{Frequency: "weekly", Weekday: time.Monday, Hour: 8, Lang: "en"})
	schedule(t, a, "anna@example.nl", cx.RoleAgent, "Anna", cx.DigestSchedule{Frequency: "none", Lang: "en"})
	srv, nodes, clock := runners(t, a, "", "")
	*clock = now
	ctx := context.Background()
	srv.Fail(true)
	if k, _ := nodes[0].Check(ctx); k != 0 {
		t.Fatalf("a failed transfer counted as sent")
	}
	for i, n := range nodes {
		k, err := n.Check(ctx)
		if err != nil || k != map[int]int{0: 1, 1: 0}[i] {
			t.Errorf("check %d: sent %d, %v", i, k, err)
		}
	}
	msgs := srv.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != "lead@example.nl" || msgs[0].Subject != "klantpuls weekly digest: 23 Nov 2026 – 29 Nov 2026" {
		t.Errorf("messages: %d %v", len(msgs), msgs)
	}
}

// TestClaimOfADeadNodeLapses: README, "Digests by e-mail": serve "sends each digest
// whose local send time … has passed … once per user and period: the period is recorded in the
// database (digests_sent) before sending and the record removed when sending fails for a
// passing reason … so the next check tries again". Node a holds the lease and records the
// period (ClaimDigest, as Runner.send does before it builds the digest), then dies before the
// e-mail goes out — killed in a deploy, out of memory, its machine gone — so nothing removes the
// record. Node b takes the lease over once a's lapses; the digest must still go out that week,
// as an invitation claimed by a node that died is sent once its claim lapses. The record of the
// dead node's claim never lapsed: the lead got no digest for the period at all.
func TestClaimOfADeadNodeLapses(t *testing.T) {
	a := planted(t)
	s := cx.DigestSchedule{Frequency: "weekly", Weekday: time.Monday, Hour: 8, Lang: "en"}
	u := schedule(t, a, "lead@example.nl", cx.RoleManager, "", s)
	s.UserID, s.UpdatedAt = u.ID, time.Date(2026, 1, 1, 0, 0, 0, 0, ams)
	srv, nodes, clock := runners(t, a, "node-a", "node-b")
	ctx := context.Background()
	monday := time.Date(2026, 11, 30, 8, 0, 0, 0, ams)
	// Node a's check at 08:00: it takes the lease and claims the period, then dies.
	if held, err := a.ClaimSync(ctx, lease, "node-a", monday.UTC(), 3*CheckInterval); err != nil || !held {
		t.Fatalf("lease: %v %v", held, err)
	}
	period, _, due := Due(s, monday)
	if !due {
		t.Fatal("not due")
	}
	if ok, err := a.ClaimDigest(ctx, u.ID, period, monday, claimLapse); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	// Node b checks every five minutes for the rest of the week.
	sent := 0
	for *clock = monday.Add(5 * time.Minute); clock.Before(monday.AddDate(0, 0, 7)); *clock = clock.Add(5 * time.Minute) {
		k, err := nodes[1].Check(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sent += k
	}
	if got := len(srv.Messages()); sent != 1 || got != 1 {
		t.Errorf("the digest of %s: sent %d, %d messages arrived; want 1 (node a died after claiming it)", period, sent, got)
	}
}

// TestASendIsSettledWithItsOutcomeOrSaidToBeNot: a period is settled — and what became of its
// digest recorded (digests_sent.reason) — in one write after the mail server answered, and the
// log speaks only after it. A database that refuses that write (a full disk) left the runner
// saying the wrong thing: lead@'s digest, which went, was logged as "digest not sent", and the
// digest held back for held@'s bounce was logged as held and settled while the store's error
// was dropped, so no line said the period was not recorded. Now a send that went but is not
// recorded says so, with the store's error; a hold not recorded says the store's error, not
// "held back". Neither period is settled, so once the claims lapse the next check sends lead@'s
// digest again (twice rather than a period settled without its outcome) and records both, and
// "held back" is said once, when it is.
func TestASendIsSettledWithItsOutcomeOrSaidToBeNot(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	a := plantedAt(t, path)
	weekly := cx.DigestSchedule{Frequency: "weekly", Weekday: time.Monday, Hour: 8, Lang: "en"}
	lead := schedule(t, a, "lead@example.nl", cx.RoleManager, "", weekly)
	held := schedule(t, a, "held@example.nl", cx.RoleManager, "", weekly)
	if err := a.Bounce(ctx, "held@example.nl", now.AddDate(0, 0, -30)); err != nil {
		t.Fatal(err)
	}
	srv, sender := smtpServer(t)
	var log bytes.Buffer
	clock := now
	r := &Runner{Store: a, Builder: builder(a), Mail: sender, Now: func() time.Time { return clock },
		Log: slog.New(slog.NewTextHandler(&log, nil))}
	lines := func(of int64, says string) (n int, text string) { return logged(log.String(), of, says) }

	lift := sqlitetest.RefuseUpdates(t, path, "digests_sent")
	if n, err := r.Check(ctx); n != 1 || err != nil {
		t.Errorf("check with the record refused: %d sent, %v; want 1 (lead@'s went)", n, err)
	}
	if got := to(srv.Messages(), "lead@example.nl"); got != 1 {
		t.Fatalf("lead@ got %d digests, want 1", got)
	}
	if n, text := lines(lead.ID, "not sent"); n != 0 {
		t.Errorf("the log says lead@'s digest, which went, was not sent:\n%s", text)
	}
	if n, _ := lines(lead.ID, "sent, not recorded"); n != 1 || !strings.Contains(log.String(), "updates refused") {
		t.Errorf("no line says lead@'s digest went but is not recorded, with the store's error:\n%s", log.String())
	}
	if n, _ := lines(held.ID, "updates refused"); n != 1 {
		t.Errorf("no line gives the store's error for held@'s period:\n%s", log.String())
	}
	if n, text := lines(held.ID, "held back"); n != 0 {
		t.Errorf("held@'s hold was logged as done though it is not recorded:\n%s", text)
	}
	for _, u := range []*cx.User{lead, held} {
		if got, err := a.DigestsSent(ctx, u.ID); err != nil || len(got) != 0 {
			t.Errorf("%s: settled %+v, %v; want nothing settled", u.Email, got, err)
		}
	}

	lift()
	clock = now.Add(claimLapse + CheckInterval)
	if _, err := r.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if got := to(srv.Messages(), "lead@example.nl"); got != 2 {
		t.Errorf("lead@ got %d digests, want 2: the unrecorded one goes again once its claim lapses", got)
	}
	for _, c := range []struct {
		u      *cx.User
		reason string
	}{{lead, ""}, {held, cx.DigestBounceHeld}} {
		if got, err := a.DigestsSent(ctx, c.u.ID); err != nil || len(got) != 1 || got[0].Reason != c.reason {
			t.Errorf("%s: settled %+v, %v; want one period, reason %q", c.u.Email, got, err, c.reason)
		}
	}
	if n, _ := lines(held.ID, "held back"); n != 1 {
		t.Errorf("held@'s hold said %d times, want once:\n%s", n, log.String())
	}
}
