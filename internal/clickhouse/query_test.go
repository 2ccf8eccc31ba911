package clickhouse

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestQuerierByHand: a June of a few records whose figures are worked out by hand — names in
// two spellings grouped as one and shown as first shipped, a rating changed (the later
// counts), a customer's two NPS answers (the latest is the voice, in its own group), a ticket
// solved before its creation (not solved) — and a name shipped later that appears as a group
// once the shipper's position moved.
func TestQuerierByHand(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	june := func(day, hour int) time.Time { return time.Date(2026, 6, day, hour, 0, 0, 0, ams) }
	st := newShipStore(t)
	ship := func(kind cx.Kind, seq int64, recs ...cx.Record) {
		t.Helper()
		changes := st.put(t, recs...)
		if changes[0].Seq != seq {
			t.Fatalf("the store numbered %s %d; the test counts on %d", cx.String(recs[0]), changes[0].Seq, seq)
		}
		if err := db.Insert(ctx, kind, changes, st.derive); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPosition(ctx, kind, seq+int64(len(recs))-1); err != nil {
			t.Fatal(err)
		}
	}
	ship(cx.KindCustomers, 1, &cx.Customer{ID: "c1", AcquiredAt: june(1, 9), Segment: "Zakelijk"})
	ship(cx.KindTickets, 2,
		&cx.Ticket{ID: "t1", CreatedAt: june(2, 10), SolvedAt: june(3, 10), CustomerID: "c1", Channel: "Email"},
		&cx.Ticket{ID: "t2", CreatedAt: june(5, 10), Channel: " email"},
		&cx.Ticket{ID: "t3", CreatedAt: june(10, 10), SolvedAt: june(9, 10), Channel: "Chat"})
	ship(cx.KindResponses, 5,
		&cx.Response{ID: "r1", Survey: cx.SurveyNPS, Score: 9, SubmittedAt: june(3, 12), TicketID: "t1"},
		&cx.Response{ID: "r2", Survey: cx.SurveyNPS, Score: 3, SubmittedAt: june(20, 12), CustomerID: "c1", TicketID: "t3"},
		&cx.Response{ID: "r3", Survey: cx.SurveyCSAT, Score: 4, SubmittedAt: june(4, 12), TicketID: "t1"},
		&cx.Response{ID: "r4", Survey: cx.SurveyCSAT, Score: 2, SubmittedAt: june(5, 12), TicketID: "t1"},
		&cx.Response{ID: "r5", Survey: cx.SurveyCES, Score: 6, SubmittedAt: june(6, 12), Channel: "CHAT"})
	q := NewQuerier(db, engine.Options{Timezone: ams, CSAT: metric.CSATScale{Min: 1, Max: 5, PositiveMin: 4},
		CES: engine.CESScale{Min: 1, Max: 7}})
	query := engine.Query{From: june(1, 0), To: time.Date(2026, 7, 1, 0, 0, 0, 0, ams), By: engine.ByChannel,
		Parts: engine.PartSurveys | engine.PartTicketCounts}
	res, err := q.Answer(ctx, query)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != 2 || *res.Groups[0].Key != "Chat" || *res.Groups[1].Key != "Email" {
		t.Fatalf("groups %v; want Chat and Email", groupKeys(res.Groups))
	}
	chat, email := res.Groups[0].Metrics, res.Groups[1].Metrics
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"Chat tickets", *chat.Tickets, metric.NewTickets(1, 0, map[string]int{"Chat": 1})},
		{"Chat NPS: c1's latest answer, a detractor", *chat.NPS, metric.NewNPS(0, 0, 1)},
		{"Chat CES: 6 of 1–7 is easy", *chat.CES, metric.NewCES(1, 1, 6)},
		{"Email tickets: t2's spelling is Email's", *email.Tickets, metric.NewTickets(2, 1, map[string]int{"Email": 2})},
		{"Email NPS: no voice (c1's latest is in Chat)", *email.NPS, metric.NewNPS(0, 0, 0)},
		{"Email CSAT: the rating of 2 replaced the 4", *email.CSAT, metric.NewCSAT(0, 1, 2)},
	} {
		if !sameJSON(t, c.got, c.want) {
			t.Errorf("%s: %+v; want %+v", c.name, c.got, c.want)
		}
	}
	ship(cx.KindTickets, 10, &cx.Ticket{ID: "t4", CreatedAt: june(15, 10), Channel: "Telefoon"})
	if res, err = q.Answer(ctx, query); err != nil {
		t.Fatal(err)
	}
	if keys := groupKeys(res.Groups); len(keys) != 3 || keys[2] != "Telefoon" || res.Groups[2].Metrics.Tickets.Created != 1 {
		t.Errorf("after a new channel was shipped: groups %v; want Chat, Email and Telefoon with 1 ticket", keys)
	}
	// Shipped, its position not yet written (a batch in flight): the question asked before has
	// the answer given then, as the positions stand (answerCache); a question not asked yet
	// meets a spelling the querier did not read, which reads the names again and counts again.
	err = db.Insert(ctx, cx.KindTickets, st.put(t, &cx.Ticket{ID: "t5", CreatedAt: june(16, 10), Channel: "WhatsApp"}), st.derive)
	if err != nil {
		t.Fatal(err)
	}
	before := res
	if res, err = q.Answer(ctx, query); err != nil || res != before {
		t.Errorf("the question asked again while the positions stand: %v, %v; want the answer given before", res, err)
	}
	query.Parts = engine.PartTicketCounts
	if res, err = q.Answer(ctx, query); err != nil {
		t.Fatal(err)
	}
	if keys := groupKeys(res.Groups); len(keys) != 4 || keys[3] != "WhatsApp" || res.Groups[3].Metrics.Tickets.Created != 1 {
		t.Errorf("after a channel was shipped but not its position: groups %v; want Chat, Email, Telefoon and WhatsApp", keys)
	}
	query.By = engine.ByNone
	if res, err = q.Answer(ctx, query); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"Chat": 20, "Email": 40, "Telefoon": 20, "WhatsApp": 20}
	if share := res.Groups[0].Metrics.Tickets.Share; !sameJSON(t, share, want) {
		t.Errorf("shares of the channels %v; want %v", share, want)
	}
}

// TestQuerierRefuses: a query the engine refuses, the querier refuses with the engine's words.
func TestQuerierRefuses(t *testing.T) {
	q := NewQuerier(open(t), engine.Options{Timezone: time.UTC})
	day := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name  string
		query engine.Query
		want  string
	}{
		{"an empty period", engine.Query{From: day, To: day}, "the period is empty"},
		{"a previous period after the period", engine.Query{From: day, To: day.AddDate(0, 1, 0), PreviousFrom: day.AddDate(0, 0, 1)},
			"the previous period is empty"},
		{"too many buckets", engine.Query{From: day, To: day.AddDate(2, 0, 0), Step: engine.StepDay}, "choose a larger step"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := q.Answer(context.Background(), c.query); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v; want one saying %q", err, c.want)
			}
		})
	}
}

func groupKeys(gs []engine.Group) []string {
	var out []string
	for _, g := range gs {
		out = append(out, *g.Key)
	}
	return out
}

// sameJSON tells whether two figures read the same in the report JSON.
func sameJSON(t *testing.T, a, b any) bool {
	t.Helper()
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(ja) == string(jb)
}
