package calendar

import (
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"
)

func loadZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

// instant reads "2026-03-13 17:30" as local time in loc, or an RFC 3339 time with its own offset
// (used where the offset is the point of the case).
func instant(t testing.TB, loc *time.Location, s string) int64 {
	t.Helper()
	if tm, err := time.Parse(time.RFC3339, s); err == nil {
		return tm.Unix()
	}
	tm, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatalf("bad instant %q: %v", s, err)
	}
	return tm.Unix()
}

// everyDay is a team open every day of the week in the given intervals.
func everyDay(loc *time.Location, holidays string, ivs ...Interval) Hours {
	h := Hours{Location: loc, Holidays: holidays}
	for wd := range h.Week {
		h.Week[wd] = ivs
	}
	return h
}

func hm(h, m int) int { return h*3600 + m*60 }

func date(y int, m time.Month, d int) Date { return Date{y, m, d} }

func TestBusinessSeconds(t *testing.T) {
	ams := loadZone(t, "Europe/Amsterdam")
	bru := loadZone(t, "Europe/Brussels")
	nyc := loadZone(t, "America/New_York")

	office := OfficeHours(ams)
	sevenDays := everyDay(ams, "nl", Interval{hm(9, 0), hm(17, 0)})
	allHours := everyDay(ams, "none", Interval{0, 86400})
	brussels := Hours{Location: bru, Holidays: "be"}
	for wd := time.Monday; wd <= time.Friday; wd++ {
		brussels.Week[wd] = []Interval{{hm(8, 0), hm(12, 0)}, {hm(13, 0), hm(17, 0)}}
	}
	newYork := OfficeHours(nyc)
	newYork.Holidays = "none"
	closedXmasEve := OfficeHours(ams)
	closedXmasEve.Closed = []Date{date(2026, 12, 24)}
	openKingsDay := OfficeHours(ams)
	openKingsDay.Open = []Date{date(2026, 4, 27)}
	openAndClosed := OfficeHours(ams)
	openAndClosed.Open = []Date{date(2026, 4, 27)}
	openAndClosed.Closed = []Date{date(2026, 4, 27)}
	openSunday := OfficeHours(ams)
	openSunday.Open = []Date{date(2026, 3, 15)}

	tests := []struct {
		name     string
		hours    Hours
		from, to string
		want     int64
	}{
		// metrics.md section 5.
		{"vector 12: Friday after hours to Monday", office, "2026-03-13 17:30", "2026-03-16 09:30", 1800},
		{"vector 13: within one day", office, "2026-03-10 10:00", "2026-03-10 14:15", 4*3600 + 15*60},
		{"vector 14: overnight", office, "2026-03-11 16:00", "2026-03-12 10:00", 3600 + 3600},
		{"vector 15: Koningsdag on Monday", office, "2026-04-24 16:30", "2026-04-28 09:45", 1800 + 2700},
		{"vector 16: DST change over the weekend", office, "2026-03-27T16:00:00+01:00", "2026-03-30T10:00:00+02:00", 3600 + 3600},
		{"vector 17: Saturday", office, "2026-03-14 10:00", "2026-03-14 11:00", 0},

		{"empty interval", office, "2026-03-10 10:00", "2026-03-10 10:00", 0},
		{"reversed interval", office, "2026-03-10 14:00", "2026-03-10 10:00", 0},
		{"start and end at the edges", office, "2026-03-10 09:00", "2026-03-10 17:00", 8 * 3600},
		{"whole working week", office, "2026-03-09 00:00", "2026-03-16 00:00", 5 * 8 * 3600},
		{"across a year boundary, 1 January closed", office, "2025-12-31 16:00", "2026-01-02 10:00", 3600 + 3600},
		// 2025: 261 weekdays less 7 weekday holidays (1/1, 21/4, 5/5, 29/5, 9/6, 25/12, 26/12);
		// 2026: 261 less 6 (1/1, 6/4, 27/4, 14/5, 25/5, 25/12).
		{"two whole years", office, "2025-01-01 00:00", "2027-01-01 00:00", (254 + 255) * 8 * 3600},
		{"three years, one only skipped over", office, "2024-12-31 00:00", "2027-01-01 00:00", (1 + 254 + 255) * 8 * 3600},

		{"Koningsdag on a Sunday moves to Saturday", sevenDays, "2025-04-25 09:00", "2025-04-28 09:00", 8*3600 + 0 + 8*3600},
		{"Bevrijdingsdag in a lustrum year", office, "2025-05-05 09:00", "2025-05-06 09:00", 0},
		{"Bevrijdingsdag outside a lustrum year", office, "2026-05-05 09:00", "2026-05-06 09:00", 8 * 3600},
		{"Good Friday is a working day", office, "2026-04-03 09:00", "2026-04-03 17:00", 8 * 3600},
		{"Easter Sunday closed for a seven-day team", sevenDays, "2026-04-05 00:00", "2026-04-06 00:00", 0},
		{"Whit Sunday closed for a seven-day team", sevenDays, "2026-05-24 00:00", "2026-05-25 00:00", 0},

		{"24/7 spring DST day lasts 23 hours", allHours, "2026-03-28T12:00:00+01:00", "2026-03-29T12:00:00+02:00", 23 * 3600},
		{"24/7 autumn DST day lasts 25 hours", allHours, "2026-10-24T12:00:00+02:00", "2026-10-25T12:00:00+01:00", 25 * 3600},
		{"24/7 whole spring DST day", allHours, "2026-03-29 00:00", "2026-03-30 00:00", 23 * 3600},
		{"24/7 one week", allHours, "2026-06-01 00:00", "2026-06-08 00:00", 7 * 86400},

		{"Brussels lunch break", brussels, "2026-03-10 11:30", "2026-03-10 13:30", 1800 + 1800},
		// Good Friday 3 April is no Belgian holiday; Paasmaandag 6 April is.
		{"Brussels over Easter", brussels, "2026-04-03 11:00", "2026-04-07 14:00", (3600 + 4*3600) + 0 + (4*3600 + 3600)},
		{"Brussels Nationale Feestdag", brussels, "2026-07-20 16:00", "2026-07-22 09:00", 3600 + 0 + 3600},
		{"Brussels Dag van de Arbeid", brussels, "2026-05-01 08:00", "2026-05-01 17:00", 0},
		{"Brussels works on Koningsdag", brussels, "2026-04-27 08:00", "2026-04-27 17:00", 8 * 3600},

		// US clocks went forward on 8 March 2026: 09:00 in New York is 13:00 UTC.
		{"New York hours follow its zone", newYork, "2026-03-10T12:00:00Z", "2026-03-10T14:00:00Z", 3600},

		{"closed date", closedXmasEve, "2026-12-23 16:00", "2026-12-28 10:00", 3600 + 0 + 0 + 3600},
		{"open on a holiday", openKingsDay, "2026-04-24 16:30", "2026-04-28 09:45", 1800 + 8*3600 + 2700},
		{"closed wins over open", openAndClosed, "2026-04-27 09:00", "2026-04-27 17:00", 0},
		{"open date on a day without hours", openSunday, "2026-03-15 09:00", "2026-03-15 17:00", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New(tc.hours)
			if err != nil {
				t.Fatal(err)
			}
			a, b := instant(t, tc.hours.Location, tc.from), instant(t, tc.hours.Location, tc.to)
			if got := c.BusinessSeconds(a, b); got != tc.want {
				t.Errorf("BusinessSeconds(%s, %s) = %d, want %d", tc.from, tc.to, got, tc.want)
			}
		})
	}
}

