package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/nearjson"
)

// TestClickHouseCustomerParity ships the (small) demo year, with customer records that test
// the rules a querier must keep (a segment in other spellings, a customer moved to another
// segment, a deleted customer and order, a refund, an order of a customer without a row, an
// event kind in another spelling), into a real ClickHouse, and asks both engines the same
// queries: every --by (customer metrics apply unsplit and by segment only), a half year with
// its previous half year and monthly buckets, a segment filter, churn alone. Churn, retention,
// referral, CLV (its predictive form too) and engagement must be the same — counts exactly,
// the rest to 1e-9 — and so must the groups shown.
func TestClickHouseCustomerParity(t *testing.T) {
	a, db, s := openShip(t)
	ctx := context.Background()
	writeCustomerOddities(t, a)
	mustShip(t, s)
	mem, err := a.EngineFor(ctx, "a test")
	if err != nil {
		t.Fatal(err)
	}
	chq := a.ClickHouseQuerier(db)
	ams := a.Config.Timezone
	parts := engine.PartCustomers | engine.PartModel
	from, to := time.Date(2026, 5, 1, 0, 0, 0, 0, ams), time.Date(2026, 11, 1, 0, 0, 0, 0, ams)
	base := engine.Query{From: from, To: to, PreviousFrom: time.Date(2025, 11, 1, 0, 0, 0, 0, ams),
		Step: engine.StepMonth, Parts: parts}
	cases := map[string]engine.Query{}
	for _, by := range []engine.Dim{engine.ByNone, engine.ByChannel, engine.ByTeam, engine.ByAgent, engine.BySegment, engine.ByCategory} {
		q := base
		q.By = by
		name := "by " + string(by)
		if by == engine.ByNone {
			name = "unsplit"
		}
		cases[name] = q
	}
	filtered := base
	filtered.Filter = map[engine.Dim]string{engine.BySegment: "ZAKELIJK "}
	cases["unsplit, segment zakelijk"] = filtered
	churn := base
	churn.By, churn.Parts = engine.BySegment, engine.PartChurn
	cases["churn alone by segment"] = churn
	cases["weeks of a quarter by segment"] = engine.Query{From: time.Date(2026, 7, 1, 0, 0, 0, 0, ams), To: time.Date(2026, 10, 1, 0, 0, 0, 0, ams),
		Step: engine.StepWeek, By: engine.BySegment, Parts: parts}
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			want, err := mem.Answer(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			got, err := chq.Answer(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			sameCustomerGroups(t, "period", got.Groups, want.Groups)
			sameCustomerGroups(t, "previous period", got.Previous, want.Previous)
			if len(got.Buckets) != len(want.Buckets) {
				t.Fatalf("%d buckets; want %d", len(got.Buckets), len(want.Buckets))
			}
			for i, w := range want.Buckets {
				sameCustomerGroups(t, "bucket "+w.From.Format(time.DateOnly), got.Buckets[i].Groups, w.Groups)
			}
			if q.Parts&engine.PartModel != 0 && (q.By == engine.ByNone || q.By == engine.BySegment) &&
				want.Groups[0].Metrics.CLV.Predictive == nil {
				t.Error("the engine has no predictive CLV: nothing of it is compared")
			}
		})
	}
}

// sameCustomerGroups compares the groups of one period and their customer metrics.
func sameCustomerGroups(t *testing.T, where string, got, want []engine.Group) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d groups; want %d", where, len(got), len(want))
		return
	}
	for i, w := range want {
		at := where
		if w.Key != nil {
			at += ", group " + *w.Key
			if got[i].Key == nil || *got[i].Key != *w.Key {
				t.Errorf("%s: group %v", at, got[i].Key)
				continue
			}
		}
		nearjson.Same(t, at, customerFigures(t, got[i].Metrics), customerFigures(t, w.Metrics))
	}
}

// customerFigures is a set's customer metrics as the report JSON has them.
func customerFigures(t *testing.T, s metric.Set) any {
	t.Helper()
	return nearjson.Decode(t, metric.Set{Churn: s.Churn, Retention: s.Retention, Referral: s.Referral, CLV: s.CLV, Engagement: s.Engagement})
}

// writeCustomerOddities stores customer records that test the rules of names, updates and
// deletions, and deletes a customer and an order.
func writeCustomerOddities(t *testing.T, a *App) {
	t.Helper()
	ctx := context.Background()
	ams := a.Config.Timezone
	at := func(year, month, day int) time.Time { return time.Date(year, time.Month(month), day, 11, 0, 0, 0, ams) }
	margin := 0.2
	var recs []cx.Record
	for i := range 5 {
		id := fmt.Sprintf("parity-cust-%d", i)
		recs = append(recs,
			&cx.Customer{ID: id, AcquiredAt: at(2025, 12, 1+i), Segment: []string{" Zakelijk", "zakelijk ", "PARTICULIER", "", "Nieuw"}[i],
				ReferredBy: []string{"", "x", "", "y", ""}[i]},
			&cx.Order{ID: id + "-o1", CustomerID: id, OrderedAt: at(2026, 2, 3+i), Amount: 120, GrossMargin: &margin},
			&cx.Order{ID: id + "-o2", CustomerID: id, OrderedAt: at(2026, 6, 3+i), Amount: 80},
			&cx.Event{ID: id + "-e1", CustomerID: id, Kind: " Login", At: at(2026, 6, 10+i)})
	}
	recs = append(recs,
		// Moved to another segment, churned in the half year.
		&cx.Customer{ID: "parity-cust-0", AcquiredAt: at(2025, 12, 1), ChurnedAt: at(2026, 8, 15), Segment: "Particulier"},
		&cx.Order{ID: "parity-refund", CustomerID: "parity-cust-2", OrderedAt: at(2026, 6, 20), Amount: -80, RefundOf: "parity-cust-2-o2"},
		&cx.Order{ID: "parity-nobody", CustomerID: "parity-nobody", OrderedAt: at(2026, 7, 1), Amount: 55},
	)
	if _, err := a.Write(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, cx.KindCustomers, "parity-cust-4"); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, cx.KindOrders, "parity-cust-1-o2"); err != nil {
		t.Fatal(err)
	}
}
