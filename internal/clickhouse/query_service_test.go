package clickhouse

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestServiceByHand: the service figures of a June by week, worked out by hand, from the one
// read of the tickets — a complaint created on Tuesday 2 June and solved a week later (its
// figures fall in two weeks), an inbound ticket never answered (the backlog), an outbound one
// solved the same day (no first response, no backlog) — and a backlog not measured when no
// ticket has reply data.
func TestServiceByHand(t *testing.T) {
	ctx := context.Background()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	june := func(day, hour int) time.Time { return time.Date(2026, 6, day, hour, 0, 0, 0, ams) }
	one, three, none := 1, 3, 0
	t1 := &cx.Ticket{ID: "t1", CreatedAt: june(2, 10), FirstReplyAt: june(2, 11), SolvedAt: june(9, 10), Channel: "Email",
		Complaint: true, AgentReplies: &one, Reopens: &none}
	t2 := &cx.Ticket{ID: "t2", CreatedAt: june(3, 10), Channel: "Chat"}
	t3 := &cx.Ticket{ID: "t3", CreatedAt: june(4, 10), SolvedAt: june(4, 12), Channel: "Email", Direction: "outbound",
		AgentReplies: &three}
	query := engine.Query{From: june(1, 0), To: time.Date(2026, 7, 1, 0, 0, 0, 0, ams), Step: engine.StepWeek,
		Parts: engine.PartService}
	answer := func(t *testing.T, recs ...cx.Record) *engine.Result {
		t.Helper()
		db := open(t)
		var changes []Change
		for i, r := range recs {
			changes = append(changes, Change{r, int64(i + 1)})
		}
		if err := db.Insert(ctx, cx.KindTickets, changes, officeHours(t)); err != nil {
			t.Fatal(err)
		}
		res, err := NewQuerier(db, engine.Options{Timezone: ams}).Answer(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	t.Run("June by week", func(t *testing.T) {
		res := answer(t, t1, t2, t3)
		june, week1, week2 := res.Groups[0].Metrics, res.Buckets[0].Groups[0].Metrics, res.Buckets[1].Groups[0].Metrics
		unanswered, sevenDays := 1, 7.0
		for _, c := range []struct {
			name      string
			got, want any
		}{
			// Created: all three (Email two, Chat one); solved: t1 and t3.
			{"June tickets", *june.Tickets, metric.NewTickets(3, 2, map[string]int{"Email": 2, "Chat": 1})},
			// t1: 1 agent reply, no reopen, first contact; t3: 3 replies, not.
			{"June FCR", *june.FCR, metric.NewFCR(1, 2)},
			// t1 only: 11:00 − 10:00; t3 is outbound.
			{"June first response (calendar)", june.FirstResponse.Calendar.N, 1},
			{"June first response (calendar) mean", *june.FirstResponse.Calendar.Mean, 3600.0},
			// t2 waits at the end of June, t1 was answered.
			{"June backlog", june.FirstResponse.Unanswered, &unanswered},
			// 7 days (604 800 s) and 2 hours (7 200 s): mean 306 000 s.
			{"June resolution (calendar) mean", *june.Resolution.Calendar.Mean, 306000.0},
			{"June complaint resolution (calendar) n", june.ComplaintResolution.Calendar.N, 1},
			{"June complaint resolution (calendar) mean", *june.ComplaintResolution.Calendar.Mean, 604800.0},
			{"June complaint days: 2 → 9 June", june.ComplaintResolution.MeanDays, &sevenDays},
			// Week of 1 June: all created, t3 solved; t1's solve is in the week of 8 June.
			{"week of 1 June tickets", *week1.Tickets, metric.NewTickets(3, 1, map[string]int{"Email": 2, "Chat": 1})},
			{"week of 1 June resolution n", week1.Resolution.Calendar.N, 1},
			{"week of 1 June complaint n", week1.ComplaintResolution.Calendar.N, 0},
			{"week of 1 June backlog", week1.FirstResponse.Unanswered, &unanswered},
			{"week of 8 June tickets", *week2.Tickets, metric.NewTickets(0, 1, nil)},
			{"week of 8 June FCR", *week2.FCR, metric.NewFCR(1, 1)},
			{"week of 8 June complaint n", week2.ComplaintResolution.Calendar.N, 1},
			{"week of 8 June first response n", week2.FirstResponse.Calendar.N, 0},
		} {
			if !sameJSON(t, c.got, c.want) {
				t.Errorf("%s: %+v; want %+v", c.name, c.got, c.want)
			}
		}
	})
	t.Run("no reply data", func(t *testing.T) {
		// t2 alone: no first reply, no agent replies known — the backlog is not measured.
		res := answer(t, t2)
		if u := res.Groups[0].Metrics.FirstResponse.Unanswered; u != nil {
			t.Errorf("backlog %d; want none (not measured)", *u)
		}
	})
}

// TestSeriesOf: samples of different instants share a column; two of one instant may not;
// an empty column is left out.
func TestSeriesOf(t *testing.T) {
	got, err := seriesOf([]sample{{tag: tagFirstReply, column: 0}, {tag: tagFirstReply, column: 1}, {tag: tagWaitEnd, column: 1},
		{tag: tagHandle, column: 2}})
	if want := [][]int{{0}, {1, 2}, {3}}; err != nil || !sameJSON(t, got, want) {
		t.Errorf("columns %v, %v; want %v", got, err, want)
	}
	// A read of one instant: its sample's column only.
	if got, err := seriesOf([]sample{{tag: tagHandle, column: 4}}); err != nil || !sameJSON(t, got, [][]int{{0}}) {
		t.Errorf("columns %v, %v; want [[0]]", got, err)
	}
	if _, err := seriesOf([]sample{{tag: tagSolvedTimes, column: 0}, {tag: tagSolvedTimes, column: 0}}); err == nil {
		t.Error("two samples of one instant in one column: no error; want one")
	}
}

// TestSelectionCopies: for p90, rankedSQL's b = q/(1−q) is a whole number, and the rank
// ClickHouse's quantileExact gives among n values with b copies below them — ⌊q·m⌋ of m values,
// in floating point as it computes it — is metric.SummaryRanks' p90 rank for every n up to
// 200,000.
func TestSelectionCopies(t *testing.T) {
	q := metric.SummaryQuantiles[1]
	b := selectionCopies(q)
	if math.Abs(float64(b)-q/(1-q)) > 1e-9 || b < 1 {
		t.Fatalf("q %v: b = %v is no whole number", q, q/(1-q))
	}
	for n := 1; n <= 200000; n++ {
		if at, want := int(q*float64(n+b))-b, metric.SummaryRanks(n)[2]; at != want {
			t.Fatalf("q %v, n %d: rank %d; metric.SummaryRanks %d", q, n, at, want)
		}
	}
}

// TestRanksFromRows: the ranks rowRanksSQL takes straight from the rows — ⌊belowMedian·n⌋,
// ⌊n/2⌋ and ⌊0.9n⌋, as quantileExact computes them in floating point — are metric.SummaryRanks'
// for every n up to 200,000 and around a billion, but for a rank after one whose interpolation
// weight is 0 (where any finite value does).
func TestRanksFromRows(t *testing.T) {
	if q := metric.SummaryQuantiles; q[0] != 0.5 || q[1] != 0.9 {
		t.Fatalf("the summary's quantiles are %v; rowRanksSQL holds for 0.5 and 0.9", q)
	}
	check := func(n int) {
		ranks := metric.SummaryRanks(n)
		h50, h90 := float64(n-1)*0.5, float64(n-1)*0.9
		below, above := int(belowMedian*float64(n)), int(0.5*float64(n))
		if below != ranks[0] || (above != ranks[1] && !(h50 == float64(ranks[0]) && above == ranks[0])) {
			t.Fatalf("n %d: median ranks %d, %d; metric.SummaryRanks %d, %d", n, below, above, ranks[0], ranks[1])
		}
		if next := int(0.9 * float64(n)); next != ranks[3] && !(h90 == float64(ranks[2]) && next == ranks[2]) {
			t.Fatalf("n %d: the rank after p90 %d; metric.SummaryRanks %d (p90's %d)", n, next, ranks[3], ranks[2])
		}
	}
	for n := 1; n <= 200000; n++ {
		check(n)
	}
	for n := 1_000_000_000 - 1000; n <= 1_000_000_000+1000; n++ {
		check(n)
	}
}

// TestRowRanksOnServer: ClickHouse's own quantilesExact, with rowRanksSQL's levels as the
// statement carries them, over the numbers 0…n−1 — where a value is its rank — gives the ranks
// metric.SummaryRanks names, for small n and for n around a million; and with the copies of the
// smallest merged in (paddedRanksSQL), p90's own rank.
func TestRowRanksOnServer(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	var ns []int
	for n := 1; n <= 40; n++ {
		ns = append(ns, n)
	}
	for n := 1_000_000; n <= 1_000_010; n++ {
		ns = append(ns, n)
	}
	for _, n := range ns {
		var got []uint64
		sql := fmt.Sprintf("SELECT %s FROM numbers(%d)", rowRanksSQL("number", "1"), n)
		if err := db.conn.QueryRow(ctx, sql).Scan(&got); err != nil {
			t.Fatal(err)
		}
		// Where the rank after one weighs nothing (an odd n; n−1 a multiple of 10) the row
		// rank is that one itself.
		ranks := metric.SummaryRanks(n)
		want := []uint64{uint64(ranks[0]), uint64(ranks[1]), uint64(ranks[3])}
		if n%2 == 1 {
			want[1] = uint64(ranks[0])
		}
		if (n-1)%10 == 0 {
			want[2] = uint64(ranks[2])
		}
		if !slices.Equal(got, want) {
			t.Fatalf("n %d: ranks %v; want %v (metric.SummaryRanks %v)", n, got, want, ranks)
		}
		// p90's own rank, among the values with the copies of the smallest merged in.
		var padded []uint64
		if err := db.conn.QueryRow(ctx, fmt.Sprintf("SELECT %s FROM numbers(%d)", paddedRanksSQL("number", "1"), n)).Scan(&padded); err != nil {
			t.Fatal(err)
		}
		if len(padded) != 3 || padded[2] != uint64(ranks[2]) {
			t.Fatalf("n %d: padded ranks %v; want p90's rank %d third (metric.SummaryRanks %v)", n, padded, ranks[2], ranks)
		}
	}
}

// TestRankedOnServer: rankedSQL run by ClickHouse gives, for values of each type a column
// holds (Int64 calendar seconds, UInt32 business seconds, Float64 wait), with ties and a
// condition that leaves some out, the n, sum, median and p90 metric.Summarize gives.
func TestRankedOnServer(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	rnd := rand.New(rand.NewPCG(7, 18))
	for _, typ := range []string{"Int64", "UInt32", "Float64"} {
		for n := 1; n <= 41; n++ { // some keep none
			vs, conds, kept := []float64{}, []int32{}, []float64(nil)
			for range n {
				v := float64(rnd.IntN(20)) // ties
				if typ == "Float64" {
					v += 0.25
				}
				c := int32(rnd.IntN(4) % 3) // about half left out
				vs, conds = append(vs, v), append(conds, c)
				if c != 0 {
					kept = append(kept, v)
				}
			}
			s := &statement{}
			sql := fmt.Sprintf("SELECT %s FROM (SELECT to%s(tupleElement(x, 1)) AS v, tupleElement(x, 2) AS c FROM (SELECT arrayJoin(arrayMap((a, b) -> (a, b), %s, %s)) AS x))",
				rankedSQL(s, "v", "c != 0"), typ, s.bind(vs), s.bind(conds))
			var got []float64
			if err := db.conn.QueryRow(ctx, sql, s.args...).Scan(&got); err != nil {
				t.Fatal(err)
			}
			want := metric.Summarize(kept)
			if len(got) != 6 || !sameJSON(t, metric.DurationsAt(int(got[0]), got[1], [4]float64{got[2], got[3], got[4], got[5]}), want) {
				t.Fatalf("%s, %d values %v (kept %v): %v; want %+v", typ, n, vs, kept, got, want)
			}
		}
	}
}

// TestLinesApart: a period and the one before it lie apart, back to back or not; lines that
// share an instant do not (each instant then has a period per line holding it).
func TestLinesApart(t *testing.T) {
	line := func(first int, bounds ...uint32) engine.PlanLine {
		return engine.PlanLine{Bounds: bounds, First: first}
	}
	for _, c := range []struct {
		name  string
		lines []engine.PlanLine
		want  bool
	}{
		{"one line", []engine.PlanLine{line(0, 10, 20, 30)}, true},
		{"back to back", []engine.PlanLine{line(0, 20, 30), line(1, 10, 20)}, true},
		{"a gap between", []engine.PlanLine{line(0, 10, 15), line(1, 20, 30)}, true},
		{"one inside the other", []engine.PlanLine{line(0, 10, 40), line(1, 20, 30)}, false},
		{"one second shared", []engine.PlanLine{line(0, 10, 21), line(1, 20, 30)}, false},
	} {
		p := &plan{Plan: &engine.Plan{Lines: c.lines}}
		if got := p.linesApart(); got != c.want {
			t.Errorf("%s: apart %v; want %v", c.name, got, c.want)
		}
	}
}
