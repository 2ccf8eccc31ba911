package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// TestShipDerivedAsTheEngine ships the small demo year and checks that what ClickHouse holds
// of what tickets derive from their messages (reply-time samples; first reply and its business
// seconds; agent replies) equals what the engine computes, record by record (the engine's
// drill-down lists): after the first ship; after a message is changed, one deleted, one moved
// to another ticket and a ticket with samples deleted; and after everything is shipped again
// twice (the positions rewound), where no count may double.
func TestShipDerivedAsTheEngine(t *testing.T) {
	a, db, s := openShip(t)
	ctx := context.Background()
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	mustShip(t, s)
	samples := sameDerived(t, a, db, "after the first ship")

	// The changes: a sample's message an hour later; the message before another sample (its
	// question) deleted; a third sample's message moved to the ticket of a fourth; the ticket
	// of a fifth deleted.
	if len(samples) < 5 {
		t.Fatalf("only %d reply-time samples", len(samples))
	}
	msg := func(id string) *cx.Message {
		r, err := a.store.(interface {
			Record(context.Context, cx.Kind, string) (cx.Record, error)
		}).Record(ctx, cx.KindMessages, id)
		if err != nil {
			t.Fatal(err)
		}
		return r.(*cx.Message)
	}
	pick := distinctTickets(samples, 5)
	later := msg(pick[0].ID)
	later.At = later.At.Add(time.Hour)
	moved := msg(pick[2].ID)
	moved.TicketID = pick[3].Ticket
	if _, err := a.Write(ctx, []cx.Record{later, moved}, nil); err != nil {
		t.Fatal(err)
	}
	question := questionOf(t, a, pick[1])
	if err := a.Delete(ctx, cx.KindMessages, question); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, cx.KindTickets, pick[4].Ticket); err != nil {
		t.Fatal(err)
	}
	shipped := mustShip(t, s)
	if shipped[cx.KindMessages] != 3 || shipped[cx.KindTickets] != 1 {
		t.Errorf("shipped %v; want 3 messages' changes and 1 ticket's", shipped)
	}
	after := sameDerived(t, a, db, "after the changes")
	if len(after) == len(samples) {
		t.Errorf("still %d samples after a ticket with samples was deleted", len(after))
	}

	for i := range 2 {
		for _, kind := range cx.Kinds {
			if err := db.SetPosition(ctx, kind, 0); err != nil {
				t.Fatal(err)
			}
		}
		mustShip(t, s)
		if got := sameDerived(t, a, db, fmt.Sprintf("after shipping again (%d)", i+1)); len(got) != len(after) {
			t.Errorf("shipping again (%d): %d samples, before %d", i+1, len(got), len(after))
		}
	}
	sameCounts(t, a, db)
}

// distinctTickets returns n samples of n different tickets.
func distinctTickets(samples []engine.Record, n int) []engine.Record {
	var out []engine.Record
	seen := map[string]bool{}
	for _, r := range samples {
		if !seen[r.Ticket] && len(out) < n {
			seen[r.Ticket] = true
			out = append(out, r)
		}
	}
	return out
}

// questionOf is the id of the latest customer message before a sample's, in its ticket.
func questionOf(t *testing.T, a *App, sample engine.Record) string {
	t.Helper()
	var id string
	var at time.Time
	err := a.store.Stream(context.Background(), cx.KindMessages, func(r cx.Record) error {
		m := r.(*cx.Message)
		if m.TicketID == sample.Ticket && m.Author == cx.AuthorCustomer && !m.At.After(sample.At) && !m.At.Before(at) {
			id, at = m.ID, m.At
		}
		return nil
	})
	if err != nil || id == "" {
		t.Fatalf("no question before sample %s: %v", sample.ID, err)
	}
	return id
}

// everything is a period that holds the whole demo year.
var everything = engine.Query{From: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)}

// sameDerived compares ClickHouse's derived values with the engine's drill-down lists and
// returns the engine's reply-time samples.
func sameDerived(t *testing.T, a *App, db *clickhouse.DB, when string) []engine.Record {
	t.Helper()
	e := a.Engine()
	drill := func(key string) []engine.Record {
		r, err := e.Drill(everything, key)
		if err != nil {
			t.Fatal(err)
		}
		return r.Items
	}
	// Reply-time samples: one row per agent message that is one, as the engine has it.
	samples := drill("reply_time")
	got := map[string]string{}
	q := "SELECT id, argMax(ticket_id, version), argMax(at, version), argMax(biz_seconds, version), argMax(agent, version), " +
		"argMax(team, version), argMax(deleted, version) AS gone FROM " + db.Name() + ".replies GROUP BY id HAVING gone = 0"
	eachRow(t, db, q, func(scan func(...any) error) error {
		var id, ticket, agent, team string
		var at time.Time
		var biz uint32
		var gone uint8
		err := scan(&id, &ticket, &at, &biz, &agent, &team, &gone)
		got[id] = fmt.Sprintf("ticket %s at %d biz %d agent %s team %s", ticket, at.Unix(), biz, agent, team)
		return err
	})
	for _, r := range samples {
		want := fmt.Sprintf("ticket %s at %d biz %.0f agent %s team %s", r.Ticket, r.At.Unix(), *r.Value, r.Agent, r.Team)
		if got[r.ID] != want {
			t.Errorf("%s: sample %s: ClickHouse %q; the engine %q", when, r.ID, got[r.ID], want)
		}
	}
	if len(got) != len(samples) {
		t.Errorf("%s: ClickHouse holds %d samples, the engine %d", when, len(got), len(samples))
	}
	if n, err := db.Count(context.Background(), clickhouse.KindReplies, clickhouse.Final); err != nil || n != len(samples) {
		t.Errorf("%s: %d samples read with FINAL, %v; want %d", when, n, err, len(samples))
	}
	// The first reply and its business seconds of every inbound ticket answered after its
	// creation; agent replies of every solved ticket they are known of.
	tickets := map[string]string{}
	q = "SELECT id, first_reply, first_reply_biz, replies FROM " + db.Name() + ".tickets FINAL WHERE deleted = 0"
	eachRow(t, db, q, func(scan func(...any) error) error {
		var id string
		var fr time.Time
		var biz *uint32
		var replies *int32
		err := scan(&id, &fr, &biz, &replies)
		tickets[id+" first reply"] = fmt.Sprintf("at %d biz %s", fr.Unix(), optString(biz))
		tickets[id+" replies"] = optString(replies)
		return err
	})
	for _, r := range drill("first_response") {
		if want := fmt.Sprintf("at %d biz %.0f", r.At.Unix(), *r.Value); tickets[r.ID+" first reply"] != want {
			t.Errorf("%s: first reply of %s: ClickHouse %q; the engine %q", when, r.ID, tickets[r.ID+" first reply"], want)
		}
	}
	for _, r := range drill("fcr") {
		if want := fmt.Sprintf("%.0f", *r.Value); tickets[r.ID+" replies"] != want {
			t.Errorf("%s: agent replies of %s: ClickHouse %q; the engine %q", when, r.ID, tickets[r.ID+" replies"], want)
		}
	}
	return samples
}

func optString[T uint32 | int32](p *T) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprint(*p)
}

func eachRow(t *testing.T, db *clickhouse.DB, q string, fn func(scan func(...any) error) error) {
	t.Helper()
	rows, err := db.Conn().Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
