package digest

import (
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/report"
)

// Due tells whether a digest of schedule s is due at now, which period it covers — the last
// full day, week or month before this cycle's send time ("week:2026-11-23", the period's first
// day) — and that send time, which the digest is made as of. It is due from the send time on,
// until the next cycle's; the caller records the period
// as sent (ClaimDigest) so it goes out once. A schedule set after this cycle's send time waits
// for the next one: a weekly digest for Monday set on a Thursday does not go out at once.
// now must be in the account time zone.
//
// The send time is a local time of day, read on the local calendar, so summer time moves it with
// the clock (sendAt): on the spring-forward day 02:30 does not exist and the digest goes at the
// first check after the gap; on the fall-back day 02:30 happens twice and it goes at the first,
// keyed by its period, not by the instant, so the second 02:30 finds it sent.
func Due(s cx.DigestSchedule, now time.Time) (period string, at time.Time, due bool) {
	f := Frequency(s.Frequency)
	y, m, d := now.Date()
	var day time.Time
	var back func(time.Time) time.Time // the cycle before
	switch f {
	case Daily:
		day, back = time.Date(y, m, d, 0, 0, 0, 0, now.Location()), func(t time.Time) time.Time { return t.AddDate(0, 0, -1) }
	case Weekly:
		w := (int(now.Weekday()) - int(s.Weekday) + 7) % 7
		day, back = time.Date(y, m, d-w, 0, 0, 0, 0, now.Location()), func(t time.Time) time.Time { return t.AddDate(0, 0, -7) }
	case Monthly:
		day, back = time.Date(y, m, 1, 0, 0, 0, 0, now.Location()), func(t time.Time) time.Time { return t.AddDate(0, -1, 0) }
	default:
		return "", time.Time{}, false
	}
	sendAt := func(day time.Time) time.Time { return sendAt(day, s.Hour, s.Minute) }
	// Before this cycle's send time, the cycle before is still the one due: a daily digest at
	// 23:58 checked at 00:02 goes out then, not never.
	if at = sendAt(day); now.Before(at) {
		at = sendAt(back(day))
	}
	if at.Before(s.UpdatedAt) {
		return "", time.Time{}, false
	}
	return PeriodKey(f, Starts(f, at, 1)[0]), at, true
}

// sendAt is the instant a day's clock reads hour:minute: the first of two on the night the
// clocks go back, the end of the gap on the night they go forward (time.Date leaves both
// unspecified, and picks the second 02:30 and 03:30 in Amsterdam).
func sendAt(day time.Time, hour, minute int) time.Time {
	y, m, d := day.Date()
	t := time.Date(y, m, d, hour, minute, 0, 0, day.Location())
	start, end := t.ZoneBounds()
	wall := func(x time.Time) time.Time {
		return time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), 0, time.UTC)
	}
	want := time.Date(y, m, d, hour, minute, 0, 0, time.UTC)
	if !wall(t).Equal(want) { // in the gap: time.Date put it on one side of it
		if wall(t).After(want) {
			return start
		}
		return end
	}
	if start.IsZero() {
		return t
	}
	// The same clock time under the zone before this one, when it falls before this one began.
	_, before := start.Add(-time.Second).Zone()
	_, offset := t.Zone()
	if first := t.Add(time.Duration(offset-before) * time.Second); first.Before(start) && wall(first).Equal(want) {
		return first
	}
	return t
}

// PeriodName names the period of a key (PeriodKey) as the digest's subject names it, in lang:
// "weekoverzicht 23 nov 2026 – 29 nov 2026", "daily digest 2 Dec 2026", "maandoverzicht nov
// 2026"; a key it cannot read is returned as it is.
func PeriodName(key, lang string) string {
	kind, first, _ := strings.Cut(key, ":")
	l, w := report.Lang(lang), words(lang)
	if l != report.English {
		l = report.Dutch
	}
	layout, f, span := time.DateOnly, Daily, func(t time.Time) time.Time { return t }
	switch kind {
	case "week":
		f, span = Weekly, func(t time.Time) time.Time { return t.AddDate(0, 0, 6) }
	case "month":
		layout, f, span = "2006-01", Monthly, func(t time.Time) time.Time { return t.AddDate(0, 1, -1) }
	case "day":
	default:
		return key
	}
	from, err := time.Parse(layout, first)
	if err != nil {
		return key
	}
	return w.Every[f] + " " + periodName(l, from, span(from))
}

// PeriodKey names a period as the sent digests record it: "day:2026-12-02",
// "week:2026-11-23", "month:2026-11".
func PeriodKey(f Frequency, from time.Time) string {
	switch f {
	case Monthly:
		return "month:" + from.Format("2006-01")
	case Weekly:
		return "week:" + from.Format(time.DateOnly)
	}
	return "day:" + from.Format(time.DateOnly)
}
