package app

import (
	"context"
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// wholeFollowUp writes a follow-up as sent, every field of it: a save that is not a form
// opened before another's (SaveFollowUp).
var wholeFollowUp = FollowUpFields{Owner: true, Reply: true, Status: true}

// bothDatabases runs test on a fresh SQLite file and a fresh PostgreSQL database.
func bothDatabases(t *testing.T, test func(t *testing.T, dsn string)) {
	for _, db := range []struct {
		name  string
		fresh func(t *testing.T) string
	}{
		{"SQLite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "k.db") }},
		{"PostgreSQL", func(t *testing.T) string { return postgrestest.Fresh(t) }},
	} {
		t.Run(db.name, func(t *testing.T) { test(t, db.fresh(t)) })
	}
}

// openWorld opens an app on dsn holding eraseWorld, its engine loaded.
func openWorld(t *testing.T, dsn string) *App {
	t.Helper()
	a := openEraseAt(t, dsn)
	if _, err := a.Ingest(context.Background(), eraseWorld()); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadEngine(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a
}

// openWorldWithLead is openWorld with a manager, lead, to own follow-ups.
func openWorldWithLead(t *testing.T, dsn string) (*App, *cx.User) {
	t.Helper()
	a := openWorld(t, dsn)
	lead, err := a.CreateUser(context.Background(), "lead@shop.nl", "correct horse battery", cx.RoleManager, "", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return a, lead
}

// refuseFollowUps has the database at dsn refuse every new follow-up, as a full disk or a lost
// connection would refuse the write, until the returned func lifts it.
func refuseFollowUps(t *testing.T, dsn string) (lift func()) {
	if IsPostgres(dsn) {
		return pgtest.RefuseInserts(t, dsn, "followups")
	}
	return sqlitetest.RefuseInserts(t, dsn, "followups")
}

// TestSaveFollowUpDoneAllOrNothing: a follow-up saved done marks its answer replied, which the
// feedback response rate counts. Before the fix the answer's reply time was committed first and
// the follow-up after, in two writes: when the second failed, the answer counted as replied
// in feedback_response while the follow-up was not saved. Now both are one transaction, on
// both databases.
func TestSaveFollowUpDoneAllOrNothing(t *testing.T) {
	bothDatabases(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a := openWorld(t, dsn)
		at := time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)
		lift := refuseFollowUps(t, dsn)
		err := a.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: "R2", Reply: "Gebeld", UpdatedAt: at}, true, wholeFollowUp)
		if err == nil || !strings.Contains(err.Error(), "new rows refused") {
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
		lift()
		if err := a.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: "R2", Reply: "Gebeld", UpdatedAt: at}, true, wholeFollowUp); err != nil {
			t.Fatal(err)
		}
		check("saved", 1, cx.FollowUpDone)
	})
}

// TestDeletedAnswerTakesItsFollowUp: deleting an answer — klantpuls delete and the API's DELETE
// (App.Delete), a webhook's deletion (WriteChanges), an import's — deletes its follow-up in the
// same transaction, with the owner and the reply, which may quote the customer. Before the fix
// the row stayed: its text was in the database for good, and when the source sent the answer
// again it came back on Opvolging as handled, with the old owner and reply, while the answer
// was not replied to. The other answers' follow-ups stay, and so does the follow-up of an
// answer whose reply time a patch removes (stored as a deletion and the answer put again).
func TestDeletedAnswerTakesItsFollowUp(t *testing.T) {
	for _, path := range []struct {
		name   string
		delete func(ctx context.Context, a *App) error
	}{
		{"delete", func(ctx context.Context, a *App) error { return a.Delete(ctx, cx.KindResponses, "R2") }},
		{"webhook", func(ctx context.Context, a *App) error {
			_, err := a.WriteChanges(ctx, nil, nil, []cx.Deletion{{Of: cx.KindResponses, ID: "R2"}})
			return err
		}},
		{"import", func(ctx context.Context, a *App) error {
			_, err := a.Import(ctx, func(put func(cx.Record) error) (int, error) {
				return 1, put(cx.Deletion{Of: cx.KindResponses, ID: "R2"})
			}, nil)
			return err
		}},
	} {
		t.Run(path.name, func(t *testing.T) {
			bothDatabases(t, func(t *testing.T, dsn string) { testDeletedAnswerTakesItsFollowUp(t, dsn, path.delete) })
		})
	}
}

