package clickhouse

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/demo"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

var ams = func() *time.Location {
	l, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return l
}()

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, ams)
	if err != nil {
		panic(err)
	}
	return t
}

// custEngineOptions are the engine's settings in the customer tests: a margin for orders
// without one, the clock a day after the demo year.
func custEngineOptions() engine.Options {
	return engine.Options{Timezone: ams, Hours: calendar.OfficeHours(ams), DefaultGrossMargin: 0.35,
		Criterion: func(string) metric.Rating { return metric.Rating{Min: 1, Max: 5, Weight: 1} },
		Now:       func() time.Time { return day("2026-11-02").Add(10 * time.Hour) }}
}

// demoCustomerRecords are the customers, orders and events of the demo year (1 Nov 2025 –
// 1 Nov 2026), what the customer part reads.
var demoCustomerRecords = sync.OnceValues(func() ([]cx.Record, error) {
	var out []cx.Record
	err := demo.Generate(demo.Options{Seed: 1, Location: ams}, func(kind cx.Kind, batch []cx.Record) error {
		switch kind {
		case cx.KindCustomers, cx.KindOrders, cx.KindEvents:
			out = append(out, batch...)
		}
		return nil
	})
	return out, err
})

// loadBoth applies the records to an engine and ships them to a fresh ClickHouse database,
// each its change number in order.
func loadBoth(t *testing.T, recs []cx.Record) (*engine.Engine, *DB) {
	t.Helper()
	e, err := engine.New(custEngineOptions())
	if err != nil {
		t.Fatal(err)
	}
	e.Apply(recs...)
	db := open(t)
	byKind := map[cx.Kind][]Change{}
	var order []cx.Kind
	for i, r := range recs {
		k := r.RecordKind()
		if d, ok := r.(cx.Deletion); ok {
			k = d.Of
		}
		if byKind[k] == nil {
			order = append(order, k)
		}
		byKind[k] = append(byKind[k], Change{r, int64(i + 1)})
	}
	for _, k := range order {
		if err := db.Insert(context.Background(), k, byKind[k], officeHours(t)); err != nil {
			t.Fatal(err)
		}
	}
	return e, db
}

// askOf is the customer ask of a query and the periods the engine answered: the query's own
// period first, then the previous one, then the buckets.
func askOf(q engine.Query, res *engine.Result) (*custAsk, [][2]time.Time) {
	bounds := [][2]time.Time{{q.From, q.To}}
	if !q.PreviousFrom.IsZero() {
		bounds = append(bounds, [2]time.Time{q.PreviousFrom, q.From})
	}
	for _, b := range res.Buckets {
		bounds = append(bounds, [2]time.Time{b.From, b.To})
	}
	a := &custAsk{bySegment: q.By == engine.BySegment}
	if v := q.Filter[engine.BySegment]; v != "" {
		a.filtered, a.segment = true, cx.NameKey(v)
	}
	clamp := func(t time.Time) uint32 { return uint32(max(1, min(t.Unix(), math.MaxUint32))) }
	for _, b := range bounds {
		a.periods = append(a.periods, custPeriod{clamp(b[0]), clamp(b[1]), clamp(metric.CLVWindowStart(b[0], b[1]))})
	}
	return a, bounds
}

// groupsOf are the engine's groups of each period in askOf's order.
func groupsOf(res *engine.Result) [][]engine.Group {
	out := [][]engine.Group{res.Groups}
	if res.Previous != nil {
		out = append(out, res.Previous)
	}
	for _, b := range res.Buckets {
		out = append(out, b.Groups)
	}
	return out
}

// sameNumbers compares two JSON values: numbers to 1e-9 relative, the rest exactly. It returns
// the differences, each with its path.
func sameNumbers(path string, got, want any) []string {
	switch w := want.(type) {
	case float64:
		g, ok := got.(float64)
		if !ok || math.Abs(g-w) > 1e-9*math.Max(math.Abs(w), 1e-300) && g != w {
			return []string{fmt.Sprintf("%s: got %v, want %v", path, got, want)}
		}
		return nil
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: got %v, want %v", path, got, want)}
		}
		var out []string
		for k := range w {
			out = append(out, sameNumbers(path+"."+k, g[k], w[k])...)
		}
		return out
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		return []string{fmt.Sprintf("%s: got %v, want %v", path, got, want)}
	}
	return nil
}

