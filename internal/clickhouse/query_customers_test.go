package clickhouse

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/demo"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/model"
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
	// The tickets and answers go through a store, where the answers' derivation reads them
	// (the odd customers here are more than a store takes); the rest is numbered in order.
	st := newShipStore(t)
	for i, r := range recs {
		k := r.RecordKind()
		if d, ok := r.(cx.Deletion); ok {
			k = d.Of
		}
		c := Change{r, int64(i + 1)}
		if k == cx.KindTickets || k == cx.KindResponses {
			put := st.put(t, r)
			if len(put) == 0 {
				continue
			}
			c = put[0]
		}
		if byKind[k] == nil {
			order = append(order, k)
		}
		byKind[k] = append(byKind[k], c)
	}
	slices.SortStableFunc(order, func(a, b cx.Kind) int { // answers after their tickets, as the shipper has them
		return slices.Index(cx.Kinds, a) - slices.Index(cx.Kinds, b)
	})
	for _, k := range order {
		if err := db.Insert(context.Background(), k, byKind[k], st.derive); err != nil {
			t.Fatal(err)
		}
	}
	return e, db
}

// answerBoth answers q from the engine and from ClickHouse (a querier of db under the engine's
// options).
func answerBoth(t *testing.T, e *engine.Engine, db *DB, chq *Querier, q engine.Query) (got, want *engine.Result) {
	t.Helper()
	want, err := e.Answer(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if chq == nil {
		chq = NewQuerier(db, custEngineOptions())
	}
	got, err = chq.Answer(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return got, want
}

// periodsOf are an answer's groups by period: the query's own, the previous, the buckets.
func periodsOf(res *engine.Result) map[string][]engine.Group {
	out := map[string][]engine.Group{"period": res.Groups}
	if res.Previous != nil {
		out["previous"] = res.Previous
	}
	for _, b := range res.Buckets {
		out["bucket "+b.From.Format(time.DateOnly)] = b.Groups
	}
	return out
}

// sameCustomerFigures compares the customer metrics of two answers, group by group.
func sameCustomerFigures(t *testing.T, got, want *engine.Result) {
	t.Helper()
	g, w := periodsOf(got), periodsOf(want)
	if len(g) != len(w) {
		t.Fatalf("%d periods; want %d", len(g), len(w))
	}
	for period, wgs := range w {
		ggs := g[period]
		if len(ggs) != len(wgs) {
			t.Errorf("%s: %d groups; want %d", period, len(ggs), len(wgs))
			continue
		}
		for i := range wgs {
			where := period
			if wgs[i].Key != nil {
				where += " group " + *wgs[i].Key
				if ggs[i].Key == nil || *ggs[i].Key != *wgs[i].Key {
					t.Errorf("%s: group %v", where, ggs[i].Key)
					continue
				}
			}
			for _, d := range sameNumbers(where, asAny(t, customerMetrics(ggs[i].Metrics)), asAny(t, customerMetrics(wgs[i].Metrics))) {
				t.Error(d)
			}
		}
	}
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
// customer part's figures from ClickHouse equal the in-memory engine's — churn, retention,
// referral, CLV with its predictive form, engagement — in reports unsplit and by segment,
// filtered, with the previous period and with buckets of days, weeks and months (counts
// exactly, the rest to 1e-9 relative), and the same groups are shown.
func TestCustomerFiguresEqualTheEngine(t *testing.T) {
	recs, err := demoCustomerRecords()
	if err != nil {
		t.Fatal(err)
	}
	// An order at the very end of a quarter (a period's end is no part of it), and a refund in
	// the series' windows (revenue, no order), of a customer with orders before them.
	var first string
	for _, r := range recs {
		if o, ok := r.(*cx.Order); ok {
			first = o.CustomerID
			break
		}
	}
	recs = append(slices.Clip(recs), &cx.Order{ID: "at-the-end", CustomerID: first, OrderedAt: day("2026-07-01"), Amount: 77, GrossMargin: ptrTo(0.2)},
		&cx.Order{ID: "refund", CustomerID: first, OrderedAt: day("2026-03-10").Add(10 * time.Hour), Amount: -20, RefundOf: "at-the-end"})
	e, db := loadBoth(t, recs)
	chq := NewQuerier(db, custEngineOptions())
	all := engine.PartCustomers | engine.PartModel
	type figuresCase struct {
		name string
		q    engine.Query
	}
	cases := []figuresCase{
		{"the year", engine.Query{From: day("2025-11-01"), To: day("2026-11-01"), Parts: all}},
		{"the year by segment (its fit from the cache)", engine.Query{From: day("2025-11-01"), To: day("2026-11-01"), By: engine.BySegment, Parts: all}},
		{"a quarter by segment with the one before", engine.Query{From: day("2026-04-01"), To: day("2026-07-01"), By: engine.BySegment,
			PreviousFrom: day("2026-01-01"), Parts: all}},
		{"months by segment", engine.Query{From: day("2025-11-01"), To: day("2026-11-01"), By: engine.BySegment, Step: engine.StepMonth, Parts: all}},
		{"days of March (DST) filtered to a segment", engine.Query{From: day("2026-03-01"), To: day("2026-04-01"), Step: engine.StepDay,
			Filter: map[engine.Dim]string{engine.BySegment: "  ZAKELIJK "}, Parts: all}},
		{"weeks of a quarter, with the previous", engine.Query{From: day("2026-01-01"), To: day("2026-04-01"), Step: engine.StepWeek,
			PreviousFrom: day("2025-10-02"), Parts: all}},
		{"two years from before the data", engine.Query{From: day("2024-11-01"), To: day("2026-11-10"), By: engine.BySegment, Parts: all}},
		{"a month of a segment to after today, with the month before", engine.Query{From: day("2026-10-15"), To: day("2026-11-15"),
			Filter: map[engine.Dim]string{engine.BySegment: "premium"}, PreviousFrom: day("2026-09-15"), Parts: all}},
		// The windows start on 15 Nov 2025: the orders of the first half of November count in
		// the buyers' margins only (lifetimeSQL's before).
		{"a month to after the data by segment", engine.Query{From: day("2026-10-15"), To: day("2026-11-15"),
			By: engine.BySegment, Parts: all}},
		{"churn alone, months by segment", engine.Query{From: day("2025-11-01"), To: day("2026-11-01"), By: engine.BySegment,
			Step: engine.StepMonth, Parts: engine.PartChurn}},
		{"a segment no customer has", engine.Query{From: day("2026-01-01"), To: day("2026-02-01"),
			Filter: map[engine.Dim]string{engine.BySegment: "onbekend"}, Parts: all}},
		{"every part at once, by segment with the previous period", engine.Query{From: day("2026-04-01"), To: day("2026-07-01"),
			By: engine.BySegment, PreviousFrom: day("2026-01-01")}},
		{"by channel: no customer metrics", engine.Query{From: day("2026-01-01"), To: day("2026-02-01"), By: engine.ByChannel, Parts: all}},
	}
	compare := func(stage string, only ...string) {
		t.Helper()
		for _, name := range only {
			if !slices.ContainsFunc(cases, func(c figuresCase) bool { return c.name == name }) {
				t.Errorf("%s: no case is named %q, so it compares nothing", stage, name)
			}
		}
		for _, c := range cases {
			if only != nil && !slices.Contains(only, c.name) {
				continue
			}
			t.Run(stage+"/"+c.name, func(t *testing.T) {
				got, want := answerBoth(t, e, db, chq, c.q)
				sameCustomerFigures(t, got, want)
				if c.q.Parts&engine.PartModel != 0 && c.q.By != engine.ByChannel && !strings.Contains(c.name, "no customer") &&
					want.Groups[0].Metrics.CLV.Predictive == nil {
					t.Error("the engine has no predictive CLV: the case compares nothing")
				}
			})
		}
	}
	compare("the orders' table")
	// Settled, the orders are read from their copy by customer (copies_orders.go); then a few
	// orders change after its snapshot and are read from the table beside it.
	// The copy changes where the orders are read from, not what is done with them: the cases
	// of a whole window unsplit and unfiltered (no customers joined: clvCustomers' '' AS g) and
	// by segment, a previous period, a series, a filter and the edges of the data read them
	// every way (all cases of every stage took 40–70 s of a CI run under -race).
	copied := []string{"the year", "the year by segment (its fit from the cache)", "a quarter by segment with the one before",
		"months by segment", "days of March (DST) filtered to a segment", "two years from before the data",
		"a month to after the data by segment"}
	settleOrders(t, db, int64(len(recs)))
	compare("the orders' copy", copied...)
	changeOrders(t, e, db, recs)
	compare("the orders' copy with changed orders", copied...)
}

// handRecords are a few customers, orders and events whose figures are worked out by hand in
// TestCustomerFiguresByHand: an update that moves a customer to another segment, spellings of
// one segment and one event kind, a deleted customer and order, an order and an event of a
// customer without a row, a refund, orders before the CLV window and after the period.
func handRecords() []cx.Record {
	at := func(s string) time.Time { return day(s).Add(12 * time.Hour) }
	margin := func(m float64) *float64 { return &m }
	return []cx.Record{
		&cx.Customer{ID: "c1", AcquiredAt: at("2025-06-01"), Segment: "Retail"},
		&cx.Customer{ID: "c2", AcquiredAt: at("2025-07-01"), Segment: "Other"},
		&cx.Customer{ID: "c2", AcquiredAt: at("2025-07-01"), ChurnedAt: at("2026-02-10"), Segment: " retail "},
		&cx.Customer{ID: "c3", AcquiredAt: at("2026-02-05"), ChurnedAt: at("2026-02-20"), Segment: "Zaak", ReferredBy: "c1"},
		&cx.Customer{ID: "c4", AcquiredAt: at("2026-02-07"), Segment: "ZAAK", ReferredBy: "c2"},
		&cx.Customer{ID: "c5", AcquiredAt: at("2025-01-01"), ChurnedAt: at("2026-01-15"), Segment: "Retail"},
		&cx.Customer{ID: "c6", AcquiredAt: at("2025-01-01"), Segment: "Retail"},
		cx.Deletion{Of: cx.KindCustomers, ID: "c6"},
		&cx.Customer{ID: "c7", Segment: "Retail"}, // never acquired: in no base
		&cx.Order{ID: "o1", CustomerID: "c1", OrderedAt: at("2025-12-01"), Amount: 100, GrossMargin: margin(0.5)},
		&cx.Order{ID: "o2", CustomerID: "c1", OrderedAt: at("2026-02-03"), Amount: 50},
		&cx.Order{ID: "o3", CustomerID: "c2", OrderedAt: at("2025-02-15"), Amount: 200, GrossMargin: margin(0.4)},
		&cx.Order{ID: "o4", CustomerID: "c2", OrderedAt: at("2025-08-01"), Amount: 80},
		&cx.Order{ID: "o5", CustomerID: "c2", OrderedAt: at("2025-09-01"), Amount: -30, RefundOf: "o4"},
		&cx.Order{ID: "o6", CustomerID: "cX", OrderedAt: at("2026-01-10"), Amount: 40, GrossMargin: margin(0.25)},
		&cx.Order{ID: "o7", CustomerID: "c1", OrderedAt: at("2026-03-05"), Amount: 999},
		&cx.Order{ID: "o8", CustomerID: "c4", OrderedAt: at("2026-02-08"), Amount: 70},
		cx.Deletion{Of: cx.KindOrders, ID: "o8"},
		&cx.Event{ID: "e1", CustomerID: "c1", Kind: "Login", At: at("2026-02-10")},
		&cx.Event{ID: "e2", CustomerID: "c1", Kind: " login ", At: at("2026-02-11")},
		&cx.Event{ID: "e3", CustomerID: "c4", Kind: "Review", At: at("2026-02-12")},
		&cx.Event{ID: "e4", CustomerID: "c2", Kind: "login", At: at("2026-02-09")}, // c2 is gone at the end
		&cx.Event{ID: "e5", CustomerID: "cX", Kind: "login", At: at("2026-02-09")}, // no such customer
		&cx.Event{ID: "e6", CustomerID: "c1", Kind: "Review", At: at("2026-01-20")},
	}
}

// TestCustomerFiguresByHand: February 2026 with January before it, on handRecords. By hand:
// the base at 1 Feb is c1, c2 (c5 left on 15 Jan); c2 leaves in February; c3 and c4 come, c3
// leaves again; both were referred. The CLV window is 1 Mar 2025 – 1 Mar 2026 (365 days):
// revenue 100+50+80−30+40 = 240 over 4 orders (o1, o2, o4, o6) of 3 buyers (c1, c2, cX);
// margins c1 100·0.5+50·0.35 = 67.5, c2 200·0.4+80·0.35−30·0.35 = 97.5, cX 40·0.25 = 10; the
// base at the window's start is c5 alone, lost in it: churn 100%, lifespan 1 year.
func TestCustomerFiguresByHand(t *testing.T) {
	e, db := loadBoth(t, handRecords())
	f64 := func(v float64) *float64 { return &v }
	type want struct {
		churn      metric.Churn
		retention  *float64
		referral   *float64
		clv        metric.CLV
		engagement metric.Engagement
	}
	type slot struct{ period, group string } // group "(all)" when unsplit
	cases := []struct {
		name   string
		by     engine.Dim
		filter string
		want   map[slot]want
	}{
		{"unsplit", engine.ByNone, "", map[slot]want{
			{"period", "(all)"}: {metric.Churn{Value: f64(50), Start: 2, Lost: 1, New: 2, NewLost: 1, End: 2}, f64(0), f64(100),
				metric.CLV{AOV: f64(60), Orders: 4, Buyers: 3, FrequencyPerYear: f64(4.0 / 3), LifespanYears: f64(1),
					Simple: f64(80), Historical: f64(175.0 / 3)},
				metric.Engagement{Value: f64(50), N: 2, Participation: map[string]float64{"Login": 50, "Review": 50}}},
			{"previous", "(all)"}: {metric.Churn{Value: f64(100.0 / 3), Start: 3, Lost: 1, End: 2}, f64(200.0 / 3), nil,
				// January's window (1 Feb 2025 – 1 Feb 2026): o1, o3, o4, o5, o6, revenue
				// 100+200+80−30+40 = 390 over 4 orders; c5 lost in it.
				metric.CLV{AOV: f64(97.5), Orders: 4, Buyers: 3, FrequencyPerYear: f64(4.0 / 3), LifespanYears: f64(1),
					Simple: f64(130), Historical: f64((50 + 97.5 + 10) / 3)},
				metric.Engagement{Value: f64(25), N: 2, Participation: map[string]float64{"Login": 0, "Review": 50}}},
		}},
		{"by segment", engine.BySegment, "", map[slot]want{
			{"period", "Retail"}: {metric.Churn{Value: f64(50), Start: 2, Lost: 1, End: 1}, f64(50), nil,
				metric.CLV{AOV: f64(200.0 / 3), Orders: 3, Buyers: 2, FrequencyPerYear: f64(1.5), LifespanYears: f64(1),
					Simple: f64(100), Historical: f64(82.5)},
				metric.Engagement{Value: f64(50), N: 1, Participation: map[string]float64{"Login": 100, "Review": 0}}},
			{"period", "Zaak"}: {metric.Churn{New: 2, NewLost: 1, End: 1}, nil, f64(100),
				metric.CLV{},
				metric.Engagement{Value: f64(50), N: 1, Participation: map[string]float64{"Login": 0, "Review": 100}}},
			{"period", ""}: {metric.Churn{}, nil, nil,
				metric.CLV{AOV: f64(40), Orders: 1, Buyers: 1, FrequencyPerYear: f64(1), Historical: f64(10)},
				metric.Engagement{Participation: map[string]float64{}}},
		}},
		{"filtered to ZAAK", engine.ByNone, " zaak", map[slot]want{
			{"period", "(all)"}: {metric.Churn{New: 2, NewLost: 1, End: 1}, nil, f64(100), metric.CLV{},
				metric.Engagement{Value: f64(50), N: 1, Participation: map[string]float64{"Login": 0, "Review": 100}}},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// With the model: too few repeat buyers to fit it, so no predictive CLV on either side.
			q := engine.Query{From: day("2026-02-01"), To: day("2026-03-01"), PreviousFrom: day("2026-01-01"), By: c.by,
				Parts: engine.PartCustomers | engine.PartModel}
			if c.filter != "" {
				q.Filter = map[engine.Dim]string{engine.BySegment: c.filter}
			}
			got, engineGot := answerBoth(t, e, db, nil, q)
			for name, res := range map[string]*engine.Result{"clickhouse": got, "engine": engineGot} {
				groups := map[slot]metric.Set{}
				for period, gs := range periodsOf(res) {
					for _, g := range gs {
						key := "(all)"
						if g.Key != nil {
							key = *g.Key
						}
						groups[slot{period, key}] = g.Metrics
					}
				}
				for s, w := range c.want {
					m, ok := groups[s]
					if !ok {
						t.Errorf("%s: no group %v", name, s)
						continue
					}
					retention := metric.Retention{Value: w.retention, Start: w.churn.Start, End: w.churn.End, New: w.churn.New}
					referral := metric.Referral{Value: w.referral, New: w.churn.New}
					if w.referral != nil {
						referral.Referred = w.churn.New
					}
					wantSet := metric.Set{Churn: &w.churn, Retention: &retention, Referral: &referral, CLV: &w.clv, Engagement: &w.engagement}
					for _, d := range sameNumbers(fmt.Sprintf("%s %v", name, s), asAny(t, customerMetrics(m)), asAny(t, wantSet)) {
						t.Error(d)
					}
				}
			}
		})
	}
}

// TestConfiguredEngagementKinds: configured kinds are found by name as the engine finds them:
// of two spellings of one kind the last counts it, the first has none; a kind no event has
// counts none. February on handRecords (the base at its end c1, c4; c1 logged in, c4
// reviewed): LOGIN 0, review 50, Login 50, nooit 0, weighed 2, 1, 1, 1: score 100/5 = 20.
func TestConfiguredEngagementKinds(t *testing.T) {
	opts := custEngineOptions()
	opts.Engagement = []metric.Weighted{{Kind: "LOGIN", Weight: 2}, {Kind: "review", Weight: 1}, {Kind: "Login", Weight: 1}, {Kind: "nooit", Weight: 1}}
	e, err := engine.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	recs := handRecords()
	e.Apply(recs...)
	_, db := loadBoth(t, recs)
	q := engine.Query{From: day("2026-02-01"), To: day("2026-03-01"), Parts: engine.PartCustomers}
	got, want := answerBoth(t, e, db, NewQuerier(db, opts), q)
	sameCustomerFigures(t, got, want)
	en := got.Groups[0].Metrics.Engagement
	wantEn := metric.Engagement{Value: ptrTo(20.0), N: 2, Participation: map[string]float64{"LOGIN": 0, "review": 50, "Login": 50, "nooit": 0}}
	for _, d := range sameNumbers("engagement", asAny(t, en), asAny(t, wantEn)) {
		t.Error(d)
	}
}

func ptrTo(v float64) *float64 { return &v }

// TestFitCacheFollowsTheOrders: a fit kept for an as-of day is not used once an order is
// shipped (inserted, then the orders' position moved, as the shipper does): the predictive CLV
// after it equals the engine's with that order, and differs from the one before.
func TestFitCacheFollowsTheOrders(t *testing.T) {
	recs, err := demoCustomerRecords()
	if err != nil {
		t.Fatal(err)
	}
	e, db := loadBoth(t, recs)
	chq := NewQuerier(db, custEngineOptions())
	q := engine.Query{From: day("2025-11-01"), To: day("2026-11-01"), Parts: engine.PartCustomers | engine.PartModel}
	predictive := func() (got, want float64) {
		t.Helper()
		g, w := answerBoth(t, e, db, chq, q)
		gp, wp := g.Groups[0].Metrics.CLV.Predictive, w.Groups[0].Metrics.CLV.Predictive
		if gp == nil || wp == nil {
			t.Fatalf("predictive = %v; engine %v", gp, wp)
		}
		return *gp, *wp
	}
	before, _ := predictive()
	var first string
	for _, r := range recs {
		if c, ok := r.(*cx.Customer); ok {
			first = c.ID
			break
		}
	}
	big := &cx.Order{ID: "big", CustomerID: first, OrderedAt: day("2026-10-20").Add(15 * time.Hour), Amount: 50000}
	e.Apply(big)
	if err := db.Insert(context.Background(), cx.KindOrders, []Change{{big, int64(len(recs) + 1)}}, officeHours(t)); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPosition(context.Background(), cx.KindOrders, int64(len(recs)+1)); err != nil {
		t.Fatal(err)
	}
	got, want := predictive()
	if d := sameNumbers("after the order", got, want); d != nil || got == before {
		t.Errorf("%v; before the order %v", d, before)
	}
}

// TestSummariesInFitOrder: the order summaries come from ClickHouse in the models' order of
// distinct summaries (summariesSQL's ORDER BY against model.InFitOrder) and numbered 0, 1, … in
// that order, as model.FitSummaries wants them sorted by ID; on the demo year, with repeat
// buyers enough that another order would show.
func TestSummariesInFitOrder(t *testing.T) {
	recs, err := demoCustomerRecords()
	if err != nil {
		t.Fatal(err)
	}
	_, db := loadBoth(t, recs)
	opts := custEngineOptions()
	q := NewQuerier(db, opts)
	p, err := q.newPlan(context.Background(), engine.Query{From: day("2025-11-01"), To: day("2026-11-01"), Parts: engine.PartCustomers}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs, ids, err := p.summaries(context.Background(), engine.ModelDay(day("2026-11-01"), time.Now(), opts.Timezone))
	if err != nil {
		t.Fatal(err)
	}
	repeat := 0
	for i, c := range cs {
		if c.ID != uint32(i) {
			t.Fatalf("summary %d has ID %d", i, c.ID)
		}
		if c.X > 0 {
			repeat++
		}
	}
	if repeat < 100 || ids.len() != len(cs) {
		t.Fatalf("%d summaries (%d ids), %d with repeat days; the test wants a hundred", len(cs), ids.len(), repeat)
	}
	if !model.InFitOrder(cs) {
		t.Error("the order summaries are not in the models' order (x, t_x, T)")
	}
}

// TestSummariesByHand reads the order summaries of a few customers worked out by hand: purchase
// days are local days (Europe/Amsterdam), the orders of one day are one purchase, a refund is
// none but reduces the latest purchase on or before it (model.Summarize), an order after the
// as-of day is not seen, and the repeat days' spend leaves the first day out whatever its
// orders.
func TestSummariesByHand(t *testing.T) {
	tenth := 0.1 // a variable: Go's constants would sum exactly
	db := open(t)
	ctx := context.Background()
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, ams)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	orders := []*cx.Order{
		{ID: "a1", CustomerID: "a", OrderedAt: at("2026-03-01 10:00"), Amount: 10},
		{ID: "a2", CustomerID: "a", OrderedAt: at("2026-03-01 23:30"), Amount: 5}, // the same local day (22:30 UTC)
		{ID: "a3", CustomerID: "a", OrderedAt: at("2026-03-02 00:30"), Amount: 7}, // the next local day, 1 March in UTC
		{ID: "a4", CustomerID: "a", OrderedAt: at("2026-03-05 12:00"), Amount: -3, RefundOf: "a1"},
		{ID: "a5", CustomerID: "a", OrderedAt: at("2026-03-09 09:00"), Amount: 2.5},
		{ID: "a6", CustomerID: "a", OrderedAt: at("2026-03-09 17:00"), Amount: 4},
		{ID: "a7", CustomerID: "a", OrderedAt: at("2026-04-01 09:00"), Amount: 100}, // after the as-of day
		{ID: "b1", CustomerID: "b", OrderedAt: at("2026-03-10 09:00"), Amount: 20},
		{ID: "b2", CustomerID: "b", OrderedAt: at("2026-03-10 11:00"), Amount: 1},
		{ID: "c1", CustomerID: "c", OrderedAt: at("2026-03-11 09:00"), Amount: -8}, // a refund alone: no purchase
		{ID: "e1", CustomerID: "e", OrderedAt: at("2026-03-02 09:00"), Amount: -4}, // before the first purchase: reduces nothing
		{ID: "e2", CustomerID: "e", OrderedAt: at("2026-03-03 09:00"), Amount: 10},
		{ID: "e3", CustomerID: "e", OrderedAt: at("2026-03-06 08:00"), Amount: -5, RefundOf: "e4"}, // the same day as its order
		{ID: "e4", CustomerID: "e", OrderedAt: at("2026-03-06 07:00"), Amount: 30},
		// Each day summed, then the days: 0.1 + (0.2 + 0.3) is 0.6, (0.1 + 0.2) + 0.3 is not.
		{ID: "d1", CustomerID: "d", OrderedAt: at("2026-03-02 09:00"), Amount: 1},
		{ID: "d2", CustomerID: "d", OrderedAt: at("2026-03-03 09:00"), Amount: tenth},
		{ID: "d3", CustomerID: "d", OrderedAt: at("2026-03-04 09:00"), Amount: 2 * tenth},
		{ID: "d4", CustomerID: "d", OrderedAt: at("2026-03-04 10:00"), Amount: 3 * tenth},
	}
	var changes []Change
	for i, o := range orders {
		changes = append(changes, Change{o, int64(i + 1)})
	}
	if err := db.Insert(ctx, cx.KindOrders, changes, nil); err != nil {
		t.Fatal(err)
	}
	q := NewQuerier(db, custEngineOptions())
	p, err := q.newPlan(ctx, engine.Query{From: day("2026-03-01"), To: day("2026-04-01"), Parts: engine.PartCustomers}, nil)
	if err != nil {
		t.Fatal(err)
	}
	dayOf := func(m time.Month, d int) uint32 { return uint32(engine.DayNumber(2026, m, d)) }
	if tenth+(2*tenth+3*tenth) == (tenth+2*tenth)+3*tenth {
		t.Fatal("the amounts of customer d sum alike in either order: the test would not tell")
	}
	want := []string{ // id days first last spend, in the models' order: days, then t_x, then first latest
		fmt.Sprint("b ", 1, " ", dayOf(3, 10), " ", dayOf(3, 10), " ", 0.0),
		fmt.Sprint("e ", 2, " ", dayOf(3, 3), " ", dayOf(3, 6), " ", 30-5.0),
		fmt.Sprint("d ", 3, " ", dayOf(3, 2), " ", dayOf(3, 4), " ", tenth+(2*tenth+3*tenth)),
		// a4's −3 on 5 March reduces the purchase of 2 March, the latest before it.
		fmt.Sprint("a ", 3, " ", dayOf(3, 1), " ", dayOf(3, 9), " ", (7-3)+(2.5+4)),
	}
	s := &statement{}
	var (
		id          string
		days        uint64
		first, last uint32
		spend       float64
		got         []string
	)
	err = p.each(ctx, "order summaries", p.summariesSQL(s, engine.DayNumber(2026, 3, 31)), s, []any{&id, &days, &first, &last, &spend}, func() error {
		got = append(got, fmt.Sprint(id, " ", days, " ", first, " ", last, " ", spend))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("summaries (id days first last spend)\n%q\nwant\n%q", got, want)
	}
}
