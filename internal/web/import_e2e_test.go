package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
)

// TestImportInChromium drives headless Chromium through an import as an admin, in Dutch:
// upload a Zendesk export, see it recognised and previewed, run it, watch it finish on its
// page (which polls its status) and find it in the history; screenshots of each step
// (artifacts/screenshots) and an accessibility check of each page.
func TestImportInChromium(t *testing.T) {
	b := browsertest.New(t)
	ts := startServer(t)
	tab := b.Tab(t)
	console := browsertest.ConsoleErrors(t, tab)
	text := func(css string) string { return browsertest.Value(t, tab, chromedp.Text(chromedp.CSS(css))) }

	// The export of zendeskCSV and 2,000 more tickets. The run is held until its page has been
	// seen running, so a fast machine does not finish it first nor a slow one miss the deadline.
	hold := make(chan struct{})
	ts.srv.importFiles.hold = hold
	var export strings.Builder
	export.WriteString(zendeskCSV)
	for i := range 2000 {
		fmt.Fprintf(&export, "1,%d,Klant %d,%d,k%d@example.nl,Piet Jansen,Support,Vraag,Solved,Mail,Question,2026-03-%02d 10:00:00,2026-03-%02d 12:00:00,Good,0,1,30,120\n",
			5000+i, i, 390000+i, i, 1+i%28, 1+i%28)
	}
	file := filepath.Join(t.TempDir(), "zendesk-maart.csv")
	if err := os.WriteFile(file, []byte(export.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	loginInChromium(t, tab, ts, "admin@example.com")
	browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/import?lang=nl"),
		chromedp.WaitVisible(chromedp.CSS("form#upload")))
	if got := text(`nav.pages a[aria-current="page"]`); got != "Importeren" {
		t.Errorf("the menu's current page %q, want Importeren", got)
	}
	browsertest.Screenshot(t, tab, "import-upload")
	browsertest.Accessible(t, tab, "/import")

	t.Run("upload, preview and dry run", func(t *testing.T) {
		browsertest.Run(t, tab, chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}))
		browsertest.Submit(t, tab, chromedp.Click(chromedp.CSS("form#upload button[type=submit]")))
		browsertest.Run(t, tab, chromedp.WaitVisible(chromedp.CSS("table.preview")))
		if got := browsertest.Value(t, tab, chromedp.Evaluate[string](`document.querySelector('#source').selectedOptions[0].textContent`)); !strings.Contains(got, "Zendesk") {
			t.Errorf("source %q, want the Zendesk preset recognised", got)
		}
		if got := text("table.preview tbody tr td"); got != "4101" {
			t.Errorf("first previewed ticket %q, want 4101", got)
		}
		// 2,003 tickets and a CSAT answer for each Good rating (4101 and the 2,000 added).
		if got := text("#dry-run"); !strings.Contains(got, "2.003 rijen gelezen") || !strings.Contains(got, "responses: 2001") ||
			!strings.Contains(got, "Geen fouten gevonden") {
			t.Errorf("dry run %q", got)
		}
		browsertest.Screenshot(t, tab, "import-preview")
		browsertest.Accessible(t, tab, "/import/{id}")
	})

	t.Run("the import runs and finishes", func(t *testing.T) {
		browsertest.Submit(t, tab, chromedp.Click(chromedp.CSS("form#start button[type=submit]")))
		browsertest.Run(t, tab, chromedp.WaitVisible(chromedp.CSS("#run")))
		if got := browsertest.Value(t, tab, chromedp.Evaluate[string](`document.querySelector('#run').dataset.status`)); got != "running" {
			t.Errorf("run status %q while held, want running", got)
		}
		browsertest.Screenshot(t, tab, "import-running")
		close(hold)
		// The page polls the import's status, then loads itself again: wait in whole
		// evaluations, which a swap or a reload cannot split (browsertest.Until).
		browsertest.Until(t, tab, `document.querySelector('#run[data-status="done"] #run-written') !== null`)
		if got := browsertest.Value(t, tab, chromedp.Evaluate[string](`document.querySelector('#run-written').textContent`)); got != "4004" {
			t.Errorf("written %q, want 4004 (2,003 tickets and 2,001 answers)", got)
		}
		browsertest.Screenshot(t, tab, "import-done")
		browsertest.Accessible(t, tab, "/imports/{id}")
	})

	t.Run("history", func(t *testing.T) {
		browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/imports"), chromedp.WaitVisible(chromedp.CSS("table#history")))
		if got := text("table#history tbody tr"); !strings.Contains(got, "zendesk-maart.csv") || !strings.Contains(got, "admin@example.com") ||
			!strings.Contains(got, "Klaar") {
			t.Errorf("history row %q", got)
		}
		browsertest.Screenshot(t, tab, "import-history")
		browsertest.Accessible(t, tab, "/imports")
	})
	if errs := console.Errors(t); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