func TestIsOpenDay(t *testing.T) {
	ams := loadZone(t, "Europe/Amsterdam")
	h := OfficeHours(ams)
	h.Closed = []Date{date(2026, 12, 24)}
	h.Open = []Date{date(2026, 4, 27), date(2026, 3, 14)}
	c, err := New(h)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		d    Date
		want bool
	}{
		{"ordinary Tuesday", date(2026, 3, 10), true},
		{"Saturday, even listed as open", date(2026, 3, 14), false},
		{"Koningsdag listed as open", date(2026, 4, 27), true},
		{"Tweede Paasdag", date(2026, 4, 6), false},
		{"Bevrijdingsdag 2025", date(2025, 5, 5), false},
		{"Bevrijdingsdag 2026", date(2026, 5, 5), true},
		{"closed date", date(2026, 12, 24), false},
		{"Tweede Kerstdag 2025 on a Friday", date(2025, 12, 26), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.IsOpenDay(tc.d); got != tc.want {
				t.Errorf("IsOpenDay(%s) = %v, want %v", tc.d, got, tc.want)
			}
		})
	}
}

func TestNewRejects(t *testing.T) {
	ams := loadZone(t, "Europe/Amsterdam")
	with := func(change func(*Hours)) Hours {
		h := OfficeHours(ams)
		change(&h)
		return h
	}
	tests := []struct {
		name    string
		hours   Hours
		mention string
	}{
		{"no time zone", with(func(h *Hours) { h.Location = nil }), "time zone"},
		{"overlapping intervals", with(func(h *Hours) {
			h.Week[time.Monday] = []Interval{{hm(9, 0), hm(12, 0)}, {hm(11, 0), hm(17, 0)}}
		}), "Monday"},
		{"unsorted intervals", with(func(h *Hours) {
			h.Week[time.Wednesday] = []Interval{{hm(13, 0), hm(17, 0)}, {hm(8, 0), hm(12, 0)}}
		}), "Wednesday"},
		{"empty interval", with(func(h *Hours) { h.Week[time.Friday] = []Interval{{hm(9, 0), hm(9, 0)}} }), "Friday"},
		{"interval past midnight", with(func(h *Hours) { h.Week[time.Sunday] = []Interval{{hm(22, 0), 90000}} }), "Sunday"},
		{"unknown holiday set", with(func(h *Hours) { h.Holidays = "de" }), "holidays"},
		{"empty holiday set", with(func(h *Hours) { h.Holidays = "" }), "holidays"},
		{"closed date that does not exist", with(func(h *Hours) { h.Closed = []Date{date(2026, 2, 30)} }), "2026-02-30"},
		{"open date that does not exist", with(func(h *Hours) { h.Open = []Date{date(2026, 4, 31)} }), "2026-04-31"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.hours)
			if err == nil {
				t.Fatal("New accepted it")
			}
			if !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("error %q does not mention %q", err, tc.mention)
			}
		})
	}
	t.Run("touching intervals are fine", func(t *testing.T) {
		h := with(func(h *Hours) { h.Week[time.Monday] = []Interval{{hm(8, 0), hm(12, 0)}, {hm(12, 0), hm(17, 0)}} })
		if _, err := New(h); err != nil {
			t.Fatal(err)
		}
	})
}

