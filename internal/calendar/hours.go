// Package calendar knows when a service team is open: weekly business hours in a time zone,
// built-in public holidays, extra closed and open dates. Its one question is BusinessSeconds:
// how long the clock ran between two instants (metrics.md section 2, "Business time").
// It does no I/O.
package calendar

import (
	"fmt"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Interval is an opening interval within one local day, in seconds since local midnight:
// [Start, End), with 0 <= Start < End <= 86400 ("24:00" is the end of the day).
type Interval struct {
	Start, End int
}

func (iv Interval) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", iv.Start/3600, iv.Start%3600/60, iv.End/3600, iv.End%3600/60)
}

// Date is a local calendar date.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// Hours is one team's weekly schedule as the config describes it.
type Hours struct {
	Location *time.Location
	Week     [7][]Interval // indexed by time.Weekday: Week[time.Sunday] ... Week[time.Saturday]
	Holidays string        // built-in holiday set: "nl", "be" or "none"
	Closed   []Date        // extra dates on which the team is always closed
	Open     []Date        // built-in holidays on which the team works anyway
}

// ParseInterval reads "09:00-17:00". The end may be "24:00"; the start must come before the end.
// Its mistakes (and ParseDate's) are refused with a key, so the configuration file's hours are
// said in the command's language (web's words_config_ranges.go).
func ParseInterval(s string) (Interval, error) {
	from, to, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return Interval{}, cx.Refuse(cx.EINVALID, "", "hours_interval_form", "interval %q: want HH:MM-HH:MM", s)
	}
	start, err := parseClock(from)
	if err != nil {
		return Interval{}, cx.Refuse(cx.EINVALID, "", "hours_interval_clock", "interval %q: %v", s, err)
	}
	end, err := parseClock(to)
	if err != nil {
		return Interval{}, cx.Refuse(cx.EINVALID, "", "hours_interval_clock", "interval %q: %v", s, err)
	}
	if start >= end {
		return Interval{}, cx.Refuse(cx.EINVALID, "", "hours_interval_order", "interval %q: the start must come before the end (an interval cannot run past midnight; split it over two days)", s)
	}
	return Interval{Start: start, End: end}, nil
}

func parseClock(s string) (int, error) {
	s = strings.TrimSpace(s)
	// Digits checked by hand: fmt.Sscanf("%02d") accepted "+9:00" and ignored trailing junk ("09:5x").
	if len(s) != 5 || s[2] != ':' || !isDigit(s[0]) || !isDigit(s[1]) || !isDigit(s[3]) || !isDigit(s[4]) {
		return 0, cx.Refuse(cx.EINVALID, "", "hours_not_a_clock", "%q is not a time HH:MM", s)
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	if m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, cx.Refuse(cx.EINVALID, "", "hours_not_a_time_of_day", "%q is not a time of day (00:00 to 24:00)", s)
	}
	return h*3600 + m*60, nil
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, cx.Refuse(cx.EINVALID, "", "hours_not_a_date", "%q is not a date YYYY-MM-DD", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// OfficeHours is the schedule klantpuls assumes without a config: Monday to Friday 09:00-17:00,
// Dutch holidays, in the given zone.
func OfficeHours(loc *time.Location) Hours {
	h := Hours{Location: loc, Holidays: "nl"}
	for d := time.Monday; d <= time.Friday; d++ {
		h.Week[d] = []Interval{{Start: 9 * 3600, End: 17 * 3600}}
	}
	return h
}
