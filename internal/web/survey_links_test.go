package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// inbox is a webhook receiver on loopback that keeps every body it is sent.
type inbox struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []string
}

func startInbox(t *testing.T) *inbox {
	in := &inbox{}
	in.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		in.mu.Lock()
		in.bodies = append(in.bodies, string(b))
		in.mu.Unlock()
	}))
	t.Cleanup(in.Close)
	return in
}

func (in *inbox) received() []string {
	in.mu.Lock()
	defer in.mu.Unlock()
	return append([]string(nil), in.bodies...)
}

// invite sends one e-mail invitation of sv to customer and returns the mail's text.
func (ls *loopServer) invite(t *testing.T, sv *cx.Survey, customer string) string {
	t.Helper()
	w := ls.withToken("adminWrite")
	w.postJSON("/api/v1/customers", fmt.Sprintf(`{"customer_id":%q,"acquired_at":"2025-01-01 10:00","email":"%s@example.nl"}`, customer, strings.ToLower(customer)))
	if res := w.postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"customer_id":%q}`, sv.ID, customer)); res.status != 200 {
		t.Fatalf("invite: %d %s", res.status, res.body)
	}
	before := len(ls.smtp.Messages())
	if _, err := ls.surveys.SendQueued(context.Background(), 10); err != nil {
		t.Fatal(err)
	}
	return ls.smtp.Wait(t, before+1, 5*time.Second)[before].TextBody
}

// answerLinks are the one-click links of a mail, by score.
func answerLinks(t *testing.T, ls *loopServer, mail string) map[int]string {
	t.Helper()
	links := map[int]string{}
	for _, m := range regexp.MustCompile(`(?m)^(\d+): (http\S+/a/\S+)$`).FindAllStringSubmatch(mail, -1) {
		var score int
		fmt.Sscan(m[1], &score)
		links[score] = strings.TrimPrefix(m[2], ls.url)
	}
	return links
}

// TestSurveyLinkTokensStayOutOfTheLog: a survey link's token answers, opens or unsubscribes for
// one customer, so the request log writes its path with the token replaced ("/a/…"), for the
// links of an invitation and a path of no route alike.
func TestSurveyLinkTokensStayOutOfTheLog(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyNPS)
	mail := ls.invite(t, sv, "C1")
	links := regexp.MustCompile(`http\S+/([asu])/([^\s/]+)`).FindAllStringSubmatch(mail, -1)
	if len(links) != 13 {
		t.Fatalf("%d links in the invitation, want 13 (11 scores, the page, unsubscribing)", len(links))
	}
	visitor := ls.anonymous()
	for _, l := range links {
		visitor.get(strings.TrimPrefix(l[0], ls.url))
	}
	visitor.form("POST", "/s/"+links[11][2]+"/opened", nil)
	visitor.get("/a/" + links[0][2] + "/no/route")
	logs := ls.logs.String()
	for _, l := range links {
		if strings.Contains(logs, l[2]) {
			t.Fatalf("the log holds the token of %s", l[0])
		}
	}
	for _, want := range []string{`"path":"/a/…"`, `"path":"/s/…"`, `"path":"/u/…"`, `"path":"/s/…/opened"`, `"path":"/a/…/no/route"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %s", want)
		}
	}
}

