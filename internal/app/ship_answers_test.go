package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestShipAnswersFollowTheirTickets walks the ship-time rules of what an answer takes from its
// ticket and whether it counts (derive_answers.go) through a few hand-made changes, reading
// the rows ClickHouse holds and the report by channel. Expectations by hand: a ticket's CSAT
// answer counts when it is the ticket's latest (submitted last); it takes its ticket's channel,
// "" when the ticket does not exist (yet, or any more).
func TestShipAnswersFollowTheirTickets(t *testing.T) {
	ctx := context.Background()
	a, db, s := openEmptyShip(t)
	june := func(day int) time.Time { return time.Date(2026, 6, day, 12, 0, 0, 0, time.UTC) }
	ticket := func(id, channel string) *cx.Ticket {
		return &cx.Ticket{ID: id, CreatedAt: june(1), Channel: channel, Team: "Support", Category: "Bezorging", CustomerID: "c1"}
	}
	csat := func(id, ticket string, score, day int) *cx.Response {
		return &cx.Response{ID: id, Survey: cx.SurveyCSAT, Score: score, SubmittedAt: june(day), TicketID: ticket}
	}
	write := func(recs ...cx.Record) {
		t.Helper()
		if _, err := a.Write(ctx, recs, nil); err != nil {
			t.Fatal(err)
		}
	}
	del := func(kind cx.Kind, id string) {
		t.Helper()
		if err := a.Delete(ctx, kind, id); err != nil {
			t.Fatal(err)
		}
	}
	step := func(what string, wantRows map[string]string, wantReport map[string]string) {
		t.Helper()
		mustShip(t, s)
		if got := answerRows(t, db); !sameMap(got, wantRows) {
			t.Errorf("%s: answers (channel, category, customer, counted) %v; want %v", what, got, wantRows)
		}
		if got := csatByChannel(t, a, db, june(1)); !sameMap(got, wantReport) {
			t.Errorf("%s: CSAT by channel (answers/positive) %v; want %v", what, got, wantReport)
		}
	}

	// R0 names a ticket that does not exist yet: nothing to take, counted (alone under T9).
	write(ticket("T1", "Email"), csat("R1", "T1", 4, 3), csat("R0", "T9", 2, 4))
	step("first ship",
		map[string]string{"R1": "Email Bezorging c1 1", "R0": "   1"},
		map[string]string{"Email": "1/1", "": "1/0"})

	// T1 moves to Chat after R1 shipped: R1 follows. R2, later on T1, supersedes R1. T9 arrives.
	write(ticket("T1", "Chat"), csat("R2", "T1", 5, 5), ticket("T9", "Telefoon"))
	step("T1 to Chat, R2 after R1, T9 made",
		map[string]string{"R1": "Chat Bezorging c1 0", "R2": "Chat Bezorging c1 1", "R0": "Telefoon Bezorging c1 1"},
		map[string]string{"Chat": "1/1", "Telefoon": "1/0"})

	// R2 deleted: R1 is T1's latest again.
	del(cx.KindResponses, "R2")
	step("R2 deleted",
		map[string]string{"R1": "Chat Bezorging c1 1", "R0": "Telefoon Bezorging c1 1"},
		map[string]string{"Chat": "1/1", "Telefoon": "1/0"})

	// R0 (June 4) moves to T1, after R1 (June 3): it takes T1's channel and supersedes R1.
	write(csat("R0", "T1", 2, 4))
	step("R0 moved to T1",
		map[string]string{"R1": "Chat Bezorging c1 0", "R0": "Chat Bezorging c1 1"},
		map[string]string{"Chat": "1/0"})

	// T1 deleted: its answers take nothing; which one counts stays.
	before := positions(t, db)
	del(cx.KindTickets, "T1")
	step("T1 deleted",
		map[string]string{"R1": "   0", "R0": "   1"},
		map[string]string{"": "1/0"})

	// Another ticket and its answer, then the last three steps shipped again, then everything:
	// the rows stay as they are, versions too (what changed after them does not make them newer).
	write(ticket("T5", "Chat"), csat("R5", "T5", 5, 6))
	after := func(what string) {
		t.Helper()
		step(what, map[string]string{"R1": "   0", "R0": "   1", "R5": "Chat Bezorging c1 1"},
			map[string]string{"": "1/0", "Chat": "1/1"})
	}
	after("T5 and R5 made")
	rows := answerVersions(t, db)
	for _, to := range []map[cx.Kind]int64{before, {cx.KindTickets: 0, cx.KindMessages: 0, cx.KindResponses: 0}} {
		for kind, seq := range to {
			if err := db.SetPosition(ctx, kind, seq); err != nil {
				t.Fatal(err)
			}
		}
		after(fmt.Sprint("shipped again from ", to))
		if got := answerVersions(t, db); got != rows {
			t.Errorf("shipped again from %v: rows\n%s\nwant\n%s", to, got, rows)
		}
	}
}

