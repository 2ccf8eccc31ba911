package report

import (
	"errors"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
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

// TestParsePeriod: a period that cannot be read names its date (the API's parameter, the
// page's field) and why, with the message the API and the command line give (cx.EINVALID).
func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		from, to string
		field    string
		reason   PeriodReason
		message  string
	}{
		{"2026-03-01", "2026-04-01", "", PeriodRead, ""},
		{"", "2026-04-01", "from", PeriodMissing, "from is missing (a date YYYY-MM-DD)"},
		{"2026-03-01", " ", "to", PeriodMissing, "to is missing (a date YYYY-MM-DD)"},
		{"1-3-2026", "2026-04-01", "from", PeriodNotDate, `from "1-3-2026" is not a date YYYY-MM-DD`},
		{"2026-03-01", "2026-02-30", "to", PeriodNotDate, `to "2026-02-30" is not a date YYYY-MM-DD`},
		{"2026-03-10", "2026-03-10", "to", PeriodNotAfter, "from 2026-03-10 must be before to 2026-03-10 (the period is [from, to))"},
		{"2026-03-10", "2026-03-01", "to", PeriodNotAfter, "from 2026-03-10 must be before to 2026-03-01 (the period is [from, to))"},
	} {
		_, _, err := ParsePeriod(c.from, c.to, time.UTC)
		var e *PeriodError
		switch {
		case c.reason == PeriodRead && err != nil:
			t.Errorf("%s – %s: %v", c.from, c.to, err)
		case c.reason == PeriodRead:
		case !errors.As(err, &e):
			t.Errorf("%s – %s: %v, want a PeriodError", c.from, c.to, err)
		case e.Field != c.field || e.Reason != c.reason || e.Error() != c.message || e.From != c.from || e.To != c.to:
			t.Errorf("%s – %s: %+v %q, want %s, %d, %q", c.from, c.to, e, e.Error(), c.field, c.reason, c.message)
		case cx.ErrorCode(err) != cx.EINVALID:
			t.Errorf("%s – %s: code %s, want %s (a 422)", c.from, c.to, cx.ErrorCode(err), cx.EINVALID)
		}
	}
}