// reference is metrics.md's definition walked day by day, slow and plain, to check the tables
// against on many random intervals.
func reference(h Hours, a, b int64) int64 {
	if b <= a {
		return 0
	}
	la, lb := time.Unix(a, 0).In(h.Location), time.Unix(b, 0).In(h.Location)
	first := time.Date(la.Year(), la.Month(), la.Day(), 12, 0, 0, 0, time.UTC)
	last := time.Date(lb.Year(), lb.Month(), lb.Day(), 12, 0, 0, 0, time.UTC)
	var n int64
	for day := first; !day.After(last); day = day.AddDate(0, 0, 1) {
		d := Date{day.Year(), day.Month(), day.Day()}
		holidays, err := HolidayDates(h.Holidays, d.Year)
		if err != nil {
			panic(err)
		}
		holiday := false
		for _, hd := range holidays {
			holiday = holiday || hd.Date == d
		}
		closed, open := false, false
		for _, x := range h.Closed {
			closed = closed || x == d
		}
		for _, x := range h.Open {
			open = open || x == d
		}
		if closed || (holiday && !open) {
			continue
		}
		for _, iv := range h.Week[day.Weekday()] {
			s := time.Date(d.Year, d.Month, d.Day, 0, 0, iv.Start, 0, h.Location).Unix()
			e := time.Date(d.Year, d.Month, d.Day, 0, 0, iv.End, 0, h.Location).Unix()
			if s, e := max(s, a), min(e, b); e > s {
				n += e - s
			}
		}
	}
	return n
}

func TestBusinessSecondsMatchesReference(t *testing.T) {
	ams := loadZone(t, "Europe/Amsterdam")
	bru := loadZone(t, "Europe/Brussels")
	split := Hours{Location: bru, Holidays: "be", Closed: []Date{date(2026, 8, 14)}}
	for wd := time.Monday; wd <= time.Saturday; wd++ {
		split.Week[wd] = []Interval{{hm(8, 0), hm(12, 0)}, {hm(12, 30), hm(24, 0)}}
	}
	// Lord Howe Island moves its clocks by half an hour.
	lordHowe := everyDay(loadZone(t, "Australia/Lord_Howe"), "none", Interval{hm(1, 30), hm(2, 45)}, Interval{hm(9, 0), hm(17, 0)})
	calendars := map[string]Hours{
		"office":      OfficeHours(ams),
		"24/7":        everyDay(ams, "none", Interval{0, 86400}),
		"night shift": everyDay(ams, "nl", Interval{0, hm(3, 0)}, Interval{hm(22, 0), 86400}),
		"brussels":    split,
		"lord howe":   lordHowe,
	}
	from := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC).Unix()
	to := time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC).Unix()
	for name, h := range calendars {
		t.Run(name, func(t *testing.T) {
			c, err := New(h)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 2))
			for range 3000 {
				// Quarter hours hit interval edges and DST changes exactly; seconds do not.
				a := from + rng.Int64N(to-from)
				if rng.IntN(2) == 0 {
					a -= a % 900
				}
				b := a + rng.Int64N(60*86400) - 3600
				if got, want := c.BusinessSeconds(a, b), reference(h, a, b); got != want {
					t.Fatalf("BusinessSeconds(%s, %s) = %d, reference %d",
						time.Unix(a, 0).In(h.Location), time.Unix(b, 0).In(h.Location), got, want)
				}
			}
		})
	}
}

