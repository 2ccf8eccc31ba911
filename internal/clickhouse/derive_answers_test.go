package clickhouse

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestOpenRefusesAnswersWithoutTheirTickets: a database whose responses table was made before
// the answers carried their tickets' values (no counted column) is refused, with the command
// that makes it again; one made now opens again.
func TestOpenRefusesAnswersWithoutTheirTickets(t *testing.T) {
	ctx := context.Background()
	dsn := chtest.Shared(t).NewDatabase(t)
	db, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := Open(ctx, dsn); err != nil {
		t.Fatalf("a database made now: %v", err)
	}
	// The responses table as the release before made it (its columns up to sentiment).
	old := "CREATE TABLE " + db.Name() + ".responses (id String, survey String, score Int16, submitted_at DateTime, " +
		"customer_id String, ticket_id String, channel String, team String, agent String, language String, replied_at DateTime, " +
		"scale String, commented UInt8, sentiment Nullable(Float64), version UInt64, deleted UInt8) " +
		"ENGINE = ReplacingMergeTree(version) ORDER BY id"
	for _, q := range []string{"DROP TABLE " + db.Name() + ".responses", old} {
		if err := db.Conn().Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	_, err = Open(ctx, dsn)
	if cx.ErrorCode(err) != cx.EINVALID || !strings.Contains(fmtErr(err), "klantpuls clickhouse rebuild") {
		t.Fatalf("Open of a database of the release before: %v; want it refused, naming klantpuls clickhouse rebuild", err)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestAnswersPastTheCut: the store is read as it stands, which may be past a step's cut (a
// step is read, then more is committed before it ships). Answers changed past the cut are left
// out of their ticket's view and written by their own step; a ticket changed past it is taken
// as ClickHouse holds it. By hand: a1 (June 3) and a2 (June 5) are t1's CSAT answers; a2 moves
// to t2 (change 5); a3 (June 7, change 6) joins t1; t1 becomes Chat (change 7). The latest
// answer of a ticket counts; a row's version is the highest change of its ticket's view and
// of an answer that left the ticket in the step.
func TestAnswersPastTheCut(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	st := newShipStore(t)
	june := func(day int) time.Time { return time.Date(2026, 6, day, 12, 0, 0, 0, time.UTC) }
	csat := func(id, ticket string, day int) *cx.Response {
		return &cx.Response{ID: id, Survey: cx.SurveyCSAT, Score: 4, SubmittedAt: june(day), TicketID: ticket}
	}
	tickets := st.put(t, &cx.Ticket{ID: "t1", CreatedAt: june(1)}, &cx.Ticket{ID: "t2", CreatedAt: june(1)})
	first := st.put(t, csat("a1", "t1", 3), csat("a2", "t1", 5))
	ship := func(what string, step ShipStep, want string) {
		t.Helper()
		if err := db.InsertStep(ctx, step, st.derive); err != nil {
			t.Fatal(err)
		}
		if got := answerVersions(t, db); got != want {
			t.Errorf("%s: answers (id ticket-channel counted version) %s; want %s", what, got, want)
		}
	}
	ship("first step", ShipStep{Tickets: tickets, Responses: first, UpTo: 4}, "a1//0/4 a2//1/4")
	moved := st.put(t, csat("a2", "t2", 5))  // change 5
	joined := st.put(t, csat("a3", "t1", 7)) // change 6, past the next step's cut
	ship("a2 moved, read before a3 joined t1", ShipStep{Responses: moved, UpTo: 5}, "a1//1/5 a2//1/5")
	chat := st.put(t, &cx.Ticket{ID: "t1", CreatedAt: june(1), Channel: "Chat"}) // change 7, past the next cut
	ship("a3 joined, t1's change not yet shipped", ShipStep{Responses: joined, UpTo: 6}, "a1//0/6 a2//1/5 a3//1/6")
	ship("the same step again", ShipStep{Responses: joined, UpTo: 6}, "a1//0/6 a2//1/5 a3//1/6")
	ship("t1 is Chat", ShipStep{Tickets: chat, UpTo: 7}, "a1/Chat/0/7 a2//1/5 a3/Chat/1/7")
	gone := st.put(t, cx.Deletion{Of: cx.KindResponses, ID: "a3"}) // change 8
	ship("a3 deleted", ShipStep{Responses: gone, UpTo: 8}, "a1/Chat/1/8 a2//1/5")
}

// answerVersions lists the live answers as id/ticket channel/counted/version, read by FINAL,
// and fails when argMax by version reads other rows: the highest version must be one content.
func answerVersions(t *testing.T, db *DB) string {
	t.Helper()
	read := func(q string) string {
		rows, err := db.Conn().Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id, channel string
			var counted uint8
			var version uint64
			if err := rows.Scan(&id, &channel, &counted, &version); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%s/%s/%d/%d", id, channel, counted, version))
		}
		return strings.Join(out, " ")
	}
	final := read("SELECT id, t_channel, counted, version FROM " + db.Name() + ".responses FINAL WHERE deleted = 0 ORDER BY id")
	argMax := read("SELECT id, c, n, v FROM (SELECT id, argMax(t_channel, version) AS c, argMax(counted, version) AS n, max(version) AS v, " +
		"argMax(deleted, version) AS gone FROM " + db.Name() + ".responses GROUP BY id) WHERE gone = 0 ORDER BY id")
	if final != argMax {
		t.Errorf("the answers by FINAL %s; by argMax %s", final, argMax)
	}
	return final
}
