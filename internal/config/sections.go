package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// timezone reads a zone name; on a mistake it returns def so that the rest of the file can
// still be checked against a real zone.
func (c *checker) timezone(key string, x value, def *time.Location) *time.Location {
	if !x.set {
		return def
	}
	name, ok := x.v.(string)
	if !ok {
		c.wrongType(key, cx.Refuse(cx.EINVALID, "", "config_a_time_zone", "a time zone name like %q", DefaultTimezone), x)
		return def
	}
	// LoadLocation reads "" as UTC and "Local" as the server's zone: neither is an account's.
	if name == "" || name == "Local" {
		c.errs = append(c.errs, cx.Refuse(cx.EINVALID, "", "config_not_a_time_zone",
			"%s: %s: %q is not a time zone name like %q", c.name, key, name, DefaultTimezone))
		return def
	}
	if name == DefaultTimezone {
		return amsterdam() // one shared value, so configs compare equal
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		c.errs = append(c.errs, cx.Refuse(cx.EINVALID, "", "config_unknown_time_zone", "%s: %s: unknown time zone %q", c.name, key, name))
		return def
	}
	return loc
}

func (c *checker) allHours(raw *rawHoursSection, tz *time.Location) Hours {
	office := calendar.OfficeHours(tz)
	h := Hours{Default: office, Teams: map[string]calendar.Hours{}}
	if r := raw.Default; r != nil {
		// A table naming no day (its zone, holidays or extra days off only) keeps office
		// hours; one naming a day means what it says, as a team's table (data.md §3).
		left := [7][]calendar.Interval{}
		if !slices.ContainsFunc([]value{r.Mon, r.Tue, r.Wed, r.Thu, r.Fri, r.Sat, r.Sun}, func(v value) bool { return v.set }) {
			left = office.Week
		}
		h.Default = c.hours("hours.default", r, tz, left)
	}
	seen := map[string]string{}
	// Sorted, so that the messages come in the same order every run.
	for _, name := range slices.Sorted(maps.Keys(raw.Team)) {
		key := toml.Key{"hours", "team", name}.String()
		r := raw.Team[name]
		hours := c.hours(key, &r, tz, [7][]calendar.Interval{})
		k := cx.NameKey(name)
		if k == "" {
			c.add(cx.Refuse(cx.EINVALID, "", "config_team_no_name", "%s: %s: a team needs a name", c.name, key))
			continue
		}
		if first, ok := seen[k]; ok {
			c.add(cx.Refuse(cx.EINVALID, "", "config_same_team", "%s: %s: the same team as %q (team names match trimmed and case-insensitively)", c.name, key, first))
			continue
		}
		seen[k] = name
		h.Teams[k] = hours
	}
	return h
}

// weekdays runs Monday first, as the file does; calendar.Hours.Week is indexed Sunday first.
var weekdays = [7]struct {
	key string
	day time.Weekday
}{
	{"mon", time.Monday}, {"tue", time.Tuesday}, {"wed", time.Wednesday}, {"thu", time.Thursday},
	{"fri", time.Friday}, {"sat", time.Saturday}, {"sun", time.Sunday},
}

// hours reads one [hours.…] table; a day it leaves out keeps its hours in left. For an
// [hours.default] that names no day that is office hours, so that a table written for an
// extra day off (closed = [...]) does not close the whole week; a table that names a day means
// what it says: a day it leaves out is closed (data.md §3), as a four-day week is written.
func (c *checker) hours(key string, r *rawHours, accountTZ *time.Location, left [7][]calendar.Interval) calendar.Hours {
	// Read in the order of data.md's example, so the messages follow the file as usually written.
	h := calendar.Hours{Location: c.timezone(key+".timezone", r.Timezone, accountTZ)}
	days := [7]value{r.Mon, r.Tue, r.Wed, r.Thu, r.Fri, r.Sat, r.Sun}
	for i, wd := range weekdays {
		if !days[i].set {
			h.Week[wd.day] = slices.Clone(left[wd.day])
			continue
		}
		h.Week[wd.day] = c.intervals(key+"."+wd.key, days[i])
	}
	h.Holidays = c.oneOf(key+".holidays", r.Holidays, "nl", "nl", "be", "none")
	h.Closed = c.dates(key+".closed", r.Closed)
	h.Open = c.dates(key+".open", r.Open)
	return h
}

