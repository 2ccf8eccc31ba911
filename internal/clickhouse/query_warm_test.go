package clickhouse

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// TestQuestionsKeptWarm: on a real ClickHouse, after a ticket is shipped the questions asked
// lately are answered again in the background (warm), so the viewer's next request is given that
// answer — with the new ticket counted — without asking ClickHouse; only the maxWarm newest are,
// and a question asked longer than warmFor ago is not (warming it does not count as asking).
func TestQuestionsKeptWarm(t *testing.T) {
	db, ship := ticketOnJune2(t)
	ctx := context.Background()
	now := june10(20)
	q := NewQuerier(db, engine.Options{Timezone: time.UTC, Now: func() time.Time { return now }})
	// maxWarm+2 questions, a day's tickets each (from 10:00 on 1 + i June), asked a second
	// apart, the last day first: the newest asked are the first.
	questions := make([]engine.Query, maxWarm+2)
	for i := range questions {
		questions[i] = engine.Query{From: june10(1 + i), To: june10(2 + i), Parts: engine.PartTicketCounts}
	}
	for i := len(questions) - 1; i >= 0; i-- {
		if _, err := q.Answer(ctx, questions[i]); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Second)
	}
	kept := func(query engine.Query) *engine.Result {
		t.Helper()
		state, _, err := db.state(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !q.answers.has(state, answerKey(query, q.today())) {
			return nil
		}
		return q.answers.entries[answerKey(query, q.today())].res
	}
	created := func(res *engine.Result) int {
		if len(res.Groups) == 0 || res.Groups[0].Metrics.Tickets == nil {
			return 0
		}
		return res.Groups[0].Metrics.Tickets.Created
	}

	ship(&cx.Ticket{ID: "t2", CreatedAt: june10(2).Add(time.Hour), Channel: "Chat"})
	for i, query := range questions {
		if kept(query) != nil {
			t.Fatalf("question %d: an answer kept at the state after t2 was shipped before warming; want none", i)
		}
	}
	q.warm(ctx)
	for i, query := range questions {
		res := kept(query)
		if i >= maxWarm { // the two asked first
			if res != nil {
				t.Errorf("question %d: warmed; want only the %d newest", i, maxWarm)
			}
			continue
		}
		if res == nil {
			t.Fatalf("question %d: not warmed", i)
		}
		got, err := q.Answer(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		if got != res {
			t.Errorf("question %d: the viewer was answered afresh; want the warm answer", i)
		}
	}
	// t1 (2 June 10:00) and t2 (11:00) are created in the day from 10:00 on 2 June.
	if res := kept(questions[1]); res == nil || created(res) != 2 {
		t.Errorf("the day from 2 June warm: %+v; want 2 created (t1 and t2)", res)
	}

	// Past warmFor since the questions were asked (and warmed): nothing is warmed.
	now = now.Add(warmFor + time.Minute)
	ship(&cx.Ticket{ID: "t3", CreatedAt: june10(4), Channel: "Chat"})
	q.warm(ctx)
	for i, query := range questions {
		if kept(query) != nil {
			t.Errorf("question %d: warmed %v after it was asked; want it left cold", i, warmFor+time.Minute)
		}
	}
}

// TestWatchTellsWhenShipped: KeepWarm's reading (watch) tells nothing at its first reading nor
// while nothing moves; after a ticket is shipped it tells the tickets moved, and by then the
// question asked lately is answered at the new state, the ticket counted; a setting written
// tells of no kind.
func TestWatchTellsWhenShipped(t *testing.T) {
	db, ship := ticketOnJune2(t)
	ctx := context.Background()
	q := NewQuerier(db, engine.Options{Timezone: time.UTC, Now: func() time.Time { return june10(20) }})
	query := engine.Query{From: june10(1), To: june10(30), Parts: engine.PartTicketCounts}
	if _, err := q.Answer(ctx, query); err != nil {
		t.Fatal(err)
	}
	var told [][]cx.Kind
	var seen watched
	moved := func(kinds []cx.Kind) {
		state, _, err := db.state(ctx)
		if err != nil {
			t.Fatal(err)
		}
		key := answerKey(query, q.today())
		if !q.answers.has(state, key) || q.answers.entries[key].res.Groups[0].Metrics.Tickets.Created != 2 {
			t.Errorf("told %v before the question was answered at the new state, with t2", kinds)
		}
		told = append(told, kinds)
	}
	q.watch(ctx, &seen, moved)
	q.watch(ctx, &seen, moved)
	if len(told) != 0 {
		t.Fatalf("told %v with nothing shipped; want nothing", told)
	}
	ship(&cx.Ticket{ID: "t2", CreatedAt: june10(3), Channel: "Chat"})
	q.watch(ctx, &seen, moved)
	q.watch(ctx, &seen, moved)
	if len(told) != 1 || !slices.Equal(told[0], []cx.Kind{cx.KindTickets}) {
		t.Fatalf("after t2 was shipped: told %v; want the tickets, once", told)
	}
	if err := db.SetSetting(ctx, "a setting", "1"); err != nil {
		t.Fatal(err)
	}
	q.watch(ctx, &seen, moved)
	if len(told) != 2 || len(told[1]) != 0 {
		t.Errorf("after a setting was written: told %v; want a second time, no kind", told)
	}
}
