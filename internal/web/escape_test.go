package web

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// hostile is text a customer or an imported file sets, one value a field, each written to run
// script if a page let it through as markup: in an element's text, out of an attribute's
// quotes, out of the chart data's <script> element, or as a link. A page shows it escaped.
var hostile = map[string]string{
	"team":     `<script>alert("team")</script>`,
	"agent":    `"><img src=x onerror=alert('agent')>`,
	"channel":  `' onmouseover='alert("channel")`,
	"category": `</script><svg onload=alert("category")>`,
	"segment":  `<iframe src=javascript:alert("segment")>`,
	"name":     `<b onclick=alert("name")>Zoë</b>`,
	"comment":  "<script>alert(\"comment\")</script>\r\nregel twee",
	"source":   `<svg onload=alert("source")>`,
	"text":     `<img src=x onerror=alert("mention")>`,
	"author":   `<b onclick=alert("author")>@klant</b>`, // stored, shown on no page yet
	"wall":     `<script>alert("wall")</script>`,
	"id":       `C2"><svg onload=alert("id")>/../?x=1#`,
}

// unescaped finds a hostile value let through as markup.
var unescaped = regexp.MustCompile(`<script>alert|<img src=x|<svg onload|<iframe|<b onclick|` +
	`onmouseover='alert|href="javascript:`)

