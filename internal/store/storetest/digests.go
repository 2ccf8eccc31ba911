package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
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
	for i, want := range []bool{true, false} {
		if ok, err := s.ClaimDigest(ctx, u.ID, "week:2026-11-23", at); ok != want || err != nil {
			t.Errorf("claim %d = %v, %v; want %v", i, ok, err, want)
		}
	}
	if ok, err := s.ClaimDigest(ctx, u.ID, "week:2026-11-30", at); !ok || err != nil {
		t.Errorf("claim of the next period = %v, %v", ok, err)
	}
	if err := s.UnclaimDigest(ctx, u.ID, "week:2026-11-23"); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.ClaimDigest(ctx, u.ID, "week:2026-11-23", at); !ok || err != nil {
		t.Errorf("claim after unclaim = %v, %v", ok, err)
	}
}