// intervals reads one day's opening intervals, sorted by start so the calendar can walk them
// in order. Touching intervals (09:00-12:00, 12:00-17:00) are fine; overlapping ones would
// count the overlap twice.
func (c *checker) intervals(key string, x value) []calendar.Interval {
	type written struct {
		text string
		calendar.Interval
	}
	var list []written
	for _, s := range c.texts(key, x, `"09:00-17:00"`) {
		iv, err := calendar.ParseInterval(s)
		if err != nil {
			c.said(key, err)
			continue
		}
		list = append(list, written{s, iv})
	}
	if len(list) == 0 {
		return nil
	}
	slices.SortStableFunc(list, func(a, b written) int { return a.Start - b.Start })
	out := make([]calendar.Interval, 0, len(list))
	last := list[0]
	for i, w := range list {
		if i > 0 && w.Start < last.End {
			c.add(cx.Refuse(cx.EINVALID, "", "config_intervals_overlap", "%s: %s: intervals %q and %q overlap", c.name, key, last.text, w.text))
			continue
		}
		out, last = append(out, w.Interval), w
	}
	return out
}

func (c *checker) dates(key string, x value) []calendar.Date {
	var out []calendar.Date
	for _, s := range c.texts(key, x, `"2026-12-24"`) {
		d, err := calendar.ParseDate(s)
		if err != nil {
			c.said(key, err)
			continue
		}
		out = append(out, d)
	}
	return out
}

// Bounds on the numbers of a file, so that every figure computed with them stays finite and
// true: the engine keeps survey scores in 8 bits, CLV multiplies by the lifespan, and days
// become a time.Duration (at most 292 years).
const (
	MaxScale         = 100  // survey scales and criterion ratings lie within -100..100
	MaxLifespanYears = 100  // clv.lifespan_years
	MaxHorizonMonths = 1200 // clv.horizon_months: the lifespan's century
	MaxWeight        = 1000 // a criterion's or an event kind's weight
	MaxDays          = 3650 // invitations.link_days and throttle_days: ten years
)

// scale reads min and max; when they are the wrong way round it reports under key and returns
// the defaults, so thresholds are still checked against a sane scale.
func (c *checker) scale(key string, rawMin, rawMax value, defMin, defMax int) (lo, hi int, ok bool) {
	lo = c.integer(key+".min", rawMin, defMin)
	hi = c.integer(key+".max", rawMax, defMax)
	switch {
	case lo >= hi:
		c.add(cx.Refuse(cx.EINVALID, "", "config_scale_order", "%s: %s: min %d must be below max %d", c.name, key, lo, hi))
		return defMin, defMax, false
	case lo < -MaxScale || hi > MaxScale:
		c.add(cx.Refuse(cx.EINVALID, "", "config_scale_bounds", "%s: %s: the scale %d..%d goes past %d..%d", c.name, key, lo, hi, -MaxScale, MaxScale))
		return defMin, defMax, false
	}
	return lo, hi, true
}

func (c *checker) csat(r *rawCSAT) Scale {
	if r == nil {
		r = &rawCSAT{}
	}
	lo, hi, ok := c.scale("surveys.csat", r.Min, r.Max, 1, 5)
	// The top two points, as metrics.md section 1 says: 4-5 on 1-5, 9-10 on 1-10.
	pos := c.integer("surveys.csat.positive_min", r.PositiveMin, hi-1)
	if ok && (pos < lo || pos > hi) {
		c.add(cx.Refuse(cx.EINVALID, "", "config_positive_min", "%s: %s: %d is outside the scale %d..%d", c.name, "surveys.csat.positive_min", pos, lo, hi))
	}
	return Scale{Min: lo, Max: hi, PositiveMin: pos}
}

