package storetest

import (
	"context"
	"database/sql"
	"reflect"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

// testDigests: a schedule is stored, replaced, read back and listed unless "none"; a user
// without one is not found; a period is claimed once, and again after it was unclaimed.
func testDigests(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	u := anouk()
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	_, err := s.DigestSchedule(ctx, u.ID)
	wantCode(t, "DigestSchedule of a user without one", err, cx.ENOTFOUND)
	at := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	d := &cx.DigestSchedule{UserID: u.ID, Frequency: "daily", Hour: 7, Minute: 30, Lang: "nl", UpdatedAt: at}
	if err := s.SetDigestSchedule(ctx, d); err != nil {
		t.Fatal(err)
	}
	d2 := &cx.DigestSchedule{UserID: u.ID, Frequency: "weekly", Weekday: time.Friday, Hour: 16, Minute: 5, Lang: "en", UpdatedAt: at.Add(time.Hour)}
	if err := s.SetDigestSchedule(ctx, d2); err != nil {
		t.Fatal(err)
	}
	got, err := s.DigestSchedule(ctx, u.ID)
	if err != nil || got.UserID != u.ID || got.Frequency != "weekly" || got.Weekday != time.Friday || got.Hour != 16 ||
		got.Minute != 5 || got.Lang != "en" || !got.UpdatedAt.Equal(d2.UpdatedAt) {
		t.Errorf("DigestSchedule = %+v, %v; want %+v", got, err, d2)
	}
	if list, err := s.DigestSchedules(ctx); err != nil || len(list) != 1 || list[0].UserID != u.ID {
		t.Errorf("DigestSchedules = %+v, %v", list, err)
	}
	d2.Frequency = "none"
	if err := s.SetDigestSchedule(ctx, d2); err != nil {
		t.Fatal(err)
	}
	if list, err := s.DigestSchedules(ctx); err != nil || len(list) != 0 {
		t.Errorf("DigestSchedules with none = %+v, %v; want none", list, err)
	}
	// A claim's lapse is judged by the store's clock, as leases are (testSyncs): real time, a
	// lapse of 2 s (whole seconds) passed 3 s after the claim.
	now, lapse := time.Now(), 2*time.Second
	claim := func(what, period string, want bool) {
		t.Helper()
		if ok, err := s.ClaimDigest(ctx, u.ID, period, now, lapse); ok != want || err != nil {
			t.Errorf("%s: claimed %v, %v; want %v", what, ok, err, want)
		}
	}
	claim("claim", "week:2026-11-23", true)
	claim("claimed again at once", "week:2026-11-23", false)
	claim("claim of the next period", "week:2026-11-30", true)
	if err := s.UnclaimDigest(ctx, u.ID, "week:2026-11-23", now); err != nil {
		t.Fatal(err)
	}
	claim("claim after unclaim", "week:2026-11-23", true)
	if err := s.MarkDigestSent(ctx, u.ID, "week:2026-11-23", ""); err != nil {
		t.Fatal(err)
	}
	// week:2026-11-30's claim is of a node that died before it sent; 11-23's went.
	died := now // the time of that node's claim
	time.Sleep(3 * time.Second)
	now = time.Now()
	claim("claim of a sent period after the lapse", "week:2026-11-23", false)
	claim("claim of a lapsed claim", "week:2026-11-30", true)
	claim("claimed again at once after taking it over", "week:2026-11-30", false)
	// The node thought dead was only slow; its send fails and it takes its claim back: the
	// claim taken over stays, or a third node would send what the second is sending.
	if err := s.UnclaimDigest(ctx, u.ID, "week:2026-11-30", died); err != nil {
		t.Fatal(err)
	}
	claim("claimed again after the slow node's failure", "week:2026-11-30", false)
}

// testDigestsSent: a settled period is listed with why it went to nobody ("" when it went), the
// newest first, a user's own only; a claim not yet settled is no send to list.
func testDigestsSent(t *testing.T, s store.Accounts) {
	ctx := context.Background()
	u, other := anouk(), anouk()
	other.Email = "bram@fietsenwinkel.nl"
	for _, x := range []*cx.User{u, other} {
		if err := s.CreateUser(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	day := func(d int) time.Time { return time.Date(2026, 11, d, 8, 0, 0, 0, time.UTC) }
	sends := []struct {
		user   int64
		period string
		at     time.Time
		reason string // "-" leaves the claim unsettled
	}{
		{u.ID, "week:2026-11-09", day(16), ""},
		{u.ID, "week:2026-11-16", day(23), cx.DigestBounced},
		{u.ID, "week:2026-11-23", day(30), cx.DigestBounceHeld},
		{u.ID, "week:2026-11-30", day(30).AddDate(0, 0, 7), "-"},
		{other.ID, "day:2026-11-29", day(30), cx.DigestNoAgent},
	}
	for _, x := range sends {
		if ok, err := s.ClaimDigest(ctx, x.user, x.period, x.at, time.Hour); !ok || err != nil {
			t.Fatalf("claim %s: %v, %v", x.period, ok, err)
		}
		if x.reason != "-" {
			if err := s.MarkDigestSent(ctx, x.user, x.period, x.reason); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := []cx.DigestSend{
		{Period: "week:2026-11-23", At: day(30), Reason: cx.DigestBounceHeld},
		{Period: "week:2026-11-16", At: day(23), Reason: cx.DigestBounced},
		{Period: "week:2026-11-09", At: day(16), Reason: ""},
	}
	got, err := s.DigestsSent(ctx, u.ID, 10)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("DigestsSent = %+v, %v;\nwant %+v", got, err, want)
	}
	if got, err := s.DigestsSent(ctx, u.ID, 2); err != nil || !reflect.DeepEqual(got, want[:2]) {
		t.Errorf("DigestsSent, at most 2 = %+v, %v", got, err)
	}
	if got, err := s.DigestsSent(ctx, other.ID, 10); err != nil || len(got) != 1 || got[0].Reason != cx.DigestNoAgent {
		t.Errorf("DigestsSent of the other user = %+v, %v", got, err)
	}
}

// DigestReasonsMigrated brings db back to before migration version (digests_sent.reason),
// settles a period as the releases before it did (no reason: sent or to nobody, unknown) and
// leaves another claimed, and migrates again: the settled period reads cx.DigestUnknown, not
// sent, and the claim, settled after the migration as sent, reads sent. d writes the
// placeholders.
func DigestReasonsMigrated(t *testing.T, s store.Accounts, db *sql.DB, d sqldb.Dialect, dialect goose.Dialect, m sqldb.Migrations, version int64) {
	ctx := context.Background()
	u := anouk()
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	p := migratedBefore(t, db, dialect, m, version)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 8, 0, 0, 0, time.UTC) }
	for _, q := range []struct {
		period  string
		at      time.Time
		claimed any // nil: settled
	}{
		{"week:2026-11-16", day(23), nil},
		{"week:2026-11-23", day(30), day(30).Unix()},
	} {
		if _, err := db.ExecContext(ctx, d.SQL("INSERT INTO digests_sent (user_id, period, sent_at, claimed_at) VALUES ($1, $2, $3, $4)"),
			u.ID, q.period, q.at.Unix(), q.claimed); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	want := []cx.DigestSend{{Period: "week:2026-11-16", At: day(23), Reason: cx.DigestUnknown}}
	if got, err := s.DigestsSent(ctx, u.ID, 10); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("DigestsSent after the migration = %+v, %v;\nwant %+v", got, err, want)
	}
	if err := s.MarkDigestSent(ctx, u.ID, "week:2026-11-23", ""); err != nil {
		t.Fatal(err)
	}
	want = append([]cx.DigestSend{{Period: "week:2026-11-23", At: day(30), Reason: ""}}, want...)
	if got, err := s.DigestsSent(ctx, u.ID, 10); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("DigestsSent after the claim went = %+v, %v;\nwant %+v", got, err, want)
	}
}
