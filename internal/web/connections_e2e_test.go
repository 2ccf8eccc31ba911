package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
)

// TestConnectionsInChromium drives headless Chromium through the Live koppelingen page as an
// admin, in Dutch: make a connection of klantpuls's own format that may write answers, read its
// URL and its secret (shown once), deliver three answers signed with that secret over HTTP as a
// tool would, and see the delivery counted on the page; screenshots and an accessibility check
// of both pages.
func TestConnectionsInChromium(t *testing.T) {
	b := browsertest.New(t)
	ts := startServer(t)
	tab := b.Tab(t)
	console := browsertest.ConsoleErrors(t, tab)
	text := func(css string) string { return browsertest.Value(t, tab, chromedp.Text(chromedp.CSS(css))) }
	loginInChromium(t, tab, ts, "admin@example.com")
	browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/connections?lang=nl"), chromedp.WaitVisible(chromedp.CSS("#cname")))
	if got := text("main h1"); got != "Live koppelingen" {
		t.Errorf("the page's title %q, want Live koppelingen", got)
	}
	browsertest.Screenshot(t, tab, "connections-empty")
	browsertest.Accessible(t, tab, "/connections")

	browsertest.Run(t, tab,
		chromedp.SetValue(chromedp.CSS("#csource"), "klantpuls"),
		chromedp.SendKeys(chromedp.CSS("#cname"), "Enquêtetool"),
		chromedp.Click(chromedp.CSS(`input[name=kinds][value=responses]`)))
	browsertest.Submit(t, tab, chromedp.Click(chromedp.CSS(`form[action="/connections"] button[type=submit]`)))
	browsertest.Run(t, tab, chromedp.WaitVisible(chromedp.CSS("#made-secret")))
	secret, path := text("#made-secret"), text("#made-url")
	if !strings.HasPrefix(secret, "kpwh_") || !strings.Contains(path, "/hooks/klantpuls/") {
		t.Fatalf("made: url %q, secret %q", path, secret)
	}
	browsertest.Screenshot(t, tab, "connections-made")
	browsertest.Accessible(t, tab, "/connections (made)")

	// The URL shown is whole (the server's address); the tool posts to it.
	tool := ts.anonymous()
	if res := tool.deliver(path[strings.Index(path, "/hooks/"):], csatAnswers("e2e-1", "5", "4", "1"), secret); res.status != 200 {
		t.Fatalf("a delivery signed with the shown secret: %d %s", res.status, res.body)
	}
	browsertest.Run(t, tab, chromedp.Navigate(ts.url+"/connections"), chromedp.WaitVisible(chromedp.CSS("table#connections")))
	row := text("table#connections tbody tr")
	if !strings.Contains(row, "Enquêtetool") || !strings.Contains(row, "antwoorden") || strings.Contains(row, secret) {
		t.Errorf("the connection's row %q: want its name and kinds, never its secret", row)
	}
	if got := text("table#connections tbody tr td:nth-of-type(6)"); got != "1" {
		t.Errorf("deliveries %q, want 1", got)
	}
	if strings.Contains(text("main"), secret) {
		t.Error("the secret is shown again")
	}
	browsertest.Screenshot(t, tab, "connections-list")
	if errs := console.Errors(t); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
