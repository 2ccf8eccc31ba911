package engine

import (
	"fmt"
	"reflect"
	"strings"
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

// TestPartTicketCountsAlone: PartTicketCounts gives the tickets figure of PartService — created,
// solved, the channels' shares — and the same groups, per bucket, without the service times.
// Counted by hand: mail A (4 May, solved 6 May), chat B (5 May, open), mail C (3 May, solved
// 4 May), chat D (outbound, 6 May, solved 7 May), no channel E (7 May, answered 8 May only).
func TestPartTicketCountsAlone(t *testing.T) {
	e := newEngine(t)
	e.Apply(
		&cx.Ticket{ID: "A", Channel: "mail", CreatedAt: at("2026-05-04 10:00"), FirstReplyAt: at("2026-05-06 09:00"), SolvedAt: at("2026-05-06 10:00")},
		&cx.Ticket{ID: "B", Channel: "chat", CreatedAt: at("2026-05-05 12:00")},
		&cx.Ticket{ID: "C", Channel: "mail", CreatedAt: at("2026-05-03 10:00"), FirstReplyAt: at("2026-05-04 12:00"), SolvedAt: at("2026-05-04 13:00")},
		&cx.Ticket{ID: "D", Channel: "chat", CreatedAt: at("2026-05-06 23:00"), Direction: cx.Outbound, SolvedAt: at("2026-05-07 09:00")},
		&cx.Ticket{ID: "E", CreatedAt: at("2026-05-07 10:00"), FirstReplyAt: at("2026-05-08 00:00")},
	)
	q := Query{From: day("2026-05-04"), To: day("2026-05-08"), By: ByChannel, Step: StepDay, Parts: PartTicketCounts}
	counts, err := e.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	q.Parts = PartService
	full, err := e.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	// Per day, "channel created/solved" of each group the bucket has; C was created before the
	// period but still waits at no day's end, A and B wait (the backlog makes a group seen).
	want := []string{"mail 1/1", "chat 1/0, mail 0/0", "chat 1/0, mail 0/1", " 1/0, chat 0/1"}
	for i, b := range counts.Buckets {
		var got []string
		for j, g := range b.Groups {
			m := g.Metrics
			got = append(got, fmt.Sprintf("%s %d/%d", *g.Key, m.Tickets.Created, m.Tickets.Solved))
			if m.FirstResponse != nil || m.Resolution != nil || m.WaitTime != nil {
				t.Errorf("%s %q: service times computed: %+v", b.From.Format("2 Jan"), *g.Key, m.FirstResponse)
			}
			f := full.Buckets[i].Groups
			if j >= len(f) || *f[j].Key != *g.Key || !reflect.DeepEqual(f[j].Metrics.Tickets, m.Tickets) {
				t.Errorf("%s %q: counts alone %+v, with PartService %+v", b.From.Format("2 Jan"), *g.Key, m.Tickets, f)
			}
		}
		if len(b.Groups) != len(full.Buckets[i].Groups) {
			t.Errorf("%s: %d groups alone, %d with PartService", b.From.Format("2 Jan"), len(b.Groups), len(full.Buckets[i].Groups))
		}
		if s := strings.Join(got, ", "); s != want[i] {
			t.Errorf("%s: %q, want %q", b.From.Format("2 Jan"), s, want[i])
		}
	}
}

// TestHistoricalCLVOrdersOutOfTimeOrder: a buyer's historical margin is the same whether their
// orders come in time order (one running sum) or go back in time (summed per period), and a
// bucket's is exactly a query of that bucket alone's, to the bit. C1's orders come in time
// order; C2's go back (20 May, then 2 May, then 10 May). Margins 0.3, amounts with cents.
// Week of 4 May, ends 11 May: C1 has 2 May and 5 May: 10.10·0.3 + 20.20·0.3; C2 has 2 May and
// 10 May: 30.30·0.3 + 40.40·0.3. Historical = (9.09 + 21.21) / 2 = 15.15.
func TestHistoricalCLVOrdersOutOfTimeOrder(t *testing.T) {
	e := newEngine(t)
	e.Apply(
		&cx.Customer{ID: "C1", AcquiredAt: at("2025-01-01 10:00")},
		&cx.Customer{ID: "C2", AcquiredAt: at("2025-01-01 10:00")},
		marginOrder("O1", "C1", "2026-05-02 10:00", 10.10),
		marginOrder("O2", "C2", "2026-05-20 10:00", 50.50),
		marginOrder("O3", "C1", "2026-05-05 10:00", 20.20),
		marginOrder("O4", "C2", "2026-05-02 11:00", 30.30),
		marginOrder("O5", "C2", "2026-05-10 10:00", 40.40),
		marginOrder("O6", "C1", "2026-05-19 10:00", 60.60),
	)
	res, err := e.Query(Query{From: day("2026-05-04"), To: day("2026-05-25"), Step: StepWeek, Parts: PartCustomers})
	if err != nil {
		t.Fatal(err)
	}
	week := res.Buckets[0].Groups[0].Metrics.CLV
	if want := (10.10*0.3 + 20.20*0.3 + (30.30*0.3 + 40.40*0.3)) / 2; week.Historical == nil || *week.Historical < want-1e-9 || *week.Historical > want+1e-9 {
		t.Errorf("week of 4 May: historical %v, want %v", week.Historical, want)
	}
	sameCLVAlone(t, e, append(res.Buckets, Bucket{From: day("2026-05-04"), To: day("2026-05-25"), Groups: res.Groups}))
}

// TestHistoricalCLVOrdersInTimeOrder: with every order in time order (one running sum per
// customer) a bucket's historical CLV is exactly a query of that bucket alone's, with three
// customers' orders interleaved and the previous period asked too, so that each customer's
// periods arrive out of the order of their ends. Week of 4 May (ends 11 May): C1 has 10.10
// and 20.20, C2 30.30, C3 40.40 and 50.50, all at margin 0.3: (9.09 + 9.09 + 27.27) / 3.
func TestHistoricalCLVOrdersInTimeOrder(t *testing.T) {
	e := newEngine(t)
	e.Apply(
		&cx.Customer{ID: "C1", AcquiredAt: at("2025-01-01 10:00")},
		&cx.Customer{ID: "C2", AcquiredAt: at("2025-01-01 10:00")},
		&cx.Customer{ID: "C3", AcquiredAt: at("2025-01-01 10:00")},
		marginOrder("O1", "C3", "2026-04-20 10:00", 40.40),
		marginOrder("O2", "C1", "2026-05-02 10:00", 10.10),
		marginOrder("O3", "C2", "2026-05-03 10:00", 30.30),
		marginOrder("O4", "C1", "2026-05-05 10:00", 20.20),
		marginOrder("O5", "C3", "2026-05-06 10:00", 50.50),
		marginOrder("O6", "C2", "2026-05-12 10:00", 60.60),
		marginOrder("O7", "C1", "2026-05-19 10:00", 70.70),
		marginOrder("O8", "C3", "2026-05-21 10:00", 80.80),
	)
	q := Query{From: day("2026-05-04"), To: day("2026-05-25"), Step: StepWeek, PreviousFrom: day("2026-04-13"), Parts: PartCustomers}
	res, err := e.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	week := res.Buckets[0].Groups[0].Metrics.CLV
	if want := (10.10*0.3 + 20.20*0.3 + 30.30*0.3 + (40.40*0.3 + 50.50*0.3)) / 3; week.Historical == nil || *week.Historical < want-1e-9 || *week.Historical > want+1e-9 {
		t.Errorf("week of 4 May: historical %v, want %v", week.Historical, want)
	}
	periods := append(res.Buckets, Bucket{From: q.From, To: q.To, Groups: res.Groups}, Bucket{From: q.PreviousFrom, To: q.From, Groups: res.Previous})
	sameCLVAlone(t, e, periods)
}

// marginOrder is an order at a gross margin of 0.3.
func marginOrder(id, cust, when string, amount float64) *cx.Order {
	margin := 0.3
	return &cx.Order{ID: id, CustomerID: cust, OrderedAt: at(when), Amount: amount, GrossMargin: &margin}
}

// sameCLVAlone checks that each period's CLV, as a series or previous period computed it, is
// exactly (to the bit) a query of that period alone's.
func sameCLVAlone(t *testing.T, e *Engine, periods []Bucket) {
	t.Helper()
	for _, b := range periods {
		alone, err := e.Report(Query{From: b.From, To: b.To, Parts: PartCustomers})
		if err != nil {
			t.Fatal(err)
		}
		got, want := b.Groups[0].Metrics.CLV, alone[0].Metrics.CLV
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: in the series %+v, alone %+v", b.From.Format("2 Jan"), got, want)
		}
	}
}
