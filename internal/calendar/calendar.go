package calendar

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Calendar is one team's business hours, ready to answer BusinessSeconds. It is safe for
// concurrent use.
//
// Loading a million tickets asks about three million questions, each spanning up to weeks, so a
// question must not walk days. Each local year is instead turned once, on first use, into a
// yearTable; a question is then a lookup of two instants in those tables and a subtraction.
type Calendar struct {
	loc      *time.Location
	week     [7][]Interval
	holidays string
	closed   map[Date]bool
	open     map[Date]bool

	// years holds the built tables sorted by year. A new table is published by storing a new
	// slice, never by changing a published one, so BusinessSeconds reads without a lock.
	years atomic.Pointer[[]*yearTable]

	mu     sync.Mutex    // serialises building tables
	totals map[int]int64 // guarded by mu: open seconds of years that questions only skip over
}

// New checks h and returns its Calendar. Intervals of a day must be sorted and must not overlap
// (touching is fine: 08:00-12:00 and 12:00-17:00).
func New(h Hours) (*Calendar, error) {
	if h.Location == nil {
		return nil, errors.New("calendar: no time zone (Location is nil)")
	}
	if _, ok := holidaySets[h.Holidays]; !ok {
		return nil, fmt.Errorf("calendar: holidays %q: want \"nl\", \"be\" or \"none\"", h.Holidays)
	}
	c := &Calendar{
		loc:      h.Location,
		holidays: h.Holidays,
		closed:   make(map[Date]bool, len(h.Closed)),
		open:     make(map[Date]bool, len(h.Open)),
		totals:   make(map[int]int64),
	}
	for wd, ivs := range h.Week {
		for i, iv := range ivs {
			if iv.Start < 0 || iv.End > 86400 || iv.Start >= iv.End {
				return nil, fmt.Errorf("calendar: %s: interval %s is not a part of one day", time.Weekday(wd), iv)
			}
			if i > 0 && iv.Start < ivs[i-1].End {
				return nil, fmt.Errorf("calendar: %s: intervals %s and %s overlap or are out of order", time.Weekday(wd), ivs[i-1], iv)
			}
		}
		// A copy, so a caller changing its Hours later cannot change a published table's meaning.
		c.week[wd] = slices.Clone(ivs)
	}
	for _, d := range h.Closed {
		if !d.valid() {
			return nil, fmt.Errorf("calendar: closed date %s does not exist", d)
		}
		c.closed[d] = true
	}
	for _, d := range h.Open {
		if !d.valid() {
			return nil, fmt.Errorf("calendar: open date %s does not exist", d)
		}
		c.open[d] = true
	}
	c.years.Store(new([]*yearTable))
	return c, nil
}

// Elapsed is the business seconds of a ticket's interval from start to end (Unix seconds), and
// whether it is measured (metrics.md section 2): not without an end (0: absent), nor when it
// ends before it starts. The engine and the ClickHouse shipper both derive a ticket's times by it.
func (c *Calendar) Elapsed(start, end int64) (int64, bool) {
	if end <= 0 || end < start {
		return 0, false
	}
	return c.BusinessSeconds(start, end), true
}

// BusinessSeconds is the open time in [a, b), both Unix seconds, as metrics.md section 2 defines
// it; 0 when b <= a.
func (c *Calendar) BusinessSeconds(a, b int64) int64 {
	if b <= a {
		return 0
	}
	ta, tb := c.tableFor(a), c.tableFor(b)
	if ta == tb {
		return tb.openUntil(b) - ta.openUntil(a)
	}
	// Tables cover consecutive local years edge to edge, so ta.year < tb.year here.
	n := ta.total() - ta.openUntil(a) + tb.openUntil(b)
	for year := ta.year + 1; year < tb.year; year++ {
		n += c.yearTotal(year)
	}
	return n
}

// IsOpenDay reports whether the team works on local date d at all: the weekday has hours, the
// date is not closed, and it is no built-in holiday unless listed as open.
func (c *Calendar) IsOpenDay(d Date) bool {
	civil := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	d = Date{civil.Year(), civil.Month(), civil.Day()}
	return c.isOpen(d, civil.Weekday(), c.holidaysOf(d.Year))
}

