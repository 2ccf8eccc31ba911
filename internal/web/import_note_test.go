package web

import (
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// A run that ended done with a note — imported, the figures follow when the server starts
// again — shows the note as a note, not in the red box of a failed run; a failed run and one
// not known to have imported keep the red box.
func TestImportRunNoteIsNoError(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	note := words["nl"]["import_said_figures_later"]
	for _, c := range []struct {
		status, text string
		red          bool
	}{
		{cx.ImportDone, note, false},
		{cx.ImportFailed, "regel 3: geen datum", true},
		{cx.ImportUnknown, "niet bekend of geïmporteerd", true},
	} {
		run, err := ts.app.RecordImport(t.Context(), cx.ImportRun{Started: time.Now().Add(-time.Minute), Actor: "admin@example.com",
			File: "tickets.csv", Source: "tickets", Rows: 2, Written: 2, Status: c.status, Error: c.text})
		if err != nil {
			t.Fatal(err)
		}
		res := admin.get(fmt.Sprintf("/imports/%d?lang=nl", run.ID))
		if res.status != http.StatusOK {
			t.Fatalf("%s: %d", c.status, res.status)
		}
		if !strings.Contains(res.body, html.EscapeString(c.text)) {
			t.Errorf("%s: the page does not show %q", c.status, c.text)
		}
		if red := strings.Contains(res.body, `class="error"`); red != c.red {
			t.Errorf("%s: red error box %v, want %v", c.status, red, c.red)
		}
		if note := strings.Contains(res.body, `<p class="note" id="run-note">`); note == c.red {
			t.Errorf("%s: shown as a note %v, want %v", c.status, note, !c.red)
		}
	}
}

// TestAbandonedImportSaidInReadersLanguage: a run a killed server left running is ended when
// the next serve starts (app.EndAbandonedImports), with no one's language to say it in: what it
// says comes in the language of whoever reads it. The start wrote English words into it, and a
// Dutch lead read "the server stopped during the import without finishing it" on a Dutch page.
func TestAbandonedImportSaidInReadersLanguage(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	for _, c := range []struct {
		status, said string
		nl, en       string
	}{
		{cx.ImportFailed, cx.ImportSaidAbandoned, "De server stopte tijdens de import zonder die af te maken",
			"The server stopped during the import without finishing it"},
		{cx.ImportUnknown, cx.ImportSaidAbandonedCommit, "tickets.csv: de server stopte terwijl de import werd vastgelegd",
			"tickets.csv: the server stopped during the import&#39;s commit"},
		{cx.ImportDone, cx.ImportSaidAbandonedCommitted, "Geïmporteerd. De server stopte voordat de cijfers ermee waren bijgewerkt",
			"Imported. The server stopped before the figures were brought up to date with it"},
	} {
		run, err := ts.app.RecordImport(t.Context(), cx.ImportRun{Started: time.Now().Add(-time.Minute), Actor: "admin@example.com",
			File: "tickets.csv", Source: "tickets", Status: c.status, Said: c.said})
		if err != nil {
			t.Fatal(err)
		}
		for lang, want := range map[string]string{"nl": c.nl, "en": c.en} {
			res := admin.get(fmt.Sprintf("/imports/%d?lang=%s", run.ID, lang))
			if res.status != http.StatusOK || !strings.Contains(res.body, want) {
				t.Errorf("%s in %s: %d, want the page to say %q", c.said, lang, res.status, want)
			}
		}
	}
}
