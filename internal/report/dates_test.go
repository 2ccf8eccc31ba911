package report

import (
	"testing"
	"time"
)

func TestDateStyle(t *testing.T) {
	at := time.Date(2026, time.October, 1, 14, 5, 9, 0, time.UTC)
	may := time.Date(2026, time.May, 31, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		lang                  Lang
		t                     time.Time
		date, dateTime, stamp string
	}{
		{Dutch, at, "1 okt 2026", "1 okt 2026 14:05", "1 okt 2026 14:05:09"},
		{English, at, "1 Oct 2026", "1 Oct 2026 14:05", "1 Oct 2026 14:05:09"},
		{Dutch, may, "31 mei 2026", "31 mei 2026 00:00", "31 mei 2026 00:00:00"},
		{Lang("fr"), may, "31 mei 2026", "31 mei 2026 00:00", "31 mei 2026 00:00:00"},
	} {
		if got := c.lang.Date(c.t); got != c.date {
			t.Errorf("%s Date = %q, want %q", c.lang, got, c.date)
		}
		if got := c.lang.DateTime(c.t); got != c.dateTime {
			t.Errorf("%s DateTime = %q, want %q", c.lang, got, c.dateTime)
		}
		if got := c.lang.Stamp(c.t); got != c.stamp {
			t.Errorf("%s Stamp = %q, want %q", c.lang, got, c.stamp)
		}
	}
}

// TestPeriod: a period [from, to) is said from its first to its last day, the day before to.
func TestPeriod(t *testing.T) {
	for _, c := range []struct {
		lang           Lang
		from, to, want string
	}{
		{Dutch, "2026-03-01", "2026-04-01", "1 mrt 2026 – 31 mrt 2026"},
		{English, "2026-10-01", "2027-01-01", "1 Oct 2026 – 31 Dec 2026"},
		{Dutch, "2028-02-01", "2028-03-01", "1 feb 2028 – 29 feb 2028"}, // a leap year
		{Dutch, "2026-03-02", "2026-03-03", "2 mrt 2026 – 2 mrt 2026"},  // one day
		{Dutch, "maart", "2026-04-01", "maart – 2026-04-01"},
	} {
		if got := c.lang.Period(c.from, c.to); got != c.want {
			t.Errorf("%s Period(%s, %s) = %q, want %q", c.lang, c.from, c.to, got, c.want)
		}
	}
}