// TestScannerFetchingEveryLinkAnswersNothing is what a mail scanner does: it fetches every link
// of an invitation. Before the fix the 11 GETs made 11 answers and 7 detractor alerts.
func TestScannerFetchingEveryLinkAnswersNothing(t *testing.T) {
	ls := startLoopServer(t)
	hooks := startInbox(t)
	ctx := context.Background()
	if err := ls.app.CreateAlertRule(ctx, &cx.AlertRule{Name: "Criticaster", Condition: cx.AlertNPSDetractor,
		Webhook: hooks.URL, Active: true}); err != nil {
		t.Fatal(err)
	}
	sv := ls.survey(t, cx.SurveyNPS)
	mail := ls.invite(t, sv, "C1")
	links := answerLinks(t, ls, mail)
	if len(links) != 11 {
		t.Fatalf("%d score links, want 11 (NPS 0..10)", len(links))
	}
	scanner := ls.anonymous()
	// The scanner fetches the other links of the mail as well: the survey page, unsubscribing.
	others := regexp.MustCompile(`http\S+/[su]/\S+`).FindAllString(mail, -1)
	if len(others) != 2 {
		t.Fatalf("links to the page and to unsubscribe: %q", others)
	}
	for _, link := range others {
		if res := scanner.get(strings.TrimPrefix(link, ls.url)); res.status != 200 {
			t.Fatalf("GET %s: %d", link, res.status)
		}
	}
	for score, link := range links {
		res := scanner.get(link)
		// The page shows the score of the link chosen, and a form that sends it when its
		// button is clicked; no script, which a rendering scanner would run.
		if res.status != 200 || !strings.Contains(res.body, fmt.Sprintf(`value="%d" checked`, score)) ||
			!strings.Contains(res.body, `action="`+link+`"`) || strings.Contains(res.body, `<script`) {
			t.Fatalf("GET %d: %d\n%s", score, res.status, res.body)
		}
	}
	ls.deliver(t)
	read := ls.withToken("adminRead")
	if n := read.reportFigure("nps.n"); n != 0 {
		t.Errorf("after 11 GETs: %v answers, want 0", n)
	}
	if alerts, _ := ls.app.ListAlerts(ctx, 0); len(alerts) != 0 || len(hooks.received()) != 0 {
		t.Errorf("after 11 GETs: %d alerts, %d webhook calls; want none", len(alerts), len(hooks.received()))
	}
	// Not even "opened": a scanner is no reader (sent 1, opened 0, answered 0).
	admin := ls.login("admin@example.com")
	if page := admin.get("/surveys?period=month").body; !strings.Contains(page, "<td>e-mail</td><td>1</td><td>0</td><td>0</td>") {
		t.Errorf("response rates after the scanner:\n%s", page[strings.Index(page, "h-rates"):][:600])
	}

	// The hosted page's script says a person used it: opened, not answered.
	customer := ls.anonymous()
	page := strings.TrimPrefix(regexp.MustCompile(`http\S+/s/\S+`).FindString(mail), ls.url)
	if res := customer.form("POST", page+"/opened", nil); res.status != 204 {
		t.Errorf("opened: %d %s", res.status, res.body)
	}
	if page := admin.get("/surveys?period=month").body; !strings.Contains(page, "<td>e-mail</td><td>1</td><td>1</td><td>0</td>") {
		t.Errorf("response rates after opening:\n%s", page[strings.Index(page, "h-rates"):][:600])
	}

	// The customer's browser posts the form: one answer, one alert.
	res := customer.form("POST", links[3], url.Values{"score": {"3"}})
	if res.status != 200 || !strings.Contains(res.body, "Wat ging er mis?") {
		t.Fatalf("POST score 3: %d %s", res.status, res.body)
	}
	ls.deliver(t)
	if n, d := read.reportFigure("nps.n"), read.reportFigure("nps.detractors"); n != 1 || d != 1 {
		t.Errorf("after one POST: n %v detractors %v, want 1 and 1", n, d)
	}
	if got := hooks.received(); len(got) != 1 || !strings.Contains(got[0], "NPS 3") {
		t.Errorf("webhook after one POST: %q", got)
	}
	// A changed answer in the same second (the clock stands still) is the one that counts; so
	// is changing it back. Without script the button posts the link's own score.
	for _, step := range []struct {
		link          string
		form          url.Values
		promoters, nd float64
	}{{links[9], nil, 1, 0}, {links[3], url.Values{"score": {"3"}}, 0, 1}} {
		if res := customer.form("POST", step.link, step.form); res.status != 200 {
			t.Fatalf("POST: %d %s", res.status, res.body)
		}
		if n, p, d := read.reportFigure("nps.n"), read.reportFigure("nps.promoters"), read.reportFigure("nps.detractors"); n != 1 || p != step.promoters || d != step.nd {
			t.Errorf("after changing the answer: n %v promoters %v detractors %v, want 1, %v, %v", n, p, d, step.promoters, step.nd)
		}
	}
	// The follow-up comment still reaches the answer.
	token := regexp.MustCompile(`action="/s/([^"]+)"`).FindStringSubmatch(res.body)[1]
	resp := regexp.MustCompile(`name="response" value="([^"]+)"`).FindStringSubmatch(res.body)[1]
	if res := customer.form("POST", "/s/"+token, url.Values{"response": {resp}, "comment": {"Te lang gewacht"}}); res.status != 200 {
		t.Errorf("comment: %d %s", res.status, res.body)
	}
	if rec, err := ls.app.Record(ctx, cx.KindResponses, resp); err != nil || rec.(*cx.Response).Comment != "Te lang gewacht" {
		t.Errorf("the comment is not on the answer: %v %+v", err, rec)
	}
	// A score outside the scale, or twice, is refused and records nothing new.
	for _, bad := range []url.Values{{"score": {"11"}}, {"score": {"1", "2"}}, {"score": {"x"}}} {
		if res := customer.form("POST", links[3], bad); res.status != 422 {
			t.Errorf("POST %v: %d, want 422", bad, res.status)
		}
	}
}

