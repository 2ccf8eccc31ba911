package engine

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestTicketCountsAsQuery: the counting pass gives what Query with PartTicketCounts gives —
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
						PreviousFrom: day("2026-02-01"), Parts: PartTicketCounts}
					want, err := e.Query(q)
					if err != nil {
						t.Fatal(err)
					}
					got, err := e.TicketCounts(q)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("replies %v, by %q, step %q, filter %v: the counts differ from the query's", replies, by, step, filter)
					}
				}
			}
		}
	}
}
