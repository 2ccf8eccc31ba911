package engine

import (
	"fmt"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestCustomerRulesAreTheEngines: the exported customer rules another querier applies give
// what the engine's own passes use — the calendar days of a period and of its CLV window, the
// models' as-of day, the engagement kinds — so that both queriers keep one rule.
func TestCustomerRulesAreTheEngines(t *testing.T) {
	now := at("2026-03-29 15:00") // the day of the spring DST change
	opts := testOptions()
	opts.Now = func() time.Time { return now }
	e, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]string{{"2026-03-01", "2026-04-01"}, {"2025-10-26", "2025-10-27"}, {"2024-02-29", "2026-03-01"},
		{"2026-03-29", "2026-03-30"}, {"2026-03-28", "2026-05-01"}, {"2020-01-01", "2020-01-02"}} {
		from, to := day(p[0]), day(p[1])
		if got, want := CalendarDays(from, to), newPeriod(from, to).days; got != want {
			t.Errorf("CalendarDays(%s, %s) = %v; the engine's period has %v", p[0], p[1], got, want)
		}
		start, days := CLVWindow(from, to)
		w := newPeriod(metric.CLVWindowStart(from, to), to)
		if start != w.from || days != w.days {
			t.Errorf("CLVWindow(%s, %s) = %d, %v; the engine's window is %d, %v", p[0], p[1], start, days, w.from, w.days)
		}
		if got, want := ModelDay(to, now, ams), e.modelDay(to); got != want {
			t.Errorf("ModelDay(%s) = %d; the engine's is %d", p[1], got, want)
		}
	}
	e.Apply(&cx.Event{ID: "e1", CustomerID: "c", Kind: "Review", At: now}, &cx.Event{ID: "e2", CustomerID: "c", Kind: " login", At: now},
		&cx.Event{ID: "e3", CustomerID: "c", Kind: "LOGIN", At: now})
	r := e.newRun(Query{From: day("2026-03-01"), To: day("2026-04-01")}, nil)
	defer e.scratch.Put(r.s)
	var known []string
	for i := 1; i < e.eventKinds.len(); i++ {
		known = append(known, e.eventKinds.name(uint16(i)))
	}
	if got, want := EngagementKinds(nil, known), r.engagementKinds(); len(got) != 2 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("EngagementKinds = %v; the engine's are %v", got, want)
	}
}
