package clickhouse

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestInsertStepDerives: tickets and messages shipped in steps carry what the messages derive
// (hand-computed under office hours, Monday 2 March 2026): the first reply, agent replies,
// waiting and a row per reply-time sample; a message moved to another ticket is derived in
// both, also when a crash left the step's message rows written but not what they derive (the
// step is shipped again); a deleted message's sample goes.
func TestInsertStepDerives(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	d := newShipStore(t).derive // no answers: the store they would be read from stays empty
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, ams) }
	t1 := &cx.Ticket{ID: "T1", CreatedAt: at(9, 0), Team: "Support", Agent: "Bram"}
	t2 := &cx.Ticket{ID: "T2", CreatedAt: at(9, 0), Team: "Support"}
	c1 := &cx.Message{ID: "c1", TicketID: "T1", At: at(9, 0), Author: cx.AuthorCustomer}
	a1 := &cx.Message{ID: "a1", TicketID: "T1", At: at(9, 10), Author: cx.AuthorAgent}
	a2 := &cx.Message{ID: "a2", TicketID: "T1", At: at(9, 30), Author: cx.AuthorAgent, Agent: "Ann"}
	step := ShipStep{Tickets: []Change{{t1, 1}, {t2, 2}}, Messages: []Change{{c1, 3}, {a1, 4}, {a2, 5}}, UpTo: 5}
	if err := db.InsertStep(ctx, step, d); err != nil {
		t.Fatal(err)
	}
	// a1 answers the question after 10 minutes, as Bram (the ticket's agent); a2 answers nothing.
	check(t, db, "first step", map[string]string{
		"T1": "first reply 09:10 (600 s), replies 2, waiting 0", "T2": "first reply none, replies none, waiting 1",
		"a1": "T1 Bram 600/600"})

	// a1 moves to T2 (change 6): a first try wrote its row, then crashed before deriving.
	moved := *a1
	moved.TicketID = "T2"
	if err := db.insertRows(ctx, cx.KindMessages, [][]any{{"a1", "T2", instant(moved.At), moved.Author, "", "T1", uint64(6), uint8(0)}}); err != nil {
		t.Fatal(err)
	}
	again := ShipStep{Messages: []Change{{&moved, 6}}, UpTo: 6, MessagesShipped: 5}
	for range 2 {
		if err := db.InsertStep(ctx, again, d); err != nil {
			t.Fatal(err)
		}
		// T1: a2 now answers the question, after 30 minutes, as Ann; T2: a1 answers its creation.
		check(t, db, "a1 moved to T2", map[string]string{
			"T1": "first reply 09:30 (1800 s), replies 1, waiting 0", "T2": "first reply 09:10 (600 s), replies 1, waiting 0",
			"a1": "T2  600/600", "a2": "T1 Ann 1800/1800"})
	}

	// a2 turns out a note (change 7): T1 has no reply, and a2 is no sample any more.
	note := *a2
	note.Author = cx.AuthorNote
	if err := db.InsertStep(ctx, ShipStep{Messages: []Change{{&note, 7}}, UpTo: 7, MessagesShipped: 6}, d); err != nil {
		t.Fatal(err)
	}
	check(t, db, "a2 a note", map[string]string{
		"T1": "first reply none, replies 0, waiting 1", "T2": "first reply 09:10 (600 s), replies 1, waiting 0",
		"a1": "T2  600/600"})

	// c1 and a2 deleted (changes 8 and 9): T1 has no messages left, so its row's own (empty)
	// first reply and agent replies count.
	if err := db.InsertStep(ctx, ShipStep{Messages: []Change{{cx.Deletion{Of: cx.KindMessages, ID: "c1"}, 8},
		{cx.Deletion{Of: cx.KindMessages, ID: "a2"}, 9}}, UpTo: 9, MessagesShipped: 7}, d); err != nil {
		t.Fatal(err)
	}
	check(t, db, "c1 and a2 deleted", map[string]string{
		"T1": "first reply none, replies none, waiting 1", "T2": "first reply 09:10 (600 s), replies 1, waiting 0",
		"a1": "T2  600/600"})

	// T2 deleted (change 10): its message is no sample any more.
	if err := db.InsertStep(ctx, ShipStep{Tickets: []Change{{cx.Deletion{Of: cx.KindTickets, ID: "T2"}, 10}}, UpTo: 10, MessagesShipped: 9}, d); err != nil {
		t.Fatal(err)
	}
	check(t, db, "T2 deleted", map[string]string{"T1": "first reply none, replies none, waiting 1"})
}

// check compares the tickets and reply-time samples ClickHouse holds (FINAL) with want, by id.
func check(t *testing.T, db *DB, when string, want map[string]string) {
	t.Helper()
	ctx := context.Background()
	got := map[string]string{}
	rows, err := db.conn.Query(ctx, "SELECT id, first_reply, first_reply_biz, replies, waiting FROM "+db.name+".tickets FINAL WHERE deleted = 0")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var fr time.Time
		var biz *uint32
		var replies *int32
		var waiting uint8
		if err := rows.Scan(&id, &fr, &biz, &replies, &waiting); err != nil {
			t.Fatal(err)
		}
		first := "none"
		if fr.Unix() != 0 {
			first = fmt.Sprintf("%s (%d s)", fr.In(time.FixedZone("CET", 3600)).Format("15:04"), *biz)
		}
		n := "none"
		if replies != nil {
			n = fmt.Sprint(*replies)
		}
		got[id] = fmt.Sprintf("first reply %s, replies %s, waiting %d", first, n, waiting)
	}
	rows.Close()
	rows, err = db.conn.Query(ctx, "SELECT id, ticket_id, agent, cal_seconds, biz_seconds FROM "+db.name+".replies FINAL WHERE deleted = 0")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, ticket, agent string
		var cal, biz uint32
		if err := rows.Scan(&id, &ticket, &agent, &cal, &biz); err != nil {
			t.Fatal(err)
		}
		got[id] = fmt.Sprintf("%s %s %d/%d", ticket, agent, cal, biz)
	}
	rows.Close()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s:\n got %v\nwant %v", when, got, want)
	}
}
