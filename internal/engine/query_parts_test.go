package engine

import (
	"reflect"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestPartChurnAlone: PartChurn gives the customer base's figures of PartCustomers, per bucket
// and for the period, without the CLV and engagement (nil) or any other part. The figures are
// those of TestBucketsByHand's customers, worked out by hand there.
func TestPartChurnAlone(t *testing.T) {
	e := newEngine(t)
	e.Apply(
		&cx.Customer{ID: "C1", AcquiredAt: at("2026-01-01 10:00"), ChurnedAt: at("2026-05-05 12:00")},
		&cx.Customer{ID: "C2", AcquiredAt: at("2026-05-06 10:00"), ReferredBy: "C4"},
		&cx.Customer{ID: "C3", AcquiredAt: at("2026-05-06 11:00"), ChurnedAt: at("2026-05-06 15:00")},
		&cx.Customer{ID: "C4", AcquiredAt: at("2025-06-01 10:00")},
		&cx.Order{ID: "O1", CustomerID: "C4", OrderedAt: at("2026-05-04 12:00"), Amount: 40},
		&cx.Order{ID: "O2", CustomerID: "C2", OrderedAt: at("2026-05-06 12:00"), Amount: 60},
		&cx.Ticket{ID: "T1", CreatedAt: at("2026-05-04 10:00")},
	)
	q := Query{From: day("2026-05-04"), To: day("2026-05-08"), Step: StepDay, PreviousFrom: day("2026-04-30")}
	q.Parts = PartChurn
	alone, err := e.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	q.Parts = PartCustomers
	full, err := e.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	type figures struct{ start, lost, acquired, newLost, end, referred int }
	want := []figures{
		{start: 2, end: 2},          // 4 May
		{start: 2, lost: 1, end: 1}, // 5 May: C1 leaves
		{start: 1, acquired: 2, newLost: 1, end: 2, referred: 1}, // 6 May: C2 (referred) and C3 come, C3 leaves
		{start: 2, end: 2}, // 7 May
	}
	for i, b := range alone.Buckets {
		m := b.Groups[0].Metrics
		got := figures{m.Churn.Start, m.Churn.Lost, m.Churn.New, m.Churn.NewLost, m.Retention.End, m.Referral.Referred}
		if got != want[i] {
			t.Errorf("%s: %+v, want %+v", b.From.Format("2 Jan"), got, want[i])
		}
		if m.CLV != nil || m.Engagement != nil || m.NPS != nil || m.Tickets != nil {
			t.Errorf("%s: PartChurn computed more than the base: CLV %v, engagement %v, NPS %v, tickets %v",
				b.From.Format("2 Jan"), m.CLV, m.Engagement, m.NPS, m.Tickets)
		}
		f := full.Buckets[i].Groups[0].Metrics
		if !reflect.DeepEqual(m.Churn, f.Churn) || !reflect.DeepEqual(m.Retention, f.Retention) || !reflect.DeepEqual(m.Referral, f.Referral) {
			t.Errorf("%s: PartChurn %+v %+v %+v, PartCustomers %+v %+v %+v", b.From.Format("2 Jan"),
				m.Churn, m.Retention, m.Referral, f.Churn, f.Retention, f.Referral)
		}
		if f.CLV == nil {
			t.Errorf("%s: PartCustomers lost its CLV", b.From.Format("2 Jan"))
		}
	}
	for _, pair := range [][2][]Group{{alone.Groups, full.Groups}, {alone.Previous, full.Previous}} {
		m, f := pair[0][0].Metrics, pair[1][0].Metrics
		if !reflect.DeepEqual(m.Churn, f.Churn) || !reflect.DeepEqual(m.Retention, f.Retention) || m.CLV != nil {
			t.Errorf("period: PartChurn %+v %+v (CLV %v), PartCustomers %+v %+v", m.Churn, m.Retention, m.CLV, f.Churn, f.Retention)
		}
	}
}
