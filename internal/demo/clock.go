package demo

import (
	hours "github.com/klantpuls/klantpuls/internal/calendar"
	"math"
	"math/rand/v2"
	"time"
)

// beyond stands for "after the data ends": a reply or solve that would fall past the snapshot
// simply has not happened yet.
const beyond = math.MaxInt64 / 4

// Office hours of every team, matching the default [hours.default] of the configuration, so
// business-time metrics of the demo look like a real team's: e-mail waits over the night and
// the weekend, phone lines are closed outside them.
const (
	opensAt  = 9 * 3600
	closesAt = 17 * 3600
)

// day is one local calendar day of the year of data.
type day struct {
	base    int64 // instant of local midnight, as unix seconds
	weekday time.Weekday
	month   time.Month
	dom     int
	holiday bool // Dutch public holiday: the team is closed
	story   bool // in the story month (story.go)
}

func (d day) open() bool {
	return !d.holiday && d.weekday != time.Saturday && d.weekday != time.Sunday
}

// calendar turns day numbers and seconds of the day into instants and knows when the team works.
type calendar struct {
	loc        *time.Location
	start, end int64 // [start, end) is the year of data: every record is created in it
	// now is when the demo is made, at or after end: the conversations of tickets open at the
	// end run on up to it (converse), so a team that would have answered on Monday morning has
	// answered when the demo is made on Monday evening. Nothing is dated at or after now.
	now  int64
	days int // days of data; more follow in day for replies that run past the end
	day  []day
}

// calendarPad is how far past the end business-time sums may look before giving up.
const calendarPad = 120

func newCalendar(from time.Time, days int, loc *time.Location) *calendar {
	local := from.In(loc)
	y, m, dd := local.Date()
	c := &calendar{loc: loc, start: from.Unix(), end: local.AddDate(0, 0, days).Unix(), days: days}
	c.now = c.end
	c.day = make([]day, days+calendarPad)
	for i := range c.day {
		// Noon never falls in a DST gap, so noon − 12 h is the local midnight's offset-correct
		// instant for every hour the team works (transitions happen at 02:00–03:00).
		noon := time.Date(y, m, dd+i, 12, 0, 0, 0, loc)
		c.day[i] = day{base: noon.Unix() - 12*3600, weekday: noon.Weekday(), month: noon.Month(),
			dom: noon.Day(), holiday: dutchHoliday(noon)}
	}
	return c
}

// dayOf returns the day number of instant t, clamped to the calendar.
func (c *calendar) dayOf(t int64) int {
	d := int((t - c.day[0].base) / 86400)
	d = max(0, min(d, len(c.day)-1))
	for d > 0 && t < c.day[d].base {
		d--
	}
	for d+1 < len(c.day) && t >= c.day[d+1].base {
		d++
	}
	return d
}

// at returns the instant sec seconds after local midnight of day d, kept inside the data.
func (c *calendar) at(d int, sec int64) int64 {
	t := c.day[d].base + sec
	return max(c.start, min(t, c.end-1))
}

// inHours reports whether the team is at work at instant t.
func (c *calendar) inHours(t int64) bool {
	d := c.day[c.dayOf(t)]
	return d.open() && t >= d.base+opensAt && t < d.base+closesAt
}

// businessAdd returns the instant at which secs seconds of office time have passed since t:
// the clock stops at night, at weekends and on holidays. businessAdd(t, 0) is the next moment
// the team is at work. It returns beyond when the calendar runs out.
func (c *calendar) businessAdd(t, secs int64) int64 {
	for d := c.dayOf(t); d < len(c.day); d++ {
		day := c.day[d]
		if !day.open() {
			continue
		}
		s, closes := max(t, day.base+opensAt), day.base+closesAt
		if s >= closes {
			continue
		}
		if s+secs <= closes {
			return s + secs
		}
		secs -= closes - s
	}
	return beyond
}

// dutchHoliday reports the Dutch public holidays on which the team is closed: the "nl" set of
// the calendar package, the same the reports measure business hours with.
func dutchHoliday(t time.Time) bool {
	list, err := hours.HolidayDates("nl", t.Year())
	if err != nil {
		panic(err) // "nl" is built in
	}
	y, m, d := t.Date()
	for _, h := range list {
		if h.Date == (hours.Date{Year: y, Month: m, Day: d}) {
			return true
		}
	}
	return false
}