// isOpen applies metrics.md's order: a closed date always wins, then an open date beats a holiday.
func (c *Calendar) isOpen(d Date, wd time.Weekday, holidays map[Date]bool) bool {
	if len(c.week[wd]) == 0 || c.closed[d] {
		return false
	}
	return c.open[d] || !holidays[d]
}

func (c *Calendar) holidaysOf(year int) map[Date]bool {
	list, _ := HolidayDates(c.holidays, year) // New checked the set name
	m := make(map[Date]bool, len(list))
	for _, h := range list {
		m[h.Date] = true
	}
	return m
}

func (d Date) valid() bool {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	return t.Year() == d.Year && t.Month() == d.Month && t.Day() == d.Day
}

// span is an open interval of one day as Unix seconds [start, end).
type span struct{ start, end int64 }

// yearTable is one local year of a Calendar, immutable once built.
type yearTable struct {
	year int
	// dayStart is the local midnight of each day of the year, then that of 1 January of the next.
	dayStart []int64
	// openBefore[i] is the open seconds from dayStart[0] to dayStart[i]; the last is the year's total.
	openBefore []int64
	// first: the spans of day i are spans[first[i]:first[i+1]].
	first []int32
	spans []span
}

func (y *yearTable) start() int64 { return y.dayStart[0] }
func (y *yearTable) end() int64   { return y.dayStart[len(y.dayStart)-1] }
func (y *yearTable) total() int64 { return y.openBefore[len(y.openBefore)-1] }

// openUntil is the open seconds from the start of the year to t, for start() <= t < end().
func (y *yearTable) openUntil(t int64) int64 {
	// A local day lasts 86400 s give or take a DST shift, so dividing guesses the day exactly
	// or within one; the loops settle it (and stay correct, only slower, in a zone that once
	// skipped a whole day). This beats a binary search over 366 starts and needs no time.Time.
	last := len(y.dayStart) - 2
	i := int((t - y.dayStart[0]) / 86400)
	i = min(max(i, 0), last)
	for i > 0 && y.dayStart[i] > t {
		i--
	}
	for i < last && y.dayStart[i+1] <= t {
		i++
	}
	n := y.openBefore[i]
	for _, s := range y.spans[y.first[i]:y.first[i+1]] {
		if t <= s.start {
			break
		}
		if t < s.end {
			return n + t - s.start
		}
		n += s.end - s.start
	}
	return n
}

// tableFor returns the table of the local year holding instant t, building it if need be.
func (c *Calendar) tableFor(t int64) *yearTable {
	ts := *c.years.Load()
	lo, hi := 0, len(ts) // the table sought, if built, is ts[lo-1]: the last starting at or before t
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if ts[mid].start() <= t {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo > 0 && t < ts[lo-1].end() {
		return ts[lo-1]
	}
	return c.buildFor(t)
}

func (c *Calendar) buildFor(t int64) *yearTable {
	c.mu.Lock()
	defer c.mu.Unlock()
	year := time.Unix(t, 0).In(c.loc).Year()
	for {
		// The tables' edges come from time.Date at local midnight; should that disagree with
		// the year time.In gives (a zone skipping midnight on 1 January), step to the neighbour.
		y := c.publishedYear(year)
		switch {
		case t < y.start():
			year--
		case t >= y.end():
			year++
		default:
			return y
		}
	}
}

// publishedYear returns the table of year, building and publishing it if need be. c.mu is held.
func (c *Calendar) publishedYear(year int) *yearTable {
	ts := *c.years.Load()
	i, found := slices.BinarySearchFunc(ts, year, func(y *yearTable, year int) int { return y.year - year })
	if found {
		return ts[i]
	}
	y := c.buildYear(year)
	next := slices.Insert(slices.Clone(ts), i, y)
	c.years.Store(&next)
	delete(c.totals, year)
	return y
}

// yearTotal is the open seconds of a whole year. A question spanning several years needs only
// the totals of the years in between, so those are kept without their tables.
func (c *Calendar) yearTotal(year int) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	ts := *c.years.Load()
	if i, found := slices.BinarySearchFunc(ts, year, func(y *yearTable, year int) int { return y.year - year }); found {
		return ts[i].total()
	}
	if n, ok := c.totals[year]; ok {
		return n
	}
	n := c.buildYear(year).total()
	c.totals[year] = n
	return n
}