func asAny(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// customerMetrics is the customer metrics of a set, for comparing.
func customerMetrics(m metric.Set) metric.Set {
	return metric.Set{Churn: m.Churn, Retention: m.Retention, Referral: m.Referral, CLV: m.CLV, Engagement: m.Engagement}
}

// TestCustomerFiguresEqualTheEngine: on the demo year's customers, orders and events, the
// customer part's figures from ClickHouse equal the in-memory engine's, for every slot of
// reports unsplit and by segment, filtered, with the previous period and with buckets of days,
// weeks and months (counts exactly, the rest to 1e-9 relative). Predictive CLV is compared
// apart (TestPredictiveEqualsTheEngine).
func TestCustomerFiguresEqualTheEngine(t *testing.T) {
	recs, err := demoCustomerRecords()
	if err != nil {
		t.Fatal(err)
	}
	e, db := loadBoth(t, recs)
	parts := engine.PartCustomers
	cases := []struct {
		name string
		q    engine.Query
	}{
		{"the year", engine.Query{From: day("2025-11-01"), To: day("2026-11-01")}},
		{"a quarter by segment with the one before", engine.Query{From: day("2026-04-01"), To: day("2026-07-01"), By: engine.BySegment, PreviousFrom: day("2026-01-01")}},
		{"months by segment", engine.Query{From: day("2025-11-01"), To: day("2026-11-01"), By: engine.BySegment, Step: engine.StepMonth}},
		{"days of March (DST) filtered to a segment", engine.Query{From: day("2026-03-01"), To: day("2026-04-01"), Step: engine.StepDay,
			Filter: map[engine.Dim]string{engine.BySegment: "  ZAKELIJK "}}},
		{"weeks of a quarter, with the previous", engine.Query{From: day("2026-01-01"), To: day("2026-04-01"), Step: engine.StepWeek, PreviousFrom: day("2025-10-02")}},
		{"two years from before the data", engine.Query{From: day("2024-11-01"), To: day("2026-11-10"), By: engine.BySegment}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.q.Parts = parts
			res, err := e.Query(c.q)
			if err != nil {
				t.Fatal(err)
			}
			ask, bounds := askOf(c.q, res)
			days := make([]float64, len(bounds))
			for k, b := range bounds {
				days[k] = engine.CalendarDays(metric.CLVWindowStart(b[0], b[1]), b[1])
			}
			o := custEngineOptions()
			f, err := db.customers(context.Background(), ask, custOptions{defaultMargin: o.DefaultGrossMargin}, days, true)
			if err != nil {
				t.Fatal(err)
			}
			for k, groups := range groupsOf(res) {
				shown := map[string]bool{}
				for _, g := range groups {
					key := ""
					if g.Key != nil {
						key = cx.NameKey(*g.Key)
					}
					var got metric.Set
					seen := f.fill(custSlot{k, key}, &got)
					shown[key] = true
					if !seen && c.q.By == engine.BySegment {
						t.Errorf("period %d group %q: shown by the engine, not seen here", k, key)
					}
					want := customerMetrics(g.Metrics)
					if want.CLV != nil {
						w := *want.CLV
						w.Predictive = nil
						want.CLV = &w
					}
					for _, d := range sameNumbers(fmt.Sprintf("period %d %s group %q", k, bounds[k][0].Format(time.DateOnly), key), asAny(t, got), asAny(t, want)) {
						t.Error(d)
					}
				}
				for s := range f.base {
					if s.period == k && c.q.By == engine.BySegment && !shown[s.group] {
						var m metric.Set
						if f.fill(s, &m) {
							t.Errorf("period %d group %q: seen here, not shown by the engine", k, s.group)
						}
					}
				}
			}
		})
	}
}

// TestPredictiveEqualsTheEngine: the predictive CLV of the query's period and of the previous
// one, from summaries ClickHouse works out and the models fitted on them in Go, equals the
// engine's (1e-9 relative), unsplit, by segment and filtered.
func TestPredictiveEqualsTheEngine(t *testing.T) {
	recs, err := demoCustomerRecords()
	if err != nil {
		t.Fatal(err)
	}
	e, db := loadBoth(t, recs)
	o := custEngineOptions()
	cases := []struct {
		name string
		q    engine.Query
	}{
		{"the year", engine.Query{From: day("2025-11-01"), To: day("2026-11-01")}},
		{"a quarter by segment with the one before", engine.Query{From: day("2026-07-01"), To: day("2026-10-01"), By: engine.BySegment, PreviousFrom: day("2026-04-01")}},
		{"a month of a segment, to after today", engine.Query{From: day("2026-10-15"), To: day("2026-11-15"),
			Filter: map[engine.Dim]string{engine.BySegment: "premium"}, PreviousFrom: day("2026-09-15")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := e.Query(c.q)
			if err != nil {
				t.Fatal(err)
			}
			ask, bounds := askOf(c.q, res)
			for k, groups := range groupsOf(res) {
				p := ask.periods[k]
				got, err := db.predictive(context.Background(), modelAsk{window: p.window, to: p.to,
					asOf: engine.ModelDay(bounds[k][1], o.Now(), ams), months: 12, location: ams, segmentAsk: ask})
				if err != nil {
					t.Fatal(err)
				}
				for _, g := range groups {
					key := ""
					if g.Key != nil {
						key = cx.NameKey(*g.Key)
					}
					want := g.Metrics.CLV.Predictive
					if want == nil {
						t.Fatalf("period %d group %q: the engine has no predictive CLV", k, key)
					}
					if d := sameNumbers(fmt.Sprintf("period %d group %q", k, key), asAny(t, got[key]), *want); d != nil {
						t.Error(d)
					}
				}
			}
		})
	}
}
