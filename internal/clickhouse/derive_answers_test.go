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

// TestAnswerStepShippedAgainAfterHalfOfIt: a step whose first try wrote the answers by ticket
// but not the answers' rows (ClickHouse refused the second insert) is shipped again; the
// answer it moved away leaves its old ticket's other answer counted again. By hand: a1 (June 3)
// and a2 (June 5) are t1's CSAT answers, a2 the latest; a2 moves to t2, so a1 counts.
func TestAnswerStepShippedAgainAfterHalfOfIt(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	june := func(day int) time.Time { return time.Date(2026, 6, day, 12, 0, 0, 0, time.UTC) }
	err := db.Insert(ctx, cx.KindTickets, []Change{{&cx.Ticket{ID: "t1", CreatedAt: june(1)}, 1}, {&cx.Ticket{ID: "t2", CreatedAt: june(1)}, 2}}, officeHours(t))
	if err != nil {
		t.Fatal(err)
	}
	a1 := &cx.Response{ID: "a1", Survey: cx.SurveyCSAT, Score: 4, SubmittedAt: june(3), TicketID: "t1"}
	a2 := &cx.Response{ID: "a2", Survey: cx.SurveyCSAT, Score: 2, SubmittedAt: june(5), TicketID: "t1"}
	if err := db.Insert(ctx, cx.KindResponses, []Change{{a1, 3}, {a2, 4}}, officeHours(t)); err != nil {
		t.Fatal(err)
	}
	if got := countedOf(t, db); got != "a1:0 a2:1" {
		t.Fatalf("before the move: counted %s; want a1:0 a2:1", got)
	}
	moved := *a2
	moved.TicketID = "t2"
	// The first try's first insert: a2 under t2, gone from t1.
	err = db.insertInto(ctx, ticketAnswers, ticketAnswersColumns, [][]any{
		{"t2", "a2", cx.SurveyCSAT, june(5), uint64(5), uint8(0)}, {"t1", "a2", "", noInstant, uint64(5), uint8(1)}})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.InsertStep(ctx, ShipStep{Responses: []Change{{&moved, 5}}, UpTo: 5}, officeHours(t)); err != nil {
		t.Fatal(err)
	}
	if got := countedOf(t, db); got != "a1:1 a2:1" {
		t.Errorf("after the move shipped again: counted %s; want a1:1 a2:1", got)
	}
}

// countedOf lists the live answers' counted, by id.
func countedOf(t *testing.T, db *DB) string {
	t.Helper()
	rows, err := db.Conn().Query(context.Background(), "SELECT id, counted FROM "+db.Name()+".responses FINAL WHERE deleted = 0 ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		var counted uint8
		if err := rows.Scan(&id, &counted); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s:%d", id, counted))
	}
	return strings.Join(out, " ")
}