func (c *checker) ces(r *rawCES) Scale {
	if r == nil {
		r = &rawCES{}
	}
	lo, hi, _ := c.scale("surveys.ces", r.Min, r.Max, 1, 7)
	dir := c.oneOf("surveys.ces.direction", r.Direction, DirectionEasy, DirectionEasy, DirectionEffort)
	return Scale{Min: lo, Max: hi, Direction: dir}
}

func (c *checker) clv(r *rawCLV) CLV {
	v := CLV{
		DefaultGrossMargin:  c.number("clv.default_gross_margin", r.DefaultGrossMargin, 1),
		LifespanYears:       c.number("clv.lifespan_years", r.LifespanYears, 0),
		HorizonMonths:       c.integer("clv.horizon_months", r.HorizonMonths, 12),
		DiscountRateMonthly: c.number("clv.discount_rate_monthly", r.DiscountRate, 0),
	}
	if v.HorizonMonths < 1 || v.HorizonMonths > MaxHorizonMonths {
		c.add(cx.Refuse(cx.EINVALID, "", "config_horizon", "%s: %s: %d is outside 1..%d months", c.name, "clv.horizon_months", v.HorizonMonths, MaxHorizonMonths))
	}
	if v.DiscountRateMonthly < 0 || v.DiscountRateMonthly > 1 {
		c.add(cx.Refuse(cx.EINVALID, "", "config_discount_rate", "%s: %s: %v is outside 0..1 (a fraction per month: 0.01 is 1%%)", c.name, "clv.discount_rate_monthly", v.DiscountRateMonthly))
	}
	if v.DefaultGrossMargin < 0 || v.DefaultGrossMargin > 1 {
		c.add(cx.Refuse(cx.EINVALID, "", "config_gross_margin", "%s: %s: %v is outside 0..1 (a fraction: 0.4 is 40%%)", c.name, "clv.default_gross_margin", v.DefaultGrossMargin))
	}
	if v.LifespanYears < 0 {
		c.add(cx.Refuse(cx.EINVALID, "", "config_lifespan_below_zero", "%s: %s: %v is below zero (0 means: derive from churn)", c.name, "clv.lifespan_years", v.LifespanYears))
	}
	if v.LifespanYears > MaxLifespanYears {
		c.add(cx.Refuse(cx.EINVALID, "", "config_lifespan_too_long", "%s: %s: %v is more than %d years", c.name, "clv.lifespan_years", v.LifespanYears, MaxLifespanYears))
	}
	return v
}

func (c *checker) weight(key string, x value) float64 {
	w := c.number(key, x, 1)
	if w < 0 {
		c.add(cx.Refuse(cx.EINVALID, "", "config_weight_below_zero", "%s: %s: weight %v is below zero", c.name, key, w))
	}
	if w > MaxWeight {
		c.add(cx.Refuse(cx.EINVALID, "", "config_weight_too_high", "%s: %s: weight %v is more than %d", c.name, key, w, MaxWeight))
	}
	return w
}

// criteria reads the IQS criteria. They are numbered from 1 in messages, the way a person
// counts the [[scorecards.criteria]] tables in the file.
func (c *checker) criteria(raw []rawCriterion) []Criterion {
	var out []Criterion
	seen := map[string]int{}
	for i, r := range raw {
		key := fmt.Sprintf("scorecards.criteria[%d]", i+1)
		before := len(c.errs)
		cr := Criterion{Name: c.text(key+".name", r.Name, "")}
		wrongType := len(c.errs) > before // then "needs a name" would say it twice
		cr.Weight = c.weight(key+".weight", r.Weight)
		cr.Critical = c.boolean(key+".critical", r.Critical, false)
		cr.Min, cr.Max, _ = c.scale(key, r.Min, r.Max, 1, 5)
		k := cx.NameKey(cr.Name)
		cr.Name = strings.TrimSpace(cr.Name)
		switch first, dup := seen[k]; {
		case k == "":
			if !wrongType {
				c.add(cx.Refuse(cx.EINVALID, "", "config_criterion_no_name", "%s: %s: a criterion needs a name", c.name, key+".name"))
			}
		case dup:
			c.add(cx.Refuse(cx.EINVALID, "", "config_criterion_twice", "%s: %s: %q is already criterion %d (names match trimmed and case-insensitively)", c.name, key+".name", cr.Name, first))
		default:
			seen[k] = i + 1
		}
		out = append(out, cr)
	}
	return out
}

