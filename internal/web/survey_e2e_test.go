package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klantpuls/klantpuls/internal/browsertest"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestSurveysInChromium answers surveys the three ways a customer can — a score link in the
// e-mail, the hosted page, and the widget on a page of another origin — in headless Chromium,
// then finds the answers on the dashboard and the alerts at a webhook.
func TestSurveysInChromium(t *testing.T) {
	needFrontEnd(t)
	b := browsertest.New(t)
	ls := startLoopServer(t)
	ls.now = time.Now() // the browser's own clock meets the server's cookies and links
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go ls.alerts.Run(ctx, ctx, time.Second, func(ctx context.Context, id string) (*cx.Response, error) {
		rec, err := ls.app.Record(ctx, cx.KindResponses, id)
		if err != nil {
			return nil, err
		}
		return rec.(*cx.Response), nil
	})

	// A webhook receiver for the detractor alerts.
	var mu sync.Mutex
	var alerts []string
	hookSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Text string }
		json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		alerts = append(alerts, body.Text)
		mu.Unlock()
	}))
	defer hookSrv.Close()
	acc := ls.app
	if err := acc.CreateAlertRule(ctx, &cx.AlertRule{Name: "Criticaster", Condition: cx.AlertNPSDetractor, Webhook: hookSrv.URL, Active: true}); err != nil {
		t.Fatal(err)
	}
	sv := ls.survey(t, cx.SurveyNPS)

	// The shop's page on another origin, with the widget's one script tag.
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="nl"><head><title>Fietsenwinkel</title></head><body><h1>Welkom</h1>
<script src="%s/widget.js" data-site="site_e2e" async></script></body></html>`, ls.url)
	}))
	defer shop.Close()
	if err := acc.CreateSite(ctx, &cx.Site{Key: "site_e2e", Name: "Webshop", SurveyID: sv.ID, Origins: []string{shop.URL}}); err != nil {
		t.Fatal(err)
	}

	// Two customers are invited by e-mail.
	w := ls.withToken("adminWrite")
	for _, c := range []string{"C1", "C2"} {
		w.postJSON("/api/v1/customers", fmt.Sprintf(`{"customer_id":%q,"acquired_at":"2025-01-01 10:00","email":"%s@example.nl"}`, c, strings.ToLower(c)))
		if res := w.postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"customer_id":%q}`, sv.ID, c)); res.status != 200 {
			t.Fatalf("invite: %d %s", res.status, res.body)
		}
	}
	if _, err := ls.surveys.SendQueued(ctx, 10); err != nil {
		t.Fatal(err)
	}
	mails := ls.smtp.Wait(t, 2, 5*time.Second)
	mailTo := map[string]string{}
	for _, m := range mails {
		mailTo[m.To[0]] = m.TextBody
	}
	tab := b.Tab(t)
	browsertest.Run(t, tab, browsertest.ReducedMotion())

	t.Run("the score link in the e-mail", func(t *testing.T) {
		link := regexp.MustCompile(`(?m)^3: (\S+)$`).FindStringSubmatch(mailTo["c1@example.nl"])
		if link == nil {
			t.Fatalf("no link for score 3:\n%s", mailTo["c1@example.nl"])
		}
		// The link's page records nothing by itself: it shows score 3 chosen, and the
		// customer's click on its button records it and lands on the follow-up question.
		console := browsertest.ConsoleErrors(t, tab)
		browsertest.Run(t, tab, chromedp.Navigate(link[1]), chromedp.WaitVisible(chromedp.CSS(`form.confirm button[type=submit]`)))
		if checked := browsertest.Value(t, tab, chromedp.Evaluate[string](`(document.querySelector('input[name=score]:checked') || {}).value || ''`)); checked != "3" {
			t.Errorf("the chosen score on the page: %q, want 3", checked)
		}
		browsertest.Run(t, tab, chromedp.Click(chromedp.CSS(`form.confirm button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS("#comment")))
		console.Check(t)
		if got := browsertest.Value(t, tab, chromedp.Evaluate[string](`location.pathname`)); !strings.HasPrefix(got, "/a/") {
			t.Errorf("the answer was not posted to its link: at %s", got)
		}
		browsertest.Run(t, tab, chromedp.SendKeys(chromedp.CSS("#comment"), "De levering duurde veel te lang"),
			chromedp.Click(chromedp.CSS("form button[type=submit]")),
			// The follow-up page has an h1.done too: the thanks page is the one without the form.
			chromedp.WaitNotPresent(chromedp.CSS("#comment")),
			chromedp.WaitVisible(chromedp.CSS("h1.done")), chromedp.WaitReady(chromedp.CSS("body")))
		browsertest.Screenshot(t, tab, "survey-email-answered")
	})

	t.Run("the score link without script", func(t *testing.T) {
		link := regexp.MustCompile(`(?m)^3: (\S+)$`).FindStringSubmatch(mailTo["c1@example.nl"])
		plain := b.Tab(t)
		browsertest.Run(t, plain, browsertest.Scripts(false), chromedp.Navigate(link[1]),
			chromedp.WaitVisible(chromedp.CSS(`form.confirm button[type=submit]`)))
		if checked := browsertest.Value(t, plain, chromedp.Evaluate[string](`(document.querySelector('input[name=score]:checked') || {}).value || ''`)); checked != "3" {
			t.Errorf("the chosen score on the page: %q, want 3", checked)
		}
		// axe needs script; the page's own did not run at load and does not run now.
		browsertest.Run(t, plain, browsertest.Scripts(true))
		browsertest.Accessible(t, plain, "/a/…")
		// One button sends it (the same score again: the same answer, replaced).
		browsertest.Run(t, plain, chromedp.Click(chromedp.CSS(`form.confirm button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS("#comment")))
	})

	t.Run("the hosted survey page", func(t *testing.T) {
		page := regexp.MustCompile(`(?m): (\S+/s/\S+)$`).FindStringSubmatch(mailTo["c2@example.nl"])
		if page == nil {
			t.Fatalf("no survey page link:\n%s", mailTo["c2@example.nl"])
		}
		browsertest.Run(t, tab, chromedp.Navigate(page[1]), chromedp.WaitVisible(chromedp.CSS(".scale button")))
		browsertest.Screenshot(t, tab, "survey-hosted-page")
		browsertest.Accessible(t, tab, "/s/…")
		browsertest.Run(t, tab, chromedp.Click(chromedp.CSS(`.scale button[value="9"]`)), chromedp.WaitVisible(chromedp.CSS("#comment")),
			chromedp.SendKeys(chromedp.CSS("#comment"), "Prima service"),
			chromedp.Click(chromedp.CSS("form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("h1.done")))
	})

	t.Run("the widget on the shop's page", func(t *testing.T) {
		shopTab := b.Tab(t)
		console := browsertest.ConsoleErrors(t, shopTab)
		panel := `document.querySelector('[data-klantpuls]') && document.querySelector('[data-klantpuls]').shadowRoot`
		browsertest.Run(t, shopTab, chromedp.Navigate(shop.URL),
			chromedp.Poll[chromedp.Void](panel+` && document.querySelector('[data-klantpuls]').shadowRoot.querySelector('button[data-score="2"]')`))
		browsertest.Screenshot(t, shopTab, "survey-widget")
		browsertest.Value(t, shopTab, chromedp.Evaluate[bool](`document.querySelector('[data-klantpuls]').shadowRoot.querySelector('button[data-score="2"]').click() || true`))
		browsertest.Run(t, shopTab, chromedp.Poll[chromedp.Void](`document.querySelector('[data-klantpuls]').shadowRoot.querySelector('textarea')`))
		// The server names the follow-up (2 is a detractor's) and the close button's label.
		asked := browsertest.Value(t, shopTab, chromedp.Evaluate[[]string](`(() => { const r = document.querySelector('[data-klantpuls]').shadowRoot;
			return [r.querySelector('label').textContent, r.querySelector('.close').getAttribute('aria-label')] })()`))
		if want := []string{"Wat ging er mis?", "Sluiten"}; strings.Join(asked, "|") != strings.Join(want, "|") {
			t.Errorf("the widget's follow-up and close label %q, want %q", asked, want)
		}
		browsertest.Value(t, shopTab, chromedp.Evaluate[bool](`(() => { const r = document.querySelector('[data-klantpuls]').shadowRoot;
			r.querySelector('textarea').value = 'Website is traag'; r.querySelector('form button').click(); return true })()`))
		browsertest.Run(t, shopTab, chromedp.Poll[chromedp.Void](`document.querySelector('[data-klantpuls]').shadowRoot.querySelector('.thanks')`))
		console.Check(t)
	})

	t.Run("the answers on the dashboard", func(t *testing.T) {
		admin := ls.login("admin@example.com")
		page := admin.get("/feedback?period=month").body
		for _, want := range []string{"De levering duurde veel te lang", "Prima service", "Website is traag"} {
			if !strings.Contains(page, want) {
				t.Errorf("the feedback page lacks %q", want)
			}
		}
		// NPS: C1 3 (detractor), C2 9 (promoter), the widget 2 (detractor, anonymous).
		from := time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
		to := time.Now().AddDate(0, 0, 2).Format(time.DateOnly)
		var doc struct {
			Groups []struct {
				Metrics struct {
					NPS struct{ Promoters, Detractors int }
				}
			}
		}
		ls.withToken("adminRead").get("/api/v1/report?from="+from+"&to="+to).json(t, &doc)
		if nps := doc.Groups[0].Metrics.NPS; nps.Promoters != 1 || nps.Detractors != 2 {
			t.Errorf("promoters %d detractors %d, want 1 and 2", nps.Promoters, nps.Detractors)
		}
		rates := admin.get("/surveys?period=month").body
		if !regexp.MustCompile(`<td>e-mail</td><td>2</td><td>2</td><td>2</td>`).MatchString(rates) ||
			!regexp.MustCompile(`<td>widget</td><td>–</td><td>–</td><td>1</td>`).MatchString(rates) { // showings not stored
			t.Errorf("response rates:\n%s", rates[strings.Index(rates, "h-rates"):][:800])
		}
	})

	t.Run("the alerts at the webhook", func(t *testing.T) {
		deadline := time.Now().Add(10 * time.Second)
		for {
			mu.Lock()
			n := len(alerts)
			mu.Unlock()
			if n >= 2 || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		mu.Lock()
		defer mu.Unlock()
		joined := strings.Join(alerts, "\n")
		if len(alerts) != 2 || !strings.Contains(joined, "NPS 3") || !strings.Contains(joined, "NPS 2") {
			t.Errorf("alerts: %q", alerts)
		}
	})
}

// TestRenderingScannerAnswersNothing is a link scanner that renders pages in a headless
// browser (which counts as visible and runs scripts) and clicks nothing: it opens the hosted
// page and two score links of an invitation. Before the fix each score link's script sent its
// form (two answers, a detractor) and the hosted page's script marked it opened. A person's
// first key press on the hosted page still tells that it was opened.
func TestRenderingScannerAnswersNothing(t *testing.T) {
	needFrontEnd(t)
	b := browsertest.New(t)
	ls := startLoopServer(t)
	ls.now = time.Now()
	sv := ls.survey(t, cx.SurveyNPS)
	mail := ls.invite(t, sv, "C1")
	links := answerLinks(t, ls, mail)
	page := regexp.MustCompile(`http\S+/s/\S+`).FindString(mail)
	tab := b.Tab(t)
	browsertest.Run(t, tab, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(".scale button")))
	for _, score := range []int{0, 3} {
		browsertest.Run(t, tab, chromedp.Navigate(ls.url+links[score]), chromedp.WaitReady(chromedp.CSS("body")))
		// A page that sends itself lands on the follow-up question within a moment; wait a
		// second for it, and find the page unchanged.
		ctx, cancel := context.WithTimeout(tab, 5*time.Second)
		err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`document.querySelector('#comment')`, chromedp.WithPollingTimeout(time.Second)))
		cancel()
		if err == nil {
			t.Errorf("the page of score link %d sent its answer without a click", score)
		}
	}
	from := time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	to := time.Now().AddDate(0, 0, 2).Format(time.DateOnly)
	var doc struct {
		Groups []struct{ Metrics struct{ NPS struct{ N int } } }
	}
	ls.withToken("adminRead").get("/api/v1/report?from="+from+"&to="+to).json(t, &doc)
	if n := doc.Groups[0].Metrics.NPS.N; n != 0 {
		t.Errorf("a scanner that clicked nothing recorded %d answers", n)
	}
	admin := ls.login("admin@example.com")
	if rates := admin.get("/surveys?period=month").body; !strings.Contains(rates, "<td>e-mail</td><td>1</td><td>0</td><td>0</td>") {
		t.Errorf("response rates after the scanner, want sent 1, opened 0:\n%s", rates[strings.Index(rates, "h-rates"):][:600])
	}

	browsertest.Run(t, tab, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(".scale button")), chromedp.KeyEvent("\t"))
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(admin.get("/surveys?period=month").body, "<td>e-mail</td><td>1</td><td>1</td><td>0</td>") {
		if time.Now().After(deadline) {
			t.Fatal("a key press on the hosted page did not mark it opened")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