// TestConcurrentUse has goroutines build and read year tables at once; run it with -race.
func TestConcurrentUse(t *testing.T) {
	h := OfficeHours(loadZone(t, "Europe/Amsterdam"))
	c, err := New(h)
	if err != nil {
		t.Fatal(err)
	}
	// 30-day spans starting on Tuesdays from 2021 to 2031, so goroutines race to build the
	// same years; the answers are worked out beforehand by the reference walk.
	base := instant(t, h.Location, "2026-03-10 10:00")
	type question struct{ a, b, want int64 }
	questions := make([]question, 520)
	for i := range questions {
		a := base + int64(i-260)*7*86400
		questions[i] = question{a, a + 30*86400, reference(h, a, a+30*86400)}
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range questions {
				q := questions[(i*7+g*65)%len(questions)]
				if got := c.BusinessSeconds(q.a, q.b); got != q.want {
					t.Errorf("goroutine %d: BusinessSeconds(%d, %d) = %d, want %d", g, q.a, q.b, got, q.want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkBusinessSeconds(b *testing.B) {
	c, err := New(OfficeHours(loadZone(b, "Europe/Amsterdam")))
	if err != nil {
		b.Fatal(err)
	}
	pairs := benchPairs()
	for _, p := range pairs { // build the year tables before timing
		c.BusinessSeconds(p[0], p[1])
	}
	i := 0
	for b.Loop() {
		p := pairs[i%len(pairs)]
		c.BusinessSeconds(p[0], p[1])
		i++
	}
}

func BenchmarkBusinessSecondsParallel(b *testing.B) {
	c, err := New(OfficeHours(loadZone(b, "Europe/Amsterdam")))
	if err != nil {
		b.Fatal(err)
	}
	pairs := benchPairs()
	for _, p := range pairs {
		c.BusinessSeconds(p[0], p[1])
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			p := pairs[i%len(pairs)]
			c.BusinessSeconds(p[0], p[1])
			i++
		}
	})
}

// benchPairs are tickets created over 2025-2026 and answered 1 hour to 40 days later.
func benchPairs() [][2]int64 {
	rng := rand.New(rand.NewPCG(3, 4))
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	pairs := make([][2]int64, 4096)
	for i := range pairs {
		a := from + rng.Int64N(2*365*86400)
		pairs[i] = [2]int64{a, a + 3600 + rng.Int64N(40*86400-3600)}
	}
	return pairs
}

// TestElapsed: a ticket's interval is measured only with an end at or after its start; then it
// is the business seconds between them (office hours: Monday 2026-03-02 09:00–11:00 is 7200).
func TestElapsed(t *testing.T) {
	cal, err := New(OfficeHours(loadZone(t, "Europe/Amsterdam")))
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) int64 {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v.Unix()
	}
	tests := []struct {
		name       string
		start, end int64
		want       int64
		measured   bool
	}{
		{"two office hours", at("2026-03-02T09:00:00+01:00"), at("2026-03-02T11:00:00+01:00"), 7200, true},
		{"ends as it starts", at("2026-03-02T09:00:00+01:00"), at("2026-03-02T09:00:00+01:00"), 0, true},
		{"no end", at("2026-03-02T09:00:00+01:00"), 0, 0, false},
		{"ends before it starts", at("2026-03-02T11:00:00+01:00"), at("2026-03-02T09:00:00+01:00"), 0, false},
	}
	for _, tt := range tests {
		if got, ok := cal.Elapsed(tt.start, tt.end); got != tt.want || ok != tt.measured {
			t.Errorf("%s: %d, %v; want %d, %v", tt.name, got, ok, tt.want, tt.measured)
		}
	}
}