// TestHostileTextEscapedOnEveryPage: names, comments and mentions from the data, each written
// to run script, show escaped on every page and partial that shows them — the dashboards, the
// drill lists, the customer's and the ticket's page, the feedback, the wall screen, the tokens
// and the audit trail — and the chart data in a page is JSON that decodes to the names as they
// were written.
func TestHostileTextEscapedOnEveryPage(t *testing.T) {
	ts := startServer(t, func(o *Options) {
		o.Now = func() time.Time { return time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC) }
	})
	h := func(field string) string { b, _ := json.Marshal(hostile[field]); return string(b) }
	w := ts.withToken("adminWrite")
	for _, c := range []struct{ path, body string }{
		{"/api/v1/customers", `[{"customer_id":"C1","acquired_at":"2025-01-01 10:00","segment":` + h("segment") + `,"name":` + h("name") + `},
			{"customer_id":` + h("id") + `,"acquired_at":"2025-01-01 10:00"}]`},
		{"/api/v1/tickets", `[{"ticket_id":"T1","created_at":"2026-03-02 10:00","customer_id":"C1","agent":` + h("agent") + `,"team":` + h("team") +
			`,"channel":` + h("channel") + `,"category":` + h("category") + `,"first_reply_at":"2026-03-02 11:00","solved_at":"2026-03-03 10:00"},
			{"ticket_id":"T2","created_at":"2026-03-10 10:00","customer_id":` + h("id") + `,"agent":` + h("agent") + `,"team":` + h("team") + `,"channel":` + h("channel") +
			`,"category":` + h("category") + `}]`},
		{"/api/v1/responses", `[{"response_id":"R1","survey":"csat","score":1,"submitted_at":"2026-03-04 10:00","ticket_id":"T1","comment":` + h("comment") + `},
			{"response_id":"R2","survey":"nps","score":3,"submitted_at":"2026-03-12 10:00","customer_id":"C1","comment":` + h("comment") + `}]`},
		{"/api/v1/mentions", `[{"mention_id":"M1","source":` + h("source") + `,"at":"2026-03-05 10:00","text":` + h("text") + `,"author":` + h("author") + `}]`},
	} {
		if res := w.postJSON(c.path, c.body); res.status != http.StatusOK {
			t.Fatalf("%s: %d %s", c.path, res.status, res.body)
		}
	}
	admin := ts.login("admin@example.com")
	res := admin.form("POST", "/tokens/walls?lang=nl", url.Values{"name": {hostile["wall"]}, "pages": {"overview", "service", "team", "why"}})
	secret := regexp.MustCompile(`/tv/connect#([A-Za-z0-9_-]{20,})`).FindStringSubmatch(res.body)
	if secret == nil {
		t.Fatalf("no wall link: %d %s", res.status, res.body)
	}
	screen := ts.anonymous()
	if res := screen.form("POST", "/tv/connect", url.Values{"secret": {secret[1]}}); res.status != http.StatusSeeOther {
		t.Fatalf("connecting the wall: %d", res.status)
	}
	const period = "period=custom&from=2026-03-01&to=2026-04-01"
	pages := map[string]*client{}
	for _, p := range []string{"/?", "/service?", "/backlog?", "/team?", "/why?", "/why/examples?theme=other&", "/customers?", "/risico?",
		"/customers/C1?", "/customers/" + url.PathEscape(hostile["id"]) + "?", "/tickets/T1?", "/tickets/T2?", "/feedback?kind=all&", "/followups?all=1&",
		"/drill?metric=tickets&", "/drill?metric=csat&", "/drill?metric=first_response&",
		"/tokens?", "/audit?"} {
		pages[p+period] = admin
	}
	for _, key := range []string{"overview", "service", "team", "why"} {
		pages["/tv/slide/"+key+"?"+period] = screen
		pages["/tv?show="+key+"&"+period] = screen
	}
	chartData := regexp.MustCompile(`(?s)<script type="application/json" class="chart-data">(.*?)</script>`)
	shown := map[string]bool{}
	for path, c := range pages {
		for _, lang := range []string{"nl", "en"} {
			res := c.get(path + "&lang=" + lang)
			if res.status != http.StatusOK {
				t.Errorf("%s: %d", path, res.status)
				continue
			}
			// The chart data is JSON, not markup: checked below; app.js puts its labels in as text.
			if m := unescaped.FindString(chartData.ReplaceAllString(res.body, "")); m != "" {
				t.Errorf("%s (%s) lets %q through as markup", path, lang, m)
			}
			for _, d := range chartData.FindAllStringSubmatch(res.body, -1) {
				var v any
				if err := json.Unmarshal([]byte(d[1]), &v); err != nil {
					t.Errorf("%s: chart data is no JSON (%v): %s", path, err, d[1])
				}
				for field, value := range hostile {
					if strings.Contains(d[1], value) {
						t.Errorf("%s: the %s stands in the chart data unescaped", path, field)
					}
				}
				if raw, _ := json.Marshal(v); strings.Contains(string(raw), `alert(\"team\")`) {
					shown["team in a chart"] = true
				}
			}
			for field := range hostile {
				if strings.Contains(res.body, escapedHTML(hostile[field])) {
					shown[field] = true
				}
			}
			if strings.HasPrefix(path, "/audit") && strings.Contains(res.body, escapedHTML(hostile["wall"])) {
				shown["wall in the audit trail"] = true
			}
			if strings.HasPrefix(path, "/tv") && strings.Contains(res.body, escapedHTML(hostile["team"])) {
				shown["team on the wall"] = true
			}
		}
	}
	// The ticket's link to its customer leads to the customer whose id is the hostile one.
	ticket := admin.get("/tickets/T2?lang=nl").body
	link := regexp.MustCompile(`href="(/customers/C2[^"]*)"`).FindStringSubmatch(ticket)
	if link == nil {
		t.Fatalf("T2's page has no link to its customer:\n%s", ticket)
	}
	if res := admin.get(html.UnescapeString(link[1])); res.status != http.StatusOK || !strings.Contains(res.body, escapedHTML(hostile["id"])) {
		t.Errorf("the link %s: %d, or not the customer's page", link[1], res.status)
	}
	// The test proves something only if the values reached the pages.
	for _, field := range []string{"team", "agent", "channel", "category", "segment", "name", "source", "text", "wall", "team in a chart", "wall in the audit trail", "team on the wall", "id"} {
		if !shown[field] {
			t.Errorf("no page showed the %s: the test does not reach it", field)
		}
	}
}

// escapedHTML is s as html/template writes it in text or in an attribute.
func escapedHTML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}
