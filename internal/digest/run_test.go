package digest

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/smtptest"
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