// TestInvitationOneClickUnsubscribe: the invitation's List-Unsubscribe comes with
// List-Unsubscribe-Post (RFC 8058), and the mail program's POST of the link, without a cookie
// or a form of ours, from another site, unsubscribes the address. Before the fix the second header was missing,
// so a mail program's unsubscribe did a GET, which only shows a button.
func TestInvitationOneClickUnsubscribe(t *testing.T) {
	ls := startLoopServer(t)
	ls.invite(t, ls.survey(t, cx.SurveyNPS), "C1")
	m := ls.smtp.Messages()[0]
	if got := m.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Fatalf("List-Unsubscribe-Post %q, want List-Unsubscribe=One-Click", got)
	}
	link := strings.Trim(m.Header.Get("List-Unsubscribe"), "<>")
	if !strings.HasPrefix(link, ls.url+"/u/") {
		t.Fatalf("List-Unsubscribe %q, want a link to /u/", link)
	}
	// From wherever the mail program runs: a webmail's page is another site.
	res := ls.anonymous().do("POST", strings.TrimPrefix(link, ls.url), "application/x-www-form-urlencoded",
		strings.NewReader("List-Unsubscribe=One-Click"), "Origin", "https://mail.example.org", "Sec-Fetch-Site", "cross-site")
	if res.status != 200 {
		t.Fatalf("the mail program's POST: %d %s", res.status, res.body)
	}
	if gone, err := ls.app.Unsubscribed(context.Background(), "c1@example.nl"); err != nil || !gone {
		t.Errorf("unsubscribed %v (%v) after the one-click POST, want true", gone, err)
	}
}

// TestUnsubscribePageInInvitationLanguage: the unsubscribe page (/u/{token}) of a Dutch invitation
// is Dutch when the customer's browser prefers another language: the link names the
// invitation's language.
func TestUnsubscribePageInInvitationLanguage(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyNPS)
	res := ls.withToken("adminWrite").postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"email":"klant@example.nl","lang":"nl"}`, sv.ID))
	var out struct{ Invitations []struct{ Status string } }
	json.Unmarshal([]byte(res.body), &out)
	if len(out.Invitations) != 1 {
		t.Fatalf("invite: %d %s", res.status, res.body)
	}
	ls.surveys.SendQueued(context.Background(), 10)
	msg := ls.smtp.Wait(t, 1, 5*time.Second)[0]
	if !strings.Contains(msg.TextBody, "Geen enquêtes meer ontvangen") {
		t.Fatalf("not a Dutch invitation:\n%s", msg.TextBody)
	}
	u := regexp.MustCompile(`/u/[A-Za-z0-9_.-]+`).FindString(msg.TextBody)
	c := ls.anonymous()
	page := c.do("GET", u, "", nil, "Accept-Language", "de-DE,de;q=0.9").body
	if !strings.Contains(page, `lang="nl"`) || !strings.Contains(page, "Afmelden") {
		t.Errorf("the unsubscribe page of a Dutch invitation is not Dutch:\n%s", page)
	}
}

// TestAnswerFromBrowserWithoutFetchMetadata: a browser without Sec-Fetch-Site (Safari before
// 16.4 — every iPhone left on iOS 15 — Firefox before 90) is judged by the Origin of the page's
// own form POST, and by the Fetch standard ("append a request Origin header") that Origin
// follows the page's Referrer-Policy: `null` under no-referrer, the page's origin under
// same-origin. The pages were served with no-referrer, so the cross-origin protection refused
// the customer's score on the hosted page and the one-click page's button ("Geen toegang").
// A form from another site is still refused.
func TestAnswerFromBrowserWithoutFetchMetadata(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyCSAT)
	c := ls.anonymous()
	page := ls.webLink(t, sv, `,"customer_id":"C9","email":"c9@example.nl"`)
	one := answerLinks(t, ls, ls.invite(t, sv, "C2"))[5]
	for _, path := range []string{page, one} {
		policy := c.get(path).header.Get("Referrer-Policy")
		// What the old browser sends as Origin for a same-origin form under the page's policy.
		origin, keepsToken := map[string]string{"no-referrer": "null", "same-origin": ls.url}[policy]
		if !keepsToken {
			t.Fatalf("%s: Referrer-Policy %q, want one that sends the link's token to no other site", path[:3], policy)
		}
		if res := c.form("POST", path, url.Values{"score": {"4"}}, "Origin", "https://shop.example.org"); res.status != 403 {
			t.Errorf("%s: a form from another site (old browser): %d, want 403", path[:3], res.status)
		}
		if res := c.form("POST", path, url.Values{"score": {"5"}}, "Origin", origin); res.status != 200 {
			t.Errorf("%s: the page's own form, Referrer-Policy %s, Origin %s (old browser): %d, want 200", path[:3], policy, origin, res.status)
		}
	}
	if n := ls.withToken("adminRead").reportFigure("csat.n"); n != 2 {
		t.Errorf("csat n = %v, want the 2 answers the customers sent", n)
	}
}
