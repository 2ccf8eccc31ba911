package walk

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
)

// login signs the administrator in through the login form.
func login(t *testing.T, tab context.Context, s *site) {
	t.Helper()
	browsertest.Run(t, tab, chromedp.Navigate(s.url+"/login?lang=nl"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "admin@example.com"),
		chromedp.SendKeys(chromedp.CSS("#password"), password))
	browsertest.Submit(t, tab, chromedp.Submit(chromedp.CSS("#password")))
}

// fillers returns how each page's pattern becomes a path the walk can open: its {id}, {name}
// and {kind} filled from the data. A page whose pattern has a parameter the walk does not
// know returns false: add a case here.
func fillers(t *testing.T, tab context.Context, s *site) func(pattern string) (string, bool) {
	upload, run := importPages(t, tab, s)
	known := map[string]string{
		"/customers/{id}": "/customers/C1",
		"/tickets/{id}":   "/tickets/T1", // branch links: a ticket of the data
		"/import/{id}":    upload,
		"/imports/{id}":   run,
	}
	return func(pattern string) (string, bool) {
		if !strings.Contains(pattern, "{") {
			return pattern + "?period=month", true
		}
		path, ok := known[pattern]
		if !ok {
			return "", false
		}
		return withQuery(path, "period=month"), true
	}
}

// importPages uploads a small Zendesk export in the browser and starts its import: the pages
// of an uploaded file and of an import run.
func importPages(t *testing.T, tab context.Context, s *site) (upload, run string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "zendesk-maart.csv")
	csv := "Summation column,Id,Requester,Requester id,Requester email,Assignee,Group,Subject,Status,Via,Ticket type,Created at,Solved at,Satisfaction Score,Reopens,Replies,First reply time in minutes,First resolution time in minutes\n" +
		"1,4101,Anna de Vries,381001,anna@example.nl,Piet Jansen,Support,Levering te laat,Solved,Mail,Question,2026-03-13 14:05:00,2026-03-13 16:40:00,Good,0,2,35,155\n" +
		"1,4102,Bram Smit,381002,bram@example.com,Piet Jansen,Support,Retour aanvragen,Closed,Web form,Incident,2026-03-13 15:30:00,2026-03-15 11:00:00,Offered,1,3,62,2610\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	path := func() string {
		return browsertest.Value(t, tab, chromedp.Evaluate[string](`location.pathname`))
	}
	send := func() string {
		browsertest.Run(t, tab, chromedp.Navigate(s.url+"/import"), chromedp.WaitVisible(chromedp.CSS("form#upload")),
			chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}))
		browsertest.Submit(t, tab, chromedp.Click(chromedp.CSS("form#upload button[type=submit]")))
		browsertest.Run(t, tab, chromedp.WaitVisible(chromedp.CSS("form#start")))
		return path()
	}
	// An upload's page is gone once its import starts: one upload to look at, one to run.
	upload = send()
	send()
	browsertest.Submit(t, tab, chromedp.Click(chromedp.CSS("form#start button[type=submit]")))
	browsertest.Run(t, tab, chromedp.WaitVisible(chromedp.CSS(`#run:not([data-status="running"])`)))
	run = path()
	if !strings.HasPrefix(upload, "/import/") || !strings.HasPrefix(run, "/imports/") {
		t.Fatalf("the import pages: %q and %q", upload, run)
	}
	return upload, run
}