// buildYear makes the table of a local year. Every instant comes from time.Date in the
// calendar's zone, so across a DST change an interval keeps its local hours, and "24:00" is the
// next local midnight.
func (c *Calendar) buildYear(year int) *yearTable {
	holidays := c.holidaysOf(year)
	days := time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC).YearDay()
	y := &yearTable{
		year:       year,
		dayStart:   make([]int64, 0, days+1),
		openBefore: make([]int64, 0, days+1),
		first:      make([]int32, 0, days+1),
	}
	var open int64
	midnight := time.Date(year, time.January, 1, 0, 0, 0, 0, c.loc).Unix()
	for i := range days {
		// The civil date comes from UTC arithmetic: in a zone whose clocks skip midnight,
		// the local midnight instant could otherwise be read back as the wrong day.
		civil := time.Date(year, time.January, 1+i, 0, 0, 0, 0, time.UTC)
		d := Date{civil.Year(), civil.Month(), civil.Day()}
		next := time.Date(year, time.January, 2+i, 0, 0, 0, 0, c.loc).Unix()
		y.dayStart = append(y.dayStart, midnight)
		y.openBefore = append(y.openBefore, open)
		y.first = append(y.first, int32(len(y.spans)))
		if c.isOpen(d, civil.Weekday(), holidays) {
			// Clamped into the day and after the previous span: an hour that a DST change
			// skips must not make a span start before its predecessor ends.
			from := midnight
			for _, iv := range c.week[civil.Weekday()] {
				s := clamp(time.Date(year, time.January, 1+i, 0, 0, iv.Start, 0, c.loc).Unix(), from, next)
				e := clamp(time.Date(year, time.January, 1+i, 0, 0, iv.End, 0, c.loc).Unix(), s, next)
				y.spans = append(y.spans, span{s, e})
				open += e - s
				from = e
			}
		}
		midnight = next
	}
	y.dayStart = append(y.dayStart, midnight)
	y.openBefore = append(y.openBefore, open)
	y.first = append(y.first, int32(len(y.spans)))
	return y
}

func clamp(x, lo, hi int64) int64 { return max(lo, min(x, hi)) }

// maxSearchYears bounds AddBusinessSeconds on a calendar that is (nearly) never open.
const maxSearchYears = 10

// AddBusinessSeconds returns the instant at which secs business seconds have passed after a:
// the due time of a target in business hours (an 8-hour first-response target set on Friday
// afternoon falls due on Monday). Without enough open time in the next ten years it returns
// math.MaxInt64: never due.
func (c *Calendar) AddBusinessSeconds(a, secs int64) int64 {
	if secs <= 0 {
		return a
	}
	y := c.tableFor(a)
	want := y.openUntil(a) + secs
	for range maxSearchYears {
		if want <= y.total() {
			return y.instantAt(want)
		}
		want -= y.total()
		y = c.tableFor(y.end())
	}
	return math.MaxInt64
}

// instantAt is the earliest instant by which the year has been open for n seconds,
// 0 < n <= total().
func (y *yearTable) instantAt(n int64) int64 {
	// The day: the last whose open time before it is below n.
	i := sort.Search(len(y.openBefore), func(i int) bool { return y.openBefore[i] >= n }) - 1
	left := n - y.openBefore[i]
	for _, s := range y.spans[y.first[i]:y.first[i+1]] {
		if left <= s.end-s.start {
			return s.start + left
		}
		left -= s.end - s.start
	}
	return y.dayStart[i+1] // not reached: openBefore says day i holds the rest
}
