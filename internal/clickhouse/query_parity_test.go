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

// TestQuerierMatchesEngine puts the same drawn records — tickets without messages (so first
// response and FCR read the ticket row on both sides), answers on several scales with
// sentiments on and around the label bounds, reviews, mentions; names in several spellings;
// absent numbers — into the in-memory engine and into ClickHouse, and compares the whole
// answers of the parts built: periods that start at noon (buckets found by counting bounds)
// and at midnight (by the local date), a previous period, every split, a filter.
func TestQuerierMatchesEngine(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	ams, opts, e := parityEngine(t)
	recs := drawRecords(ams)
	e.Apply(recs...)
	byKind := map[cx.Kind][]Change{}
	st := newShipStore(t)
	for _, c := range st.put(t, recs...) {
		byKind[c.Record.RecordKind()] = append(byKind[c.Record.RecordKind()], c)
	}
	for _, kind := range cx.Kinds { // answers after their tickets, as the shipper has them
		changes := byKind[kind]
		if err := db.Insert(ctx, kind, changes, st.derive); err != nil {
			t.Fatal(err)
		}
	}
	sameAnswers(t, e, NewQuerier(db, opts), parityQueries(ams))
}

// parityEngine is an empty engine under the parity tests' settings, and their time zone.
func parityEngine(t *testing.T) (*time.Location, engine.Options, *engine.Engine) {
	t.Helper()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	opts := parityOptions(ams)
	e, err := engine.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return ams, opts, e
}

// parityOptions are the account's settings of the parity tests.
func parityOptions(ams *time.Location) engine.Options {
	return engine.Options{Timezone: ams, Hours: calendar.OfficeHours(ams),
		CSAT: metric.CSATScale{Min: 1, Max: 5, PositiveMin: 4}, CES: engine.CESScale{Min: 1, Max: 7},
		Criterion: func(name string) metric.Rating {
			if cx.NameKey(name) == "tone" {
				return metric.Rating{Min: 1, Max: 3, Weight: 2, Critical: true}
			}
			return metric.Rating{Min: 1, Max: 5, Weight: 1}
		}}
}

// parityQueries are the queries the parity tests ask both sides.
func parityQueries(ams *time.Location) map[string]engine.Query {
	parts := engine.PartSurveys | engine.PartQuality | engine.PartService
	noon := time.Date(2026, 3, 2, 12, 0, 0, 0, ams)
	march := time.Date(2026, 3, 1, 0, 0, 0, 0, ams)
	cases := map[string]engine.Query{
		"from noon, by day": {From: noon, To: noon.AddDate(0, 0, 20), Step: engine.StepDay, Parts: parts},
		"March by week, with February": {From: march, To: march.AddDate(0, 1, 0), PreviousFrom: march.AddDate(0, -1, 0),
			Step: engine.StepWeek, Parts: parts},
		"counts alone by day": {From: march, To: march.AddDate(0, 1, 0), Step: engine.StepDay, By: engine.ByChannel,
			Parts: engine.PartTicketCounts},
	}
	for _, by := range []engine.Dim{engine.ByChannel, engine.ByTeam, engine.ByAgent, engine.BySegment, engine.ByCategory} {
		cases["by "+string(by)] = engine.Query{From: march, To: march.AddDate(0, 1, 0), PreviousFrom: march.AddDate(0, -1, 0),
			Step: engine.StepMonth, By: by, Parts: parts}
	}
	cases["by agent, team support"] = engine.Query{From: march, To: march.AddDate(0, 1, 0), By: engine.ByAgent,
		Filter: map[engine.Dim]string{engine.ByTeam: " SUPPORT"}, Parts: parts}
	return cases
}

