package digest

import (
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestDue(t *testing.T) {
	set := time.Date(2026, 1, 5, 12, 0, 0, 0, ams) // when the schedules were set
	weekly := cx.DigestSchedule{Frequency: "weekly", Weekday: time.Monday, Hour: 8, UpdatedAt: set}
	daily := cx.DigestSchedule{Frequency: "daily", Hour: 7, Minute: 30, UpdatedAt: set}
	monthly := cx.DigestSchedule{Frequency: "monthly", Hour: 9, UpdatedAt: set}
	setThursday := weekly
	setThursday.UpdatedAt = time.Date(2026, 12, 3, 14, 0, 0, 0, ams)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, ams) }
	cases := []struct {
		name   string
		s      cx.DigestSchedule
		now    time.Time
		period string // "" not due
	}{
		{"weekly before Monday 08:00: still week 47", weekly, at(2026, 11, 30, 7, 59), "week:2026-11-16"},
		{"weekly at Monday 08:00: week 48", weekly, at(2026, 11, 30, 8, 0), "week:2026-11-23"},
		{"weekly on Thursday: still week 48", weekly, at(2026, 12, 3, 15, 0), "week:2026-11-23"},
		{"weekly on the Sunday before: week 47", weekly, at(2026, 11, 29, 23, 0), "week:2026-11-16"},
		{"weekly on Sunday 18:00 covers the week before", cx.DigestSchedule{Frequency: "weekly", Weekday: time.Sunday, Hour: 18}, at(2026, 11, 29, 18, 0), "week:2026-11-16"},
		{"daily before 07:30: the day before yesterday still", daily, at(2026, 12, 3, 7, 29), "day:2026-12-01"},
		{"daily at 23:58 checked at 00:02", cx.DigestSchedule{Frequency: "daily", Hour: 23, Minute: 58, UpdatedAt: set}, at(2026, 12, 3, 0, 2), "day:2026-12-01"},
		{"daily after 07:30: yesterday", daily, at(2026, 12, 3, 7, 30), "day:2026-12-02"},
		{"monthly on the 1st at 09:00: November", monthly, at(2026, 12, 1, 9, 0), "month:2026-11"},
		{"monthly on the 1st at 08:59: October still", monthly, at(2026, 12, 1, 8, 59), "month:2026-10"},
		{"monthly mid-month", monthly, at(2026, 12, 17, 1, 0), "month:2026-11"},
		{"none", cx.DigestSchedule{Frequency: "none"}, at(2026, 12, 3, 12, 0), ""},
		{"weekly set on Thursday waits for Monday", setThursday, at(2026, 12, 3, 15, 0), ""},
		{"weekly set on Thursday, the Monday after", setThursday, at(2026, 12, 7, 8, 0), "week:2026-11-30"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _, due := Due(c.s, c.now)
			if got != c.period || due != (c.period != "") {
				t.Errorf("Due = %q, %v; want %q", got, due, c.period)
			}
		})
	}
}

// A daily digest at 02:30 across both changes of summer time in Amsterdam, checked every five
// minutes by a fixed clock: on 29 March 2026 02:00–03:00 does not exist, on 25 October 2026
// 02:00–03:00 happens twice. Each day the digest is due exactly once (the first check at which
// its period turns up), on that day, never before 02:00 local.
func TestDueAcrossSummerTime(t *testing.T) {
	s := cx.DigestSchedule{Frequency: "daily", Hour: 2, Minute: 30, UpdatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, ams)}
	for _, day := range []time.Time{time.Date(2026, 3, 29, 0, 0, 0, 0, ams), time.Date(2026, 10, 25, 0, 0, 0, 0, ams)} {
		t.Run(day.Format(time.DateOnly), func(t *testing.T) {
			sent := map[string]time.Time{}
			end := day.AddDate(0, 0, 1)
			for now := day.Add(-time.Hour); now.Before(end); now = now.Add(5 * time.Minute) {
				if p, _, due := Due(s, now.In(ams)); due {
					if _, ok := sent[p]; !ok {
						sent[p] = now
					}
				}
			}
			want := "day:" + day.AddDate(0, 0, -1).Format(time.DateOnly)
			first, ok := sent[want]
			if !ok {
				t.Fatalf("the digest of %s was never due: %v", want, sent)
			}
			if local := first.In(ams); local.Day() != day.Day() || local.Hour() < 2 || local.Hour() > 3 {
				t.Errorf("first due at %s", local)
			}
			// The day before's digest (sent the previous night) is the only other period seen.
			for p := range sent {
				if p != want && p != "day:"+day.AddDate(0, 0, -2).Format(time.DateOnly) {
					t.Errorf("unexpected period %s", p)
				}
			}
		})
	}
}

// README, Digests: on the night the clocks go back (02:30 happens twice) the digest goes once,
// at the first 02:30. On 25 October 2026 the first 02:30 is 00:30 UTC (CEST, +2); the second is
// 01:30 UTC (CET, +1), where time.Date puts it. A daily 02:30 digest of 24 October is due at the
// first.
func TestDueFallBackAtFirst0230(t *testing.T) {
	s := cx.DigestSchedule{Frequency: "daily", Hour: 2, Minute: 30, UpdatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, ams)}
	first := time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC).In(ams)
	if first.Hour() != 2 || first.Minute() != 30 {
		t.Fatalf("setup: %s is not 02:30 local", first)
	}
	if p, at, due := Due(s, first); !due || p != "day:2026-10-24" || !at.Equal(first) {
		t.Errorf("at the first 02:30 (%s) Due gives %q at %s, want day:2026-10-24 at that instant", first, p, at)
	}
	// A minute before (02:29 CEST) the digest due is still the day before's.
	if p, _, _ := Due(s, first.Add(-time.Minute)); p != "day:2026-10-23" {
		t.Errorf("before the first 02:30 Due gives %q, want day:2026-10-23", p)
	}
}

// README, Digests: a digest at 02:30 on the night the clocks go forward (02:30 does not exist)
// goes once, at the first check after the gap. On 29 March 2026 the gap ends at 03:00 CEST
// (01:00 UTC); a check then sends 28 March's digest, where time.Date's 03:30 would wait half an
// hour.
func TestDueSpringForwardAfterGap(t *testing.T) {
	s := cx.DigestSchedule{Frequency: "daily", Hour: 2, Minute: 30, UpdatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, ams)}
	afterGap := time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC).In(ams) // 03:00 CEST, the first instant after the gap
	if p, _, due := Due(s, afterGap); !due || p != "day:2026-03-28" {
		t.Errorf("at the first check after the gap (%s) Due gives %q, want day:2026-03-28", afterGap, p)
	}
	// A minute before the gap (01:59 CET) the digest due is still the day before's.
	if p, _, _ := Due(s, afterGap.Add(-time.Minute)); p != "day:2026-03-27" {
		t.Errorf("before the gap Due gives %q, want day:2026-03-27", p)
	}
}
