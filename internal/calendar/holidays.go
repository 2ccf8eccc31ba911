package calendar

import (
	"fmt"
	"sort"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/aa"
	"github.com/rickar/cal/v2/be"
	"github.com/rickar/cal/v2/nl"
)

// Holiday is one built-in public holiday: a local date and its name in the country's language.
type Holiday struct {
	Date Date
	Name string
}

// holidayRule is a library holiday plus the years in which it applies; nil applies means every
// year the library itself gives a date for.
type holidayRule struct {
	holiday *cal.Holiday
	applies func(year int) bool
}

// holidaySets are the built-in sets a config may name. "nl" is exactly data.md section 3's list,
// which is not the library's nl.Holidays: it adds Easter and Whit Sunday (days off for a team that
// works weekends), leaves out Good Friday and keeps Bevrijdingsdag only in years divisible by 5.
var holidaySets = map[string][]holidayRule{
	"nl": {
		{holiday: nl.Nieuwjaar},
		{holiday: aa.Easter.Clone(&cal.Holiday{Name: "Eerste Paasdag", Type: cal.ObservancePublic})},
		{holiday: nl.TweedePaasdag},
		// Observed date: the library moves Koningsdag to Saturday 26 April when the 27th is a Sunday.
		{holiday: nl.Koningsdag},
		{holiday: nl.BevrijdingsDag, applies: func(year int) bool { return year%5 == 0 }},
		{holiday: nl.Hemelvaart},
		{holiday: aa.Pentecost.Clone(&cal.Holiday{Name: "Eerste Pinksterdag", Type: cal.ObservancePublic})},
		{holiday: nl.TweedePinksterDag},
		{holiday: nl.EersteKerstdag},
		{holiday: nl.TweedeKerstdag},
	},
	"be":   rulesFor(be.Holidays),
	"none": nil,
}

func rulesFor(hs []*cal.Holiday) []holidayRule {
	rules := make([]holidayRule, len(hs))
	for i, h := range hs {
		rules[i] = holidayRule{holiday: h}
	}
	return rules
}

// HolidayDates lists the built-in holidays of set ("nl", "be" or "none") in year, sorted by date.
// The dates are local dates: a calendar applies them in its own time zone.
func HolidayDates(set string, year int) ([]Holiday, error) {
	rules, ok := holidaySets[set]
	if !ok {
		return nil, fmt.Errorf("calendar: unknown holiday set %q (want \"nl\", \"be\" or \"none\")", set)
	}
	list := make([]Holiday, 0, len(rules))
	for _, r := range rules {
		if r.applies != nil && !r.applies(year) {
			continue
		}
		// The observed date is the day off; the library returns the zero time for years in
		// which a holiday does not exist. Its times are midnights in cal.DefaultLoc, read back in
		// that same zone, so the civil date does not depend on the machine's zone.
		_, observed := r.holiday.Calc(year)
		if observed.IsZero() {
			continue
		}
		list = append(list, Holiday{
			Date: Date{observed.Year(), observed.Month(), observed.Day()},
			Name: r.holiday.Name,
		})
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Date.before(list[j].Date) })
	return list, nil
}

func (d Date) before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}
