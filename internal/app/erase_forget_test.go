package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// erasedWorld is an app on a SQLite file in dir holding eraseWorld with Z erased.
func erasedWorld(t *testing.T) (*App, string) {
	t.Helper()
	ctx := context.Background()
	a, dir := openErase(t)
	if _, err := a.Ingest(ctx, eraseWorld()); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Erase(ctx, "Z", false); err != nil {
		t.Fatal(err)
	}
	return a, filepath.Join(dir, "k.db")
}

// TestWriteAfterEraseForgetsAnswerOnTicket: Z's CSAT answer R2 names Z's ticket T1 and no
// customer (a help desk's rating sent with its ticket only, as the API allows); the erasure
// found it through the ticket. Sent again later (the satisfaction export imported again, a
// sync, the rating changed) it is stored without its comment and counted as forgotten, as a
// message or review on that ticket is (README: later records are stored without the erased
// data).
func TestWriteAfterEraseForgetsAnswerOnTicket(t *testing.T) {
	ctx := context.Background()
	a, db := erasedWorld(t)
	at := time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)
	res, err := a.Write(ctx, []cx.Record{
		&cx.Response{ID: "R2", Survey: cx.SurveyCSAT, Score: 2, SubmittedAt: at, TicketID: "T1", Comment: "Pakket kwijt, Wilhelmina"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rec, err := a.Record(ctx, cx.KindResponses, "R2"); err != nil || rec.(*cx.Response).Comment != "" || res.Forgotten != 1 {
		t.Errorf("R2 sent again after Z's erasure: stored %+v (%v), forgotten %d; want it without the comment, forgotten 1", rec, err, res.Forgotten)
	}
	if cells := sqlitetest.CellsHolding(t, db, "Wilhelmina"); len(cells) > 0 {
		t.Errorf("the database holds Z's words again in %v", cells)
	}
}
