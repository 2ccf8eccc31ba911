package engine

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestSLAPeriodEdges: the SLA of one day holds the tickets due in it, however long before it
// they were made (across a weekend and Koningsdag), and none due just before or after it. The
// walk skips tickets made too early or too late to fall due in the period (firstDueCreations):
// these tickets sit on either side of those edges. Office hours Monday to Friday 9–17;
// Koningsdag is Monday 27 April 2026. Support's target is 8 business hours, Chat's 1.
func TestSLAPeriodEdges(t *testing.T) {
	e := newEngine(t)
	ticket := func(id, created, team, reply string) *cx.Ticket {
		tk := &cx.Ticket{ID: id, CreatedAt: at(created), Team: team}
		if strings.HasSuffix(id, "+30s") { // half a minute after the minute written
			tk.ID, tk.CreatedAt = strings.TrimSuffix(id, "+30s"), tk.CreatedAt.Add(30*time.Second)
		}
		if reply != "" {
			tk.FirstReplyAt = at(reply)
		}
		return tk
	}
	e.Apply(
		// Fri 24 16:00–17:00 (1 h), Koningsdag closed, Tue 28 9:00–16:00 (7 h): due Tue 16:00,
		// never answered: breached.
		ticket("S1", "2026-04-24 16:00", "Support", ""),
		// A minute earlier: due Tue 15:59, answered 15:00: met.
		ticket("S2", "2026-04-24 15:59", "Support", "2026-04-28 15:00"),
		// Fri 9:00–17:00 is the whole target: due Fri 24 17:00, before the day.
		ticket("S3", "2026-04-24 08:00", "Support", ""),
		// Half a minute later, the earliest creation that is due on the day: Fri 9:00:30–17:00
		// leaves 30 s for Tue 9:00:30, answered 9:00: met.
		ticket("S6+30s", "2026-04-24 09:00", "Support", "2026-04-28 09:00"),
		// Thu 23 16:00 + 1 h + Fri 9–16: due Fri 24 16:00, before the day.
		ticket("S4", "2026-04-23 16:00", "Support", ""),
		// Tue 28 10:00 + 7 h + Wed 9–10: due Wed 29 10:00, after the day.
		ticket("S5", "2026-04-28 10:00", "Support", ""),
		// Made on Koningsdag: Tue 9:00–10:00, due Tue 10:00; answered 9:30: met.
		ticket("C1", "2026-04-27 12:00", "Chat", "2026-04-28 09:30"),
		// Tue 16:30 + 30 m + Wed 9:00–9:30: due Wed 29 09:30, after the day.
		ticket("C2", "2026-04-28 16:30", "Chat", ""),
		// Mon 20 April 16:30 + 30 m + Tue 21 9:00–9:30: due long before the day.
		ticket("C3", "2026-04-20 16:30", "Chat", ""),
		// Chat's earliest creation due on the day: Fri 16:00:30 + 59 m 30 s, 30 s on Tuesday:
		// due 9:00:30, never answered: breached.
		ticket("C5+30s", "2026-04-24 16:00", "Chat", ""),
		// Fri 24 16:30 + 30 m, then Koningsdag: due Tue 28 09:30, answered 09:31: breached.
		ticket("C4", "2026-04-24 16:30", "Chat", "2026-04-28 09:31"),
	)
	now := at("2026-04-30 12:00")
	got, err := e.SLA(Query{From: day("2026-04-28"), To: day("2026-04-29")}, now, slaTargetOf)
	if err != nil {
		t.Fatal(err)
	}
	var teams []string
	for _, s := range got {
		teams = append(teams, fmt.Sprintf("%s %d/%d", s.Team, s.Due, s.Breached))
	}
	if s, want := strings.Join(teams, ", "), "Chat 3/2, Support 3/1"; s != want {
		t.Errorf("SLA of Tue 28 April: %q, want %q", s, want)
	}
	if s := breachedIDs(t, e, Query{From: day("2026-04-28"), To: day("2026-04-29")}, now, slaTargetOf); s != "C4,C5,S1" {
		t.Errorf("breached on Tue 28 April: %s, want C4, C5 and S1", s)
	}
	// The day after: S5 and C2 fall due on Wed 29, before now; neither answered.
	got, err = e.SLA(Query{From: day("2026-04-29"), To: day("2026-04-30")}, now, slaTargetOf)
	if err != nil || len(got) != 2 || got[0].Due != 1 || got[0].Breached != 1 || got[1].Due != 1 || got[1].Breached != 1 {
		t.Errorf("SLA of Wed 29 April = %+v, %v; want Chat 1/1 and Support 1/1", got, err)
	}
	// Before now only: the same day seen at Tue 28 12:00 holds C1, C4 and C5, and S6 only of
	// Support (S1 and S2 fall due in the afternoon).
	got, err = e.SLA(Query{From: day("2026-04-28"), To: day("2026-04-29")}, at("2026-04-28 12:00"), slaTargetOf)
	if err != nil || len(got) != 2 || got[0].Due != 3 || got[1].Due != 1 {
		t.Errorf("SLA of Tue 28 April at noon = %+v, %v; want Chat due 3 and Support 1", got, err)
	}
}