// engagement reads the weights by event kind. Kinds are kept as written: data.md lists the
// names that compare case-insensitively, and an event's kind is not among them.
func (c *checker) engagement(raw map[string]value) []Weight {
	var out []Weight
	// Sorted both for the result (data.md) and for stable messages.
	for _, kind := range slices.Sorted(maps.Keys(raw)) {
		key := toml.Key{"engagement", kind}.String()
		w := c.weight(key, raw[kind])
		if strings.TrimSpace(kind) == "" {
			c.add(cx.Refuse(cx.EINVALID, "", "config_event_no_name", "%s: %s: an event kind needs a name", c.name, key))
			continue
		}
		out = append(out, Weight{Kind: kind, Weight: w})
	}
	return out
}

// mail reads the SMTP settings; a section with a host must be usable.
func (c *checker) mail(r *rawMail) Mail {
	m := Mail{
		Host:     strings.TrimSpace(c.text("mail.host", r.Host, "")),
		Username: c.text("mail.username", r.Username, ""),
		Password: c.text("mail.password", r.Password, ""),
		From:     strings.TrimSpace(c.text("mail.from", r.From, "")),
		TLS:      c.oneOf("mail.tls", r.TLS, "starttls", "starttls", "tls", "opportunistic", "none"),
	}
	// The usual port of the way of connecting: implicit TLS on 465, a plain local relay on 25.
	defPort := map[string]int{"tls": 465, "none": 25}[m.TLS]
	if defPort == 0 {
		defPort = 587
	}
	m.Port = c.integer("mail.port", r.Port, defPort)
	if m.Port < 1 || m.Port > 65535 {
		c.add(cx.Refuse(cx.EINVALID, "", "config_not_a_port", "%s: %s: %d is not a port (1..65535)", c.name, "mail.port", m.Port))
	}
	if m.Host != "" {
		if m.From == "" {
			c.add(cx.Refuse(cx.EINVALID, "", "config_mail_from_needed", "%s: %s: required with a mail host: the sender, such as \"Klantenservice <service@example.nl>\"", c.name, "mail.from"))
		} else if _, err := cx.ParseAddress(m.From); err != nil {
			c.add(cx.Refuse(cx.EINVALID, "", "config_mail_from_address", "%s: %s: %q is not an e-mail address", c.name, "mail.from", m.From))
		}
	}
	return m
}

func (c *checker) invitations(r *rawInvitations) Invitations {
	v := Invitations{
		ThrottleDays: c.integer("invitations.throttle_days", r.ThrottleDays, 30),
		LinkDays:     c.integer("invitations.link_days", r.LinkDays, 30),
	}
	if v.ThrottleDays < 0 {
		c.add(cx.Refuse(cx.EINVALID, "", "config_throttle_below_zero", "%s: %s: %d is below zero (0: no limit)", c.name, "invitations.throttle_days", v.ThrottleDays))
	}
	if v.ThrottleDays > MaxDays {
		c.add(cx.Refuse(cx.EINVALID, "", "config_days_too_many", "%s: %s: %d is more than %d days", c.name, "invitations.throttle_days", v.ThrottleDays, MaxDays))
	}
	if v.LinkDays < 1 || v.LinkDays > MaxDays {
		c.add(cx.Refuse(cx.EINVALID, "", "config_link_days", "%s: %s: %d: an answer link is valid 1..%d days", c.name, "invitations.link_days", v.LinkDays, MaxDays))
	}
	return v
}
