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