func testDeletedAnswerTakesItsFollowUp(t *testing.T, dsn string, deleteR2 func(context.Context, *App) error) {
	ctx := context.Background()
	a, lead := openWorldWithLead(t, dsn)
	at := time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)
	for _, id := range []string{"R1", "R2"} {
		f := cx.FollowUp{ResponseID: id, OwnerID: lead.ID, Reply: "Wilhelmina, we sturen een nieuw pakket", UpdatedAt: at}
		if err := a.SaveFollowUp(ctx, &f, true, wholeFollowUp); err != nil {
			t.Fatal(err)
		}
	}
	if err := deleteR2(ctx, a); err != nil {
		t.Fatal(err)
	}
	follows, err := a.FollowUps(ctx, []string{"R1", "R2"})
	if _, kept := follows["R2"]; err != nil || kept || follows["R1"].Status != cx.FollowUpDone {
		t.Errorf("follow-ups after deleting R2: %+v %v; want R1's alone", follows, err)
	}
	// The source sends the answer again: it is an answer nobody followed up on.
	again := &cx.Response{ID: "R2", Survey: cx.SurveyCSAT, Score: 2, SubmittedAt: time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC),
		Comment: "Pakket kwijt"}
	if _, err := a.Ingest(ctx, []cx.Record{again}); err != nil {
		t.Fatal(err)
	}
	if follows, err := a.FollowUps(ctx, []string{"R2"}); err != nil || len(follows) != 0 {
		t.Errorf("R2 sent again comes with the follow-up of the deleted one: %+v %v", follows, err)
	}
	// A patch that removes R1's reply time is no deletion of R1.
	if _, err := a.Patch(ctx, patchOf(cx.KindResponses, "R1", `{"replied_at": null}`)); err != nil {
		t.Fatal(err)
	}
	if follows, err := a.FollowUps(ctx, []string{"R1"}); err != nil || follows["R1"].Reply == "" {
		t.Errorf("R1's follow-up after a patch of its reply time: %+v %v, want it kept", follows, err)
	}
}

// TestDeleteAuditsTheFollowUp: the audit entry of an answer deleted says that its follow-up went
// with it, without its owner or reply; one deleted without a follow-up says nothing of one.
func TestDeleteAuditsTheFollowUp(t *testing.T) {
	ctx := context.Background()
	a, _ := openErase(t)
	if _, err := a.Ingest(ctx, eraseWorld()); err != nil {
		t.Fatal(err)
	}
	if err := a.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: "R2", Reply: "Gebeld"}, false, wholeFollowUp); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"R2", "R3"} {
		if err := a.Delete(ctx, cx.KindResponses, id); err != nil {
			t.Fatal(err)
		}
	}
	log, err := a.AuditLog(ctx, store.AuditQuery{Action: cx.AuditRecordDelete})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range log {
		got[e.Subject] = detailOf(e)
	}
	if want := map[string]string{"responses R2": "with_followup", "responses R3": ""}; !maps.Equal(got, want) {
		t.Errorf("audit details %q, want %q", got, want)
	}
}

// TestAssignFollowUpsAllOrNothing: Opvolging's bulk assignment gives every ticked answer to
// the owner or none. Before the fix each follow-up was written on its own: when the database
// refused the third, R1 and R2 stayed assigned while the page showed an error. Now they are
// one transaction, on both databases; once the refusal is lifted the same assignment gives
// all three.
func TestAssignFollowUpsAllOrNothing(t *testing.T) {
	bothDatabases(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, lead := openWorldWithLead(t, dsn)
		at := time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)
		ids := []string{"R1", "R2", "R3"}
		refused := func(column, value string) func() {
			if IsPostgres(dsn) {
				return pgtest.RefuseInsertsOf(t, dsn, "followups", column, value)
			}
			return sqlitetest.RefuseInsertsOf(t, dsn, "followups", column, value)
		}
		owners := func(when string, want int64) {
			t.Helper()
			got, err := a.FollowUps(ctx, ids)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range ids {
				if got[id].OwnerID != want {
					t.Errorf("%s: %s owned by %d, want %d", when, id, got[id].OwnerID, want)
				}
			}
		}
		lift := refused("response_id", "R3")
		err := a.AssignFollowUps(ctx, ids, lead.ID, at)
		if err == nil || !strings.Contains(err.Error(), "new rows refused") {
			t.Fatalf("assigned while the database refused R3's follow-up: %v", err)
		}
		owners("refused", 0)
		lift()
		if err = a.AssignFollowUps(ctx, ids, lead.ID, at); err != nil {
			t.Fatal(err)
		}
		owners("assigned", lead.ID)
	})
}
