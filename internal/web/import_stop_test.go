package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
)

// TestImportCommitNotAnsweredSaid: an import started in the browser whose COMMIT PostgreSQL
// does not answer — the server stopped while the COMMIT ran, or the connection to the database
// broke off — may have been stored: the database can commit all the same. Its run ends
// "unknown", and its page and status say, in the language it was started in, that it is not
// known whether the file was imported and that importing it again replaces what of it is
// stored (as `klantpuls import` says). Before the fix a stop said "nothing was imported",
// and a lost connection ended the run "failed: nothing imported" beside a sentence saying the
// opposite. A stop before the commit still says nothing was imported, in the page's language
// (it was English only). The COMMIT waits for a lock the test holds (pgtest.HoldCommits). A
// stop after the commit, while the engine catches up on it, says the file was imported and the
// figures follow on the next start (it said nothing was imported, the file stored). Those two
// are said in the reader's language, whatever the import was started in.
func TestImportCommitNotAnsweredSaid(t *testing.T) {
	maybe := map[string]struct{ error, status string }{
		"en": {"tickets.csv: not known whether it was imported; importing it again replaces what of it is stored",
			"Not known whether imported"},
		"nl": {"tickets.csv: niet bekend of het is geïmporteerd; opnieuw importeren vervangt wat ervan is opgeslagen",
			"Niet bekend of geïmporteerd"},
	}
	nothing := map[string]struct{ error, status string }{
		"en": {"The server shut down during the import; nothing was imported: import the file again.", "Failed: nothing imported"},
		"nl": {"De server stopte tijdens de import; er is niets geïmporteerd: importeer het bestand opnieuw.", "Mislukt: niets geïmporteerd"},
	}
	later := map[string]struct{ error, status string }{
		"en": {"Imported. The server shut down before the figures were brought up to date with it; they follow when the server starts again.", "Done"},
		"nl": {"Geïmporteerd. De server stopte voordat de cijfers ermee waren bijgewerkt; ze volgen als de server weer start.", "Klaar"},
	}
	for _, c := range []struct {
		name, lang, status string
		// hold holds the import before it starts; what it returns cuts the import off
		hold func(t *testing.T, ts *testServer, dsn string) (cut func())
		want map[string]struct{ error, status string }
	}{
		{"a stop during the commit", "en", cx.ImportUnknown, stopDuringCommit, maybe},
		{"a stop during the commit", "nl", cx.ImportUnknown, stopDuringCommit, maybe},
		{"the connection lost during the commit", "en", cx.ImportUnknown, cutDuringCommit, maybe},
		{"a stop before the commit", "en", cx.ImportFailed, stopBeforeCommit, nothing},
		{"a stop before the commit", "nl", cx.ImportFailed, stopBeforeCommit, nothing},
		{"a stop after the commit", "en", cx.ImportDone, stopAfterCommit, later},
		{"a stop after the commit", "nl", cx.ImportDone, stopAfterCommit, later},
	} {
		t.Run(c.name+" in "+c.lang, func(t *testing.T) {
			dsn := postgrestest.Fresh(t)
			ts := startServerOn(t, dsn)
			cut := c.hold(t, ts, dsn)
			admin := ts.login("admin@example.com")
			run := startedOneTicket(t, admin, c.lang)
			cut()
			admin = ts.login("admin@example.com") // the server may be a new one
			st := finished(t, admin, run)
			// A stop before or after the commit is said in the reader's language (cx.ImportRun.Said);
			// a commit not answered, as its rows' errors are, in the language the import was started in.
			keyed := c.status != cx.ImportUnknown
			says := func(lang string) string {
				if keyed {
					return c.want[lang].error
				}
				return c.want[c.lang].error
			}
			said, _ := st["error"].(string)
			if st["status"] != c.status || !strings.HasPrefix(said, says("nl")) && !strings.HasPrefix(said, says("en")) {
				t.Errorf("status %v; want %s, saying %q", st, c.status, says(c.lang))
			}
			if c.status == cx.ImportUnknown && (strings.Contains(said, "nothing") || strings.Contains(said, "niets")) {
				t.Errorf("status says nothing was imported, which the database's commit can make untrue: %q", said)
			}
			for _, lang := range []string{"nl", "en"} {
				res := admin.get(run + "?lang=" + lang)
				status := `<strong id="run-status">` + c.want[lang].status + `</strong>`
				if res.status != http.StatusOK || !strings.Contains(res.body, status) || !strings.Contains(res.body, says(lang)) {
					i := strings.Index(res.body, `id="run-status"`)
					t.Errorf("the import's page in %s: %d %q; want 200 with %q and %q", lang, res.status,
						res.body[max(0, i-20):min(len(res.body), i+800)], status, says(lang))
				}
				if c.status == cx.ImportUnknown && (strings.Contains(res.body, nothing[lang].status) || strings.Contains(res.body, "nothing was imported")) {
					t.Errorf("the import's page in %s says nothing was imported", lang)
				}
			}
			want := map[string]int{cx.ImportFailed: 0, cx.ImportDone: 1}
			if w, ok := want[c.status]; ok {
				if n, err := ts.app.Count(context.Background(), cx.KindTickets); err != nil || n != w {
					t.Errorf("tickets stored: %d, %v; want %d", n, err, w)
				}
			}
		})
	}
}

// stopDuringCommit holds the import's COMMIT; while it waits the server stops, then the
// COMMIT goes on and the server starts again.
func stopDuringCommit(t *testing.T, ts *testServer, dsn string) func() {
	waiting, release := pgtest.HoldCommits(t, dsn, "tickets")
	return func() {
		waiting()
		ts.stop()
		release()
		ts.open()
	}
}

// cutDuringCommit holds the import's COMMIT and ends its database connection while it waits.
func cutDuringCommit(t *testing.T, ts *testServer, dsn string) func() {
	waiting, _ := pgtest.HoldCommits(t, dsn, "tickets")
	return func() {
		waiting()
		if n := pgtest.CutHeldCommits(t, dsn); n != 1 {
			t.Fatalf("%d COMMITs cut off, want the import's one", n)
		}
	}
}

// stopBeforeCommit holds the import before it begins; the server stops meanwhile and starts
// again.
func stopBeforeCommit(t *testing.T, ts *testServer, dsn string) func() {
	ts.srv.importFiles.hold = make(chan struct{}) // let go by the stop only
	return func() {
		ts.stop()
		ts.open()
	}
}

// stopAfterCommit holds the import after its commit, before the engine catches up on it, until
// the stop ends the import's context; the server starts again.
func stopAfterCommit(t *testing.T, ts *testServer, dsn string) func() {
	committed := make(chan struct{})
	ts.app.ImportCommitted = func(ctx context.Context) {
		close(committed)
		<-ctx.Done()
	}
	return func() {
		<-committed
		ts.stop()
		ts.open()
	}
}