// orderWeight is the relative number of web-shop orders on a date: a December peak with
// Sinterklaas and Christmas presents, Black Friday, the spring and summer cycling season, and
// Sunday-evening shoppers.
func orderWeight(d day) float64 {
	month := [...]float64{0, 0.8, 0.8, 1.0, 1.2, 1.3, 1.35, 1.3, 1.1, 1.0, 0.9, 1.15, 1.9}
	w := month[d.month]
	switch {
	case d.month == time.November && d.weekday == time.Friday && d.dom >= 22 && d.dom <= 28:
		w *= 2.5 // Black Friday
	case d.month == time.November && d.weekday == time.Monday && d.dom >= 25,
		d.month == time.December && d.weekday == time.Monday && d.dom == 1:
		w *= 1.6 // Cyber Monday
	}
	if (d.month == time.November && d.dom >= 15) || (d.month == time.December && d.dom <= 4) {
		w *= 1.25 // Sinterklaas presents
	}
	if d.month == time.December && d.dom >= 23 {
		w = 0.9 // too late for Christmas delivery
		if d.dom <= 26 {
			w = 0.45
		}
	}
	weekday := [...]float64{1.15, 1.1, 1.0, 1.0, 1.0, 0.95, 0.8}
	return w * weekday[d.weekday]
}

// ticketWeight is the relative number of inbound tickets on day i: a Monday peak, quiet
// weekends and holidays, and a wave that follows the orders of the past one to two weeks.
func (c *calendar) ticketWeight(i int) float64 {
	lag := 0.0
	for k := i - 10; k <= i-2; k++ {
		lag += orderWeight(c.dayAt(k))
	}
	lag /= 9
	weekday := [...]float64{0.4, 1.35, 1.1, 1.0, 1.0, 0.9, 0.45}
	w := weekday[c.day[i].weekday] * (0.3 + 0.7*lag/1.15)
	if c.day[i].holiday {
		w *= 0.35
	}
	return w
}

// dayAt returns day i, also for the days before the data starts, so the first week of tickets
// has orders to follow.
func (c *calendar) dayAt(i int) day {
	if i >= 0 {
		return c.day[i]
	}
	noon := time.Unix(c.day[0].base, 0).In(c.loc).AddDate(0, 0, i)
	return day{weekday: noon.Weekday(), month: noon.Month(), dom: noon.Day()}
}

// dayWeights builds a picker over the days of data from a weight per day.
func (c *calendar) dayWeights(f func(i int) float64) weighted {
	w := make([]float64, c.days)
	for i := range w {
		w[i] = f(i)
	}
	return newWeighted(w)
}

// Hour-of-day profiles (local time): how activity spreads over the day.
var (
	ordersByHour = newWeighted([]float64{0.4, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2, 2.6, 3, 3.2,
		3.4, 3.2, 3, 3, 3.1, 3.4, 3.8, 4.6, 5.2, 5, 3.8, 1.8})
	emailByHour = newWeighted([]float64{0.3, 0.15, 0.1, 0.1, 0.1, 0.3, 0.9, 2.2, 4.5, 6, 6.2, 5.8,
		5, 5.4, 5.2, 4.8, 4.2, 3.4, 2.8, 2.8, 2.7, 2.3, 1.5, 0.7})
	chatByHour = newWeighted([]float64{0.1, 0.05, 0.02, 0.02, 0.02, 0.05, 0.2, 0.8, 4, 6.5, 7, 6.5,
		5.5, 6, 6, 5.6, 5, 2.2, 1.6, 1.8, 1.8, 1.5, 0.9, 0.4})
	phoneByHour = newWeighted([]float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 9, 8, 5.5, 6.5, 7, 6.5, 5,
		0, 0, 0, 0, 0, 0, 0})
	socialByHour = newWeighted([]float64{0.5, 0.3, 0.15, 0.1, 0.1, 0.2, 0.6, 1.5, 2.5, 3, 3.2,
		3.3, 3.5, 3.3, 3.2, 3.2, 3.3, 3.6, 4, 4.6, 4.8, 4.5, 3.2, 1.6})
	officeByHour = newWeighted([]float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 6, 6, 3, 5, 6, 5, 4,
		0, 0, 0, 0, 0, 0, 0})
)

// secondOfDay draws a local second of the day from an hour profile.
func secondOfDay(r *rand.Rand, hours weighted) int64 {
	return int64(hours.pick(r))*3600 + r.Int64N(3600)
}
