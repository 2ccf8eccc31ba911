package clickhouse

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/nearjson"
)

// TestRepliesMatchEngine gives the drawn tickets of TestQuerierMatchesEngine messages — of
// every author, some before the ticket's creation, some at the same second, agents in other
// spellings or none — ships tickets and messages as the shipper does (InsertStep, which
// derives first replies, reply counts and samples) and compares reply time, first response,
// FCR and the backlog with the in-memory engine's: every split, a filter, buckets, a previous
// period.
func TestRepliesMatchEngine(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	opts := engine.Options{Timezone: ams, Hours: calendar.OfficeHours(ams),
		CSAT: metric.CSATScale{Min: 1, Max: 5, PositiveMin: 4}, CES: engine.CESScale{Min: 1, Max: 7},
		Criterion: func(string) metric.Rating { return metric.Rating{Min: 1, Max: 5, Weight: 1} }}
	e, err := engine.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	recs := drawRecords(ams)
	recs = append(recs, drawMessages(recs)...)
	e.Apply(recs...)
	var step ShipStep
	others := map[cx.Kind][]Change{}
	st := newShipStore(t)
	changes := st.put(t, recs...)
	for _, c := range changes {
		switch c.Record.RecordKind() {
		case cx.KindTickets:
			step.Tickets = append(step.Tickets, c)
		case cx.KindMessages:
			step.Messages = append(step.Messages, c)
		default:
			others[c.Record.RecordKind()] = append(others[c.Record.RecordKind()], c)
		}
	}
	step.UpTo = changes[len(changes)-1].Seq
	if err := db.InsertStep(ctx, step, st.derive); err != nil {
		t.Fatal(err)
	}
	for kind, changes := range others {
		if err := db.Insert(ctx, kind, changes, st.derive); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.Count(ctx, KindReplies, Final); err != nil || n < 100 {
		t.Fatalf("%d reply-time samples shipped (%v); the test wants many", n, err)
	}
	q := NewQuerier(db, opts)
	parts := engine.PartReplies | engine.PartService
	march := time.Date(2026, 3, 1, 0, 0, 0, 0, ams)
	cases := map[string]engine.Query{
		"March by day": {From: march, To: march.AddDate(0, 1, 0), Step: engine.StepDay, Parts: parts},
		"March by week, with February": {From: march, To: march.AddDate(0, 1, 0), PreviousFrom: march.AddDate(0, -1, 0),
			Step: engine.StepWeek, Parts: parts},
		"by channel, agent sanne": {From: march, To: march.AddDate(0, 1, 0), By: engine.ByChannel,
			Filter: map[engine.Dim]string{engine.ByAgent: "sanne"}, Parts: parts},
	}
	for _, by := range []engine.Dim{engine.ByChannel, engine.ByTeam, engine.ByAgent, engine.BySegment, engine.ByCategory} {
		cases["by "+string(by)] = engine.Query{From: march, To: march.AddDate(0, 1, 0), PreviousFrom: march.AddDate(0, -1, 0),
			Step: engine.StepMonth, By: by, Parts: parts}
	}
	for name, query := range cases {
		t.Run(name, func(t *testing.T) {
			want, err := e.Query(query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := q.Answer(ctx, query)
			if err != nil {
				t.Fatal(err)
			}
			nearjson.Same(t, "", nearjson.Decode(t, got), nearjson.Decode(t, want))
		})
	}
}

// drawMessages draws messages for two of three of the tickets among recs, from a fixed seed:
// the first up to two hours before the creation (so some precede it), each next one up to eight
// hours later or at the same second.
func drawMessages(recs []cx.Record) []cx.Record {
	r := rand.New(rand.NewPCG(18, 6))
	authors := []string{cx.AuthorCustomer, cx.AuthorCustomer, cx.AuthorAgent, cx.AuthorAgent, cx.AuthorAgent, cx.AuthorBot,
		cx.AuthorNote, "robot"}
	var out []cx.Record
	for _, rec := range recs {
		t, ok := rec.(*cx.Ticket)
		if !ok || r.IntN(3) == 0 {
			continue
		}
		at := t.CreatedAt.Add(-time.Duration(r.IntN(2*3600)) * time.Second)
		for j := range 1 + r.IntN(6) {
			if r.IntN(4) > 0 {
				at = at.Add(time.Duration(r.IntN(8*3600)) * time.Second)
			}
			out = append(out, &cx.Message{ID: fmt.Sprintf("%s-m%d", t.ID, j), TicketID: t.ID, At: at,
				Author: authors[r.IntN(len(authors))], Agent: []string{"", " ", "Sanne", "sanne ", "DAAN", "Wout"}[r.IntN(6)]})
		}
	}
	return out
}
