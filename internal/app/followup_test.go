package app

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/pgtest"
)

// bothDatabases runs test on a fresh SQLite file and a fresh PostgreSQL database.
func bothDatabases(t *testing.T, test func(t *testing.T, dsn string)) {
	for _, db := range []struct {
		name  string
		fresh func(t *testing.T) string
	}{
		{"SQLite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "k.db") }},
		{"PostgreSQL", func(t *testing.T) string { return pgtest.Shared(t).NewDatabase(t) }},
	} {
		t.Run(db.name, func(t *testing.T) { test(t, db.fresh(t)) })
	}
}

// execSQL runs statements on the database at dsn beside the app, as an operator's client would.
func execSQL(t *testing.T, dsn string, statements ...string) {
	t.Helper()
	ctx := context.Background()
	if IsPostgres(dsn) {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		for _, s := range statements {
			if _, err := conn.Exec(ctx, s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
		return
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range statements {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// refuseFollowUps has the database refuse every new follow-up row, as a full disk or a lost
// connection would refuse the write; allowFollowUps lifts that.
func refuseFollowUps(t *testing.T, dsn string) {
	if IsPostgres(dsn) {
		execSQL(t, dsn, `CREATE FUNCTION refuse_followup() RETURNS trigger LANGUAGE plpgsql AS
			$$BEGIN RAISE EXCEPTION 'follow-ups refused'; END$$`,
			`CREATE TRIGGER refuse_followup BEFORE INSERT ON followups FOR EACH ROW EXECUTE FUNCTION refuse_followup()`)
		return
	}
	execSQL(t, dsn, `CREATE TRIGGER refuse_followup BEFORE INSERT ON followups
		BEGIN SELECT RAISE(ABORT, 'follow-ups refused'); END`)
}

func allowFollowUps(t *testing.T, dsn string) {
	if IsPostgres(dsn) {
		execSQL(t, dsn, "DROP TRIGGER refuse_followup ON followups")
		return
	}
	execSQL(t, dsn, "DROP TRIGGER refuse_followup")
}

// TestSaveFollowUpDoneAllOrNothing: a follow-up saved done marks its answer replied, which the
// feedback response rate counts. Before the fix the answer's reply time was committed first and
// the follow-up after, in two writes: when the second failed, the answer counted as replied
// (feedback_response 1 of 1) while the follow-up was not saved. Now both are one transaction,
// on both databases.
func TestSaveFollowUpDoneAllOrNothing(t *testing.T) {
	bothDatabases(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a := openEraseAt(t, dsn)
		if _, err := a.Ingest(ctx, eraseWorld()); err != nil {
			t.Fatal(err)
		}
		if err := a.LoadEngine(ctx); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)
		refuseFollowUps(t, dsn)
		err := a.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: "R2", Reply: "Gebeld", UpdatedAt: at}, true)
		if err == nil || !strings.Contains(err.Error(), "follow-ups refused") {
			t.Fatalf("saved while the database refused the follow-up: %v", err)
		}
		check := func(when string, replied int, status string) {
			t.Helper()
			rec, err := a.Record(ctx, cx.KindResponses, "R2")
			if err != nil {
				t.Fatal(err)
			}
			if got := !rec.(*cx.Response).RepliedAt.IsZero(); got != (replied == 1) {
				t.Errorf("%s: R2 stored replied %v, want %v", when, got, replied == 1)
			}
			// The comments of R1 and R2 and the mentions N1 and N2: the rate's n is 4.
			if fb := marchGroup(t, a).Metrics.FeedbackResponse; fb.Replied != replied || fb.N != 4 {
				t.Errorf("%s: feedback response %d of %d, want %d of 4", when, fb.Replied, fb.N, replied)
			}
			follows, err := a.FollowUps(ctx, []string{"R2"})
			if err != nil || follows["R2"].Status != status {
				t.Errorf("%s: follow-up %+v %v, want status %q", when, follows, err, status)
			}
		}
		check("refused", 0, "")
		allowFollowUps(t, dsn)
		if err := a.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: "R2", Reply: "Gebeld", UpdatedAt: at}, true); err != nil {
			t.Fatal(err)
		}
		check("saved", 1, cx.FollowUpDone)
	})
}