// openEmptyShip opens an App on a new, empty SQLite file and a ClickHouse database of its own.
func openEmptyShip(t *testing.T) (*App, *clickhouse.DB, *Shipper) {
	t.Helper()
	cfg, err := config.Parse(nil, "klantpuls.toml")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Open(context.Background(), sqlitetest.New(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	db, s := openShipper(t, a, chtest.Shared(t).NewDatabase(t))
	return a, db, s
}

// answerRows reads each live answer's derived columns: channel, category, customer taken from
// its ticket, and counted. It reads them both ways a ReplacingMergeTree is read (FINAL and
// argMax by version) and reports a difference: argMax does not take the last written of rows
// of the same version as FINAL does, so the two differ when a row of new content did not get a
// higher version than the one it replaces.
func answerRows(t *testing.T, db *clickhouse.DB) map[string]string {
	t.Helper()
	read := func(q string) map[string]string {
		out := map[string]string{}
		eachRow(t, db, q, func(scan func(...any) error) error {
			var id, channel, category, customer string
			var counted uint8
			err := scan(&id, &channel, &category, &customer, &counted)
			out[id] = fmt.Sprint(channel, " ", category, " ", customer, " ", counted)
			return err
		})
		return out
	}
	final := read("SELECT id, t_channel, t_category, t_customer, counted FROM " + db.Name() + ".responses FINAL WHERE deleted = 0")
	argMax := read("SELECT id, c, g, u, n FROM (SELECT id, argMax(t_channel, version) AS c, argMax(t_category, version) AS g, " +
		"argMax(t_customer, version) AS u, argMax(counted, version) AS n, argMax(deleted, version) AS gone FROM " + db.Name() +
		".responses GROUP BY id) WHERE gone = 0")
	if !sameMap(final, argMax) {
		t.Errorf("the answers read by argMax %v; by FINAL %v", argMax, final)
	}
	return final
}

// answerVersions is every row of the answers' table, versions included, in order.
func answerVersions(t *testing.T, db *clickhouse.DB) string {
	out := ""
	eachRow(t, db, "SELECT id, t_channel, counted, version, deleted FROM "+db.Name()+".responses FINAL ORDER BY id",
		func(scan func(...any) error) error {
			var id, channel string
			var counted, gone uint8
			var version uint64
			err := scan(&id, &channel, &counted, &version, &gone)
			out += fmt.Sprintln(id, channel, counted, version, gone)
			return err
		})
	return out
}

// positions reads the shipper's positions of the kinds shipped in steps.
func positions(t *testing.T, db *clickhouse.DB) map[cx.Kind]int64 {
	out := map[cx.Kind]int64{}
	for _, kind := range stepKinds {
		p, err := db.Position(context.Background(), kind)
		if err != nil {
			t.Fatal(err)
		}
		out[kind] = p
	}
	return out
}

// csatByChannel is June's CSAT by channel from the ClickHouse querier: answers/positive.
func csatByChannel(t *testing.T, a *App, db *clickhouse.DB, from time.Time) map[string]string {
	res, err := a.ClickHouseQuerier(db).Answer(context.Background(),
		engine.Query{From: from, To: from.AddDate(0, 1, 0), By: engine.ByChannel, Parts: engine.PartSurveys})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, g := range res.Groups {
		if c := g.Metrics.CSAT; c != nil && c.N > 0 {
			key := ""
			if g.Key != nil {
				key = *g.Key
			}
			out[key] = fmt.Sprint(c.N, "/", c.Positive)
		}
	}
	return out
}

func sameMap(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
