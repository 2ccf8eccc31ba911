package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
)

// TestImportMappingInChromium drives headless Chromium through the column form as an admin, in
// Dutch: upload an export no preset knows (helpdeskCSV), map its columns one by one and see the
// preview follow, save the mapping by name, and see a second file with the same header
// recognised by it; screenshots of each step and an accessibility check of each page.
func TestImportMappingInChromium(t *testing.T) {
	b := browsertest.New(t)
	ts := startServer(t)
	tab := b.Tab(t)
	console := browsertest.ConsoleErrors(t, tab)
	text := func(css string) string { return browsertest.Value(t, tab, chromedp.Text(chromedp.CSS(css))) }
	dir := t.TempDir()
	first, second := filepath.Join(dir, "helpdesk-maart.csv"), filepath.Join(dir, "helpdesk-april.csv")
	if err := os.WriteFile(first, []byte(helpdeskCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	april := "Ticketnummer;Aangemaakt op;Kanaal;Prioriteit\nT-7;2-4-2026 10:00;Chat;Hoog\n"
	if err := os.WriteFile(second, []byte(april), 0o600); err != nil {
		t.Fatal(err)
	}
	upload := func(t *testing.T, file string) {
		browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/import?lang=nl"), chromedp.WaitVisible(chromedp.CSS("form#upload")),
			chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}))
		browsertest.Submit(t, tab, chromedp.Click(chromedp.CSS("form#upload button[type=submit]")))
		browsertest.Run(t, tab, chromedp.WaitVisible(chromedp.CSS("h2#h-source")))
	}
	loginInChromium(t, tab, ts, "admin@example.com")
	upload(t, first)

	t.Run("an unknown file is mapped column by column", func(t *testing.T) {
		if got := text("main"); !strings.Contains(got, "klantpuls herkent dit bestand niet") {
			t.Errorf("the page of an unknown file: %q", got)
		}
		browsertest.Submit(t, tab, chromedp.Click(chromedp.CSS("#map-columns")))
		browsertest.Run(t, tab, chromedp.WaitVisible(chromedp.CSS("form#columns")))
		if got := text("#columns-missing"); !strings.Contains(got, "ticket_id, created_at") {
			t.Errorf("the required fields not mapped: %q", got)
		}
		browsertest.Screenshot(t, tab, "import-columns")
		browsertest.Accessible(t, tab, "/import/{id}?source=columns")

		browsertest.Run(t, tab,
			chromedp.SetValue(chromedp.CSS("#col-ticket_id"), "Ticketnummer"),
			chromedp.SetValue(chromedp.CSS("#col-created_at"), "Aangemaakt op"))
		// Submit waits for the new page to load: reading or setting while the browser swaps
		// documents fails ("No node with given id found"), as it did in a CI run.
		browsertest.Submit(t, tab, chromedp.Click(chromedp.CSS("form#columns button[type=submit]")))
		browsertest.Run(t, tab,
			chromedp.WaitReady(chromedp.CSS(`#col-ticket_id option[value="Ticketnummer"][selected]`)),
			chromedp.WaitVisible(chromedp.CSS("table.preview")))
		if got := text("table.preview thead"); strings.Contains(got, "channel") || !strings.Contains(got, "created_at") {
			t.Errorf("preview columns %q; want ticket_id and created_at only", got)
		}
		// Kanaal mapped too: the preview gains the channel, as klantpuls reads it.
		browsertest.Run(t, tab,
			chromedp.SetValue(chromedp.CSS("#col-channel"), "Kanaal"),
			chromedp.SendKeys(chromedp.CSS("#time-format"), "D-M-YYYY H:mm"))
		browsertest.Submit(t, tab, chromedp.Click(chromedp.CSS("form#columns button[type=submit]")))
		browsertest.Run(t, tab, chromedp.WaitReady(chromedp.CSS(`#col-channel option[value="Kanaal"][selected]`)))
		if got := text("table.preview tbody tr"); !strings.Contains(got, "T-1") || !strings.Contains(got, "2026-03-13 14:05:00 +0100") ||
			!strings.Contains(got, "E-mail") {
			t.Errorf("first previewed ticket %q; want T-1 at 14:05 in Amsterdam by E-mail", got)
		}
		if got := text("#dry-run"); !strings.Contains(got, "3 rijen gelezen") || !strings.Contains(got, "tickets: 3") {
			t.Errorf("dry run %q", got)
		}
		browsertest.Screenshot(t, tab, "import-columns-preview")
		browsertest.Accessible(t, tab, "/import/{id}?source=columns&…")
	})

	t.Run("the mapping is saved by name", func(t *testing.T) {
		browsertest.Run(t, tab, chromedp.SendKeys(chromedp.CSS("#mapping-name"), "helpdesk-tickets"))
		browsertest.Submit(t, tab, chromedp.Click(chromedp.CSS("form#save-mapping button[type=submit]")))
		browsertest.Run(t, tab,
			chromedp.WaitReady(chromedp.CSS(`#source option[value="mapping:helpdesk-tickets"][selected]`)),
			chromedp.WaitVisible(chromedp.CSS("table.preview")))
		if got := text("table.preview tbody tr"); !strings.Contains(got, "E-mail") {
			t.Errorf("the file read by the saved mapping: %q", got)
		}
		browsertest.Screenshot(t, tab, "import-mapping-saved")
	})

	t.Run("a second file with the same header is recognised by it", func(t *testing.T) {
		upload(t, second)
		browsertest.Run(t, tab, chromedp.WaitVisible(chromedp.CSS("table.preview")))
		if got := browsertest.Value(t, tab, chromedp.Evaluate[string](`document.querySelector('#source').selectedOptions[0].textContent`)); got != "Bewaarde koppeling: helpdesk-tickets" {
			t.Errorf("source %q, want the saved mapping recognised", got)
		}
		if got := text("main"); !strings.Contains(got, "Herkend aan de kolommen") || !strings.Contains(got, "T-7") {
			t.Errorf("the page of the second file: %q", got)
		}
		browsertest.Screenshot(t, tab, "import-mapping-recognised")
		browsertest.Accessible(t, tab, "/import/{id} (a saved mapping)")
		browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/mappings"), chromedp.WaitVisible(chromedp.CSS("table#mappings")))
		if got := text("table#mappings tbody"); !strings.Contains(got, "helpdesk-tickets") || !strings.Contains(got, "admin@example.com") {
			t.Errorf("saved mappings %q", got)
		}
		browsertest.Screenshot(t, tab, "import-mappings")
		browsertest.Accessible(t, tab, "/mappings")
	})
	if errs := console.Errors(t); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// loginInChromium logs email in through the login form, in Dutch (headless Chromium asks for
// English; ?lang=nl chooses Dutch and a cookie keeps it), with reduced motion.
func loginInChromium(t *testing.T, tab context.Context, ts *testServer, email string) {
	t.Helper()
	browsertest.Run(t, tab, browsertest.ReducedMotion(),
		chromedp.Navigate(ts.url+"/login?lang=nl"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword))
	browsertest.Submit(t, tab, chromedp.Submit(chromedp.CSS("#password")))
	browsertest.Run(t, tab, chromedp.WaitVisible(chromedp.CSS("main#main h1")))
}
