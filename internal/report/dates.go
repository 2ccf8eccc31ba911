package report

import (
	"fmt"
	"time"
)

// months are the month abbreviations of each language: the one date style of every page,
// "1 okt 2026" in Dutch and "1 Oct 2026" in English.
var months = map[Lang][12]string{
	Dutch:   {"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"},
	English: {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
}

// Date writes t's day as people read it: "1 okt 2026" (Dutch, also for an unknown language) or
// "1 Oct 2026". t is written in its own location; convert it to the account's time zone first.
func (l Lang) Date(t time.Time) string { return fmt.Sprintf("%s %d", l.Day(t), t.Year()) }

// Day writes t's day without its year, as a chart's axis names a day among others of one
// year (the dashboard's charts, app.js labels): "23 nov" or "23 Nov".
func (l Lang) Day(t time.Time) string { return fmt.Sprintf("%d %s", t.Day(), l.monthName(t)) }

// Month writes t's month: "nov 2026" or "Nov 2026".
func (l Lang) Month(t time.Time) string { return fmt.Sprintf("%s %d", l.monthName(t), t.Year()) }

func (l Lang) monthName(t time.Time) string {
	m, ok := months[l]
	if !ok {
		m = months[Dutch]
	}
	return m[t.Month()-1]
}

// Period says a period [from, to) of dates (YYYY-MM-DD, as the report JSON writes them) as a
// person reads it, from its first to its last day: [2026-03-01, 2026-04-01) is "1 mrt 2026 –
// 31 mrt 2026", not a range that reads as if 1 April were in it. Dates that do not parse are
// said as given.
func (l Lang) Period(from, to string) string {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		return from + " – " + to
	}
	return l.Date(f) + " – " + l.Date(t.AddDate(0, 0, -1))
}

// DateTime is Date with the time of day on the 24-hour clock, the way both languages write it
// in the Netherlands: "1 okt 2026 14:05".
func (l Lang) DateTime(t time.Time) string { return l.Date(t) + " " + t.Format("15:04") }

// Stamp is DateTime to the second, for logs where order within a minute matters (the audit
// trail, alerts, imports): "1 okt 2026 14:05:09".
func (l Lang) Stamp(t time.Time) string { return l.Date(t) + " " + t.Format("15:04:05") }
