package app

import (
	"context"
	"fmt"
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

// TestImportAfterEraseForgetsMention: Z wrote mention N1 (its author is Z's name); the erasure
// emptied its text, author and link. The mentions file imported again (or the social tool's
// sync) stores N1 without them: the erasure remembers the keyed hashes of the authors that are
// Z (name and address), as it does of Z's id. Bas's mention N2 stays whole.
func TestImportAfterEraseForgetsMention(t *testing.T) {
	ctx := context.Background()
	a, db := erasedWorld(t)
	var mentions []cx.Record
	for _, r := range eraseWorld() {
		if r.RecordKind() == cx.KindMentions {
			mentions = append(mentions, r)
		}
	}
	at := time.Date(2026, 3, 8, 10, 0, 0, 0, time.UTC)
	// The same person by address, written otherwise: compared as names are.
	mentions = append(mentions, &cx.Mention{ID: "N3", Source: "X", At: at, Text: "Nog steeds top", Author: " W.Zwanenburg@example.nl"})
	res, err := a.Import(ctx, func(put func(cx.Record) error) (int, error) {
		for _, m := range mentions {
			if err := put(m); err != nil {
				return 0, err
			}
		}
		return len(mentions), nil
	}, nil)
	if err != nil || res.Forgotten != 2 {
		t.Fatalf("import: %+v %v; want N1 and N3 forgotten", res, err)
	}
	for _, id := range []string{"N1", "N3"} {
		if rec, err := a.Record(ctx, cx.KindMentions, id); err != nil || rec.(*cx.Mention).Author != "" || rec.(*cx.Mention).Text != "" || rec.(*cx.Mention).URL != "" {
			t.Errorf("%s imported again after Z's erasure: %+v %v; want it without Z's name, words and link", id, rec, err)
		}
	}
	if rec, err := a.Record(ctx, cx.KindMentions, "N2"); err != nil || rec.(*cx.Mention).Text != "Matig" {
		t.Errorf("Bas's N2: %+v %v; want it whole", rec, err)
	}
	for _, text := range []string{"wilhelmina", "zwanenburg", "Top winkel"} {
		if cells := sqlitetest.CellsHolding(t, db, text); len(cells) > 0 {
			t.Errorf("the database holds %q again in %v", text, cells)
		}
	}
}

// TestErasedTicketsReadAtOnce: past ticketReads tickets a write reads the erased customers'
// tickets at once instead of one by one; the same records come out without their text — a
// message and review on Z's stored ticket, a message on a ticket of Z this very import moved
// to the pseudonym, and X's message kept whole (testErasureRemembered's assertions), and an
// answer on Z's ticket sent again.
func TestErasedTicketsReadAtOnce(t *testing.T) {
	defer func(n int) { ticketReads = n }(ticketReads)
	ticketReads = 0
	testErasureRemembered(t, filepath.Join(t.TempDir(), "k.db"))
	t.Run("an answer on the ticket", TestWriteAfterEraseForgetsAnswerOnTicket)
}

// TestErasedTicketsReadAtOnceWithoutAPseudonymsRecord: after an erasure with purge (nothing
// stored under the pseudonym) or ahead of a customer nothing named yet, a write of more than
// ticketReads answers and messages — none of them the erased customer's — is stored whole:
// reading the erased customers' tickets at once finds none for such a pseudonym, not an error
// that refused every large import and API batch for good.
func TestErasedTicketsReadAtOnceWithoutAPseudonymsRecord(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 2, 2, 10, 0, 0, 0, time.UTC)
	for _, erase := range []struct {
		name string
		do   func(a *App) error
	}{
		{"purge", func(a *App) error { _, err := a.Erase(ctx, "C-311", true); return err }},
		{"ahead", func(a *App) error { _, err := a.EraseAhead(ctx, "anna@example.nl", false); return err }},
	} {
		t.Run(erase.name, func(t *testing.T) {
			a, _ := openErase(t)
			if _, err := a.Ingest(ctx, []cx.Record{&cx.Customer{ID: "C-311", AcquiredAt: at.AddDate(0, -1, 0)}}); err != nil {
				t.Fatal(err)
			}
			if err := erase.do(a); err != nil {
				t.Fatal(err)
			}
			var tickets, later []cx.Record
			for i := range 2 * ticketReads {
				id := fmt.Sprintf("T%d", i)
				tickets = append(tickets, &cx.Ticket{ID: id, CreatedAt: at, CustomerID: fmt.Sprintf("K%d", i%5)})
				later = append(later, &cx.Response{ID: fmt.Sprintf("R%d", i), Survey: cx.SurveyNPS, Score: 9, SubmittedAt: at.Add(time.Hour), TicketID: id, Comment: "Prima"},
					&cx.Message{ID: fmt.Sprintf("M%d", i), TicketID: id, At: at.Add(time.Hour), Author: cx.AuthorAgent, Agent: "Piet"})
			}
			if _, err := a.Write(ctx, tickets, nil); err != nil {
				t.Fatal(err)
			}
			res, err := a.Write(ctx, later, nil)
			if err != nil || res.Forgotten != 0 {
				t.Fatalf("%d answers and messages of customers nobody erased: %+v %v; want all stored whole", len(later), res, err)
			}
			if rec, err := a.Record(ctx, cx.KindResponses, "R7"); err != nil || rec.(*cx.Response).Comment != "Prima" {
				t.Errorf("R7: %+v %v; want it whole", rec, err)
			}
		})
	}
}