// sameAnswers asks e and q every query and compares the whole answers.
func sameAnswers(t *testing.T, e *engine.Engine, q *Querier, cases map[string]engine.Query) {
	t.Helper()
	ctx := context.Background()
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

// drawRecords draws a month and a half of records from a fixed seed.
func drawRecords(loc *time.Location) []cx.Record {
	r := rand.New(rand.NewPCG(18, 5))
	start := time.Date(2026, 2, 1, 0, 0, 0, 0, loc)
	at := func() time.Time { return start.Add(time.Duration(r.IntN(58*24*3600)) * time.Second) }
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	maybe := func(n int) *int {
		if r.IntN(4) == 0 {
			return nil
		}
		return &n
	}
	var recs []cx.Record
	for i := range 30 {
		recs = append(recs, &cx.Customer{ID: fmt.Sprintf("c%d", i), AcquiredAt: start.AddDate(-1, 0, 0), Segment: pick("Zakelijk", "zakelijk ", "Particulier", "")})
	}
	for i := range 300 {
		created := at()
		t := &cx.Ticket{ID: fmt.Sprintf("t%d", i), CreatedAt: created, CustomerID: pick("c1", "c2", "c3", fmt.Sprintf("c%d", r.IntN(30)), ""),
			Channel: pick("Email", " email", "Chat", "CHAT", "phone", ""), Team: pick("Support", "support", "Klachten"),
			Agent: pick("Sanne", "sanne ", "Daan", "Wout", ""), Category: pick("Levering", "Retour", ""), Complaint: r.IntN(5) == 0,
			Reopens: maybe(r.IntN(2)), AgentReplies: maybe(r.IntN(4)), Transfers: maybe(r.IntN(3))}
		if r.IntN(6) == 0 {
			t.Direction = "outbound"
		}
		if r.IntN(4) > 0 {
			t.FirstReplyAt = created.Add(time.Duration(r.IntN(2*24*3600)-3600) * time.Second) // a few before creation
		}
		if r.IntN(3) > 0 {
			t.SolvedAt = created.Add(time.Duration(r.IntN(5*24*3600)-7200) * time.Second)
			if r.IntN(3) == 0 {
				t.FirstSolvedAt = created.Add(time.Duration(r.IntN(24*3600)) * time.Second)
			}
		}
		if r.IntN(3) > 0 {
			w := float64(r.IntN(7200)) + 0.25
			t.WaitSeconds = &w
		}
		if r.IntN(3) > 0 {
			h := float64(r.IntN(3000)) / 3
			t.HandleSeconds = &h
		}
		recs = append(recs, t)
	}
	// On a bound: a bucket holds its start, not its end.
	recs = append(recs, &cx.Ticket{ID: "t-midnight", CreatedAt: time.Date(2026, 3, 5, 0, 0, 0, 0, loc), Channel: "Chat",
		SolvedAt: time.Date(2026, 3, 9, 0, 0, 0, 0, loc)})
	tones := []float64{-0.5, -0.05, 0, 0.05, 0.0500001, 0.7}
	for i := range 300 {
		a := &cx.Response{ID: fmt.Sprintf("r%03d", i), SubmittedAt: at(), TicketID: pick(fmt.Sprintf("t%d", r.IntN(300)), "t1", ""),
			CustomerID: pick("", "", fmt.Sprintf("c%d", r.IntN(30))), Channel: pick("", "", "Chat", "social"), Agent: pick("", "", "DAAN")}
		switch r.IntN(4) {
		case 0, 1:
			a.Survey, a.Score = cx.SurveyNPS, r.IntN(11)
		case 2:
			a.Survey, a.Score = cx.SurveyCSAT, 1+r.IntN(5)
			if r.IntN(3) == 0 {
				a.Scale, a.Score = "1-10", 1+r.IntN(10)
			}
		default:
			a.Survey, a.Score = cx.SurveyCES, 1+r.IntN(7)
		}
		if r.IntN(2) == 0 {
			a.Comment = "text"
			a.Sentiment = &tones[r.IntN(len(tones))]
			if r.IntN(2) == 0 {
				a.RepliedAt = a.SubmittedAt.Add(time.Hour)
			}
		}
		recs = append(recs, a)
	}
	for i := range 40 {
		id, when, agent := fmt.Sprintf("q%d", i/2), at(), pick("Sanne", "Daan")
		for _, crit := range []string{"Tone", "Solution"} {
			rv := &cx.Review{ReviewID: id, Criterion: crit, ReviewedAt: when, Agent: agent, Rating: maybe(1 + r.IntN(3))}
			recs = append(recs, rv)
		}
	}
	for i := range 50 {
		m := &cx.Mention{ID: fmt.Sprintf("m%d", i), Source: "x", At: at(), Sentiment: &tones[r.IntN(len(tones))]}
		if r.IntN(2) == 0 {
			m.RepliedAt = m.At.Add(time.Hour)
		}
		recs = append(recs, m)
	}
	return recs
}