// TestSLASeriesAndBreachesInOneWalk: the one walk gives the series and the list that
// SLASeries and Breaches give apart, on the hand-worked slaSet: by week, Chat 1/1 and Support
// 3/2, then Chat 2/1 and Support 1/0, then Support 1/1; breached B, C, F, H and I.
func TestSLASeriesAndBreachesInOneWalk(t *testing.T) {
	e := newEngine(t)
	e.Apply(slaSet()...)
	q := Query{From: day("2026-03-02"), To: day("2026-03-23"), Step: StepWeek}
	series, list, err := e.SLASeriesAndBreaches(q, slaNow, slaTargetOf)
	if err != nil {
		t.Fatal(err)
	}
	var weeks []string
	for _, b := range series {
		var teams []string
		for _, s := range b.Teams {
			teams = append(teams, fmt.Sprintf("%s %d/%d", s.Team, s.Due, s.Breached))
		}
		weeks = append(weeks, strings.Join(teams, ", "))
	}
	if got, want := strings.Join(weeks, "; "), "Chat 1/1, Support 3/2; Chat 2/1, Support 1/0; Support 1/1"; got != want {
		t.Errorf("series %q, want %q", got, want)
	}
	var ids []string
	for _, b := range list {
		ids = append(ids, b.Ticket)
	}
	slices.Sort(ids)
	if got := strings.Join(ids, ","); got != "B,C,F,H,I" {
		t.Errorf("breached %s, want B,C,F,H,I", got)
	}
	apart, err := e.SLASeries(q, slaNow, slaTargetOf)
	if err != nil || !reflect.DeepEqual(apart, series) {
		t.Errorf("SLASeries apart %+v (%v), in one walk %+v", apart, err, series)
	}
	alone, err := e.Breaches(q, slaNow, slaTargetOf)
	if err != nil || !reflect.DeepEqual(alone, list) {
		t.Errorf("Breaches apart %+v (%v), in one walk %+v", alone, err, list)
	}
}

// TestSLATeamHoursReachBack: a team open one hour a week (Mondays 9–10, no holidays) with
// Support's 8 hours takes eight Mondays: a ticket made Monday 2 March 10:00 falls due Monday
// 27 April 10:00 (9, 16, 23, 30 March, 6, 13, 20, 27 April), and the walk must reach back
// through the team's own hours, not the office's, to find it.
func TestSLATeamHoursReachBack(t *testing.T) {
	opts := testOptions()
	mondays := calendar.Hours{Location: ams, Holidays: "none"}
	mondays.Week[time.Monday] = []calendar.Interval{{Start: 9 * 3600, End: 10 * 3600}}
	opts.TeamHours = map[string]calendar.Hours{"Maandag": mondays}
	e, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	e.Apply(&cx.Ticket{ID: "M", CreatedAt: at("2026-03-02 10:00"), Team: "Maandag", FirstReplyAt: at("2026-04-27 09:30")},
		&cx.Ticket{ID: "S", CreatedAt: at("2026-04-24 10:00"), Team: "Support"})
	got, err := e.SLA(Query{From: day("2026-04-27"), To: day("2026-04-28")}, at("2026-04-30 12:00"), slaTargetOf)
	if err != nil {
		t.Fatal(err)
	}
	// S, in office hours: Fri 24 10–17 (7 h), Koningsdag closed, Tue 28 9–10: due the day after.
	var teams []string
	for _, s := range got {
		teams = append(teams, fmt.Sprintf("%s %d/%d", s.Team, s.Due, s.Breached))
	}
	if s := strings.Join(teams, ", "); s != "Maandag 1/0" {
		t.Errorf("SLA of Mon 27 April: %q, want %q", s, "Maandag 1/0")
	}
}

// breachedIDs are the ids of the tickets breached in q's period as of now, sorted, joined by
// commas.
func breachedIDs(t *testing.T, e *Engine, q Query, now time.Time, target func(string) int64) string {
	t.Helper()
	list, err := e.Breaches(q, now, target)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, b := range list {
		ids = append(ids, b.Ticket)
	}
	slices.Sort(ids)
	return strings.Join(ids, ",")
}
