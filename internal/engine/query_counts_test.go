package engine

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestTicketCountsAsQuery: the service pass of PartTicketCounts alone, which gathers no service
// times, gives the tickets figure the whole service pass (PartService) gives —
// the same groups in every period, previous period and bucket, with the same counts — on
// random tickets whose instants fall before, in and after the periods, some never answered or
// solved, some answered or solved before they were made, outbound ones, waits and handle
// times, with and without any reply known, split and filtered every way.
func TestTicketCountsAsQuery(t *testing.T) {
	for _, replies := range []bool{true, false} {
		rnd := rand.New(rand.NewPCG(7, map[bool]uint64{true: 1, false: 2}[replies]))
		e := newEngine(t)
		base := at("2026-02-01 00:00")
		when := func() time.Time { // from 1 February, over three months; a tenth not at all
			if rnd.IntN(10) == 0 {
				return time.Time{}
			}
			return base.Add(time.Duration(rnd.IntN(90*24*60)) * time.Minute)
		}
		pick := func(names ...string) string { return names[rnd.IntN(len(names))] }
		for i := range 400 {
			tk := &cx.Ticket{ID: fmt.Sprint("T", i), CreatedAt: base.Add(time.Duration(rnd.IntN(90*24*60)) * time.Minute),
				SolvedAt: when(), FirstSolvedAt: when(), Channel: pick("web", "mail", ""), Team: pick("Support", "Sales"),
				Agent: pick("ann", "bob", "")}
			if replies {
				tk.FirstReplyAt = when()
			}
			if rnd.IntN(5) == 0 {
				tk.Direction = cx.Outbound
			}
			if rnd.IntN(3) == 0 {
				w := float64(rnd.IntN(5 * 86400))
				tk.WaitSeconds = &w
			}
			if rnd.IntN(3) == 0 {
				h := float64(rnd.IntN(3600))
				tk.HandleSeconds = &h
			}
			e.Apply(tk)
		}
		for _, by := range []Dim{ByNone, ByChannel, ByAgent, ByTeam} {
			for _, step := range []Step{NoStep, StepDay, StepWeek} {
				for _, filter := range []map[Dim]string{nil, {ByTeam: "sales"}} {
					q := Query{From: day("2026-03-01"), To: day("2026-04-01"), By: by, Step: step, Filter: filter,
						PreviousFrom: day("2026-02-01"), Parts: PartService}
					want, err := e.Query(q)
					if err != nil {
						t.Fatal(err)
					}
					q.Parts = PartTicketCounts
					got, err := e.Query(q)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(ticketsOf(got), ticketsOf(want)) {
						t.Errorf("replies %v, by %q, step %q, filter %v: the counts differ from the query's", replies, by, step, filter)
					}
				}
			}
		}
	}
}

// ticketsOf is each group's tickets figure in every period of res, by group key.
func ticketsOf(res *Result) [][]string {
	row := func(groups []Group) []string {
		var out []string
		for _, g := range groups {
			key := "-"
			if g.Key != nil {
				key = *g.Key
			}
			out = append(out, fmt.Sprintf("%s %+v", key, *g.Metrics.Tickets))
		}
		return out
	}
	out := [][]string{row(res.Groups), row(res.Previous)}
	for _, b := range res.Buckets {
		out = append(out, row(b.Groups))
	}
	return out
}
