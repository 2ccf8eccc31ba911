package web

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"time"
)

// reasonsServer holds a March 2026 of contact reasons, counted by hand (office hours 9–17):
//
//	T1 Levering       email Mon 2 10:00, reply 11:00 (60 m), solved, 1 reply, transfers 0
//	T2 Levering       email Tue 3 09:00, reply 09:30 (30 m), solved, 3 replies, transfers 1
//	T3 levering       chat  Wed 4 10:00, reply 10:10 (10 m), solved, 1 reply, transfers 0
//	T4 Retour & ruil  chat  Thu 5 10:00, reply 12:00 (2 h), solved, 1 reply, transfers 2
//	T5 (none)         email Mon 9 10:00, not answered
//
// with CSAT 5 on T1, 2 on T2 and 4 on T4.
func reasonsServer(t *testing.T) *testServer {
	ts := startServer(t, func(o *Options) {
		o.Now = func() time.Time { return time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC) }
	})
	w := ts.withToken("adminWrite")
	for path, body := range map[string]string{
		"/api/v1/tickets": `[
{"ticket_id":"T1","created_at":"2026-03-02 10:00","category":"Levering","channel":"email","agent":"Anna","first_reply_at":"2026-03-02 11:00","solved_at":"2026-03-03 10:00","agent_replies":1,"reopens":0,"transfers":0},
{"ticket_id":"T2","created_at":"2026-03-03 09:00","category":"Levering","channel":"email","first_reply_at":"2026-03-03 09:30","solved_at":"2026-03-03 12:00","agent_replies":3,"reopens":0,"transfers":1},
{"ticket_id":"T3","created_at":"2026-03-04 10:00","category":"levering","channel":"chat","first_reply_at":"2026-03-04 10:10","solved_at":"2026-03-04 11:00","agent_replies":1,"reopens":0,"transfers":0},
{"ticket_id":"T4","created_at":"2026-03-05 10:00","category":"Retour & ruil","channel":"chat","first_reply_at":"2026-03-05 12:00","solved_at":"2026-03-06 10:00","agent_replies":1,"reopens":0,"transfers":2},
{"ticket_id":"T5","created_at":"2026-03-09 10:00","channel":"email"}]`,
		"/api/v1/responses": `[{"response_id":"R1","survey":"csat","score":5,"submitted_at":"2026-03-10 10:00","ticket_id":"T1","comment":"Snel"},
{"response_id":"R2","survey":"csat","score":2,"submitted_at":"2026-03-10 10:00","ticket_id":"T2","comment":"Traag"},
{"response_id":"R3","survey":"csat","score":4,"submitted_at":"2026-03-10 10:00","ticket_id":"T4"}]`,
	} {
		if res := w.postJSON(path, body); res.status != 200 {
			t.Fatalf("%s: %d %s", path, res.status, res.body)
		}
	}
	return ts
}

// reasonRows returns the contact reasons table of the service page: each row's cells as text.
func reasonRows(t *testing.T, page string) [][]string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<section aria-labelledby="h-reasons"[^>]*>(.*?)</section>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no contact reasons section")
	}
	var rows [][]string
	for _, tr := range regexp.MustCompile(`(?s)<tr>(.*?)</tr>`).FindAllStringSubmatch(m[1], -1) {
		var cells []string
		for _, c := range regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`).FindAllStringSubmatch(tr[1], -1) {
			text := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(c[1], " ")
			cells = append(cells, html.UnescapeString(strings.Join(strings.Fields(text), " ")))
		}
		rows = append(rows, cells)
	}
	return rows
}

// TestServiceContactReasons: one row per category, most tickets first (a tie in the order of
// every list of names, the category-less last), with volume, first response (business
// median), FCR, CSAT and transfer rate, each with its n and starred below 30; then the view's
// total. Numbers the Dutch way on the Dutch page.
func TestServiceContactReasons(t *testing.T) {
	ts := reasonsServer(t)
	admin := ts.login("admin@example.com")
	for _, tt := range []struct {
		lang   string
		header []string
		rows   [][]string
	}{
		{"nl", []string{"Categorie", "Nieuwe tickets", "Eerste reactie (mediaan, werkuren)", "Oplossing bij 1e contact",
			"Klanttevredenheid (CSAT)", "Doorgezet"}, [][]string{
			// FRT 10, 30, 60 m: median 30 m. FCR T1, T3 of 3; CSAT 5 of 5, 2; transfers T2 of 3.
			{"Levering", "3", "30 m n = 3", "66,7% * n = 3", "50,0% * n = 2", "33,3% * n = 3"},
			{"Retour & ruil", "1", "2 u 00 m n = 1", "100,0% * n = 1", "100,0% * n = 1", "100,0% * n = 1"},
			// T5: created, nothing measured; as many tickets as Retour & ruil, and the records
			// without a name come last in every list of names.
			{"(geen)", "1", "– n = 0", "– n = 0", "– n = 0", "– n = 0"},
			// All: FRT 10, 30, 60, 120 m: median 45 m; FCR 3 of 4; CSAT 2 of 3; transfers 2 of 4.
			{"Alle", "5", "45 m n = 4", "75,0% * n = 4", "66,7% * n = 3", "50,0% * n = 4"},
		}},
		{"en", []string{"Category", "New tickets", "First response (median, business hours)", "First contact resolution",
			"Satisfaction (CSAT)", "Transfer rate"}, [][]string{
			{"Levering", "3", "30 m n = 3", "66.7% * n = 3", "50.0% * n = 2", "33.3% * n = 3"},
			{"Retour & ruil", "1", "2 h 00 m n = 1", "100.0% * n = 1", "100.0% * n = 1", "100.0% * n = 1"},
			{"(none)", "1", "– n = 0", "– n = 0", "– n = 0", "– n = 0"},
			{"All", "5", "45 m n = 4", "75.0% * n = 4", "66.7% * n = 3", "50.0% * n = 4"},
		}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			res := admin.get("/service?period=month&lang=" + tt.lang)
			if res.status != 200 {
				t.Fatalf("service: %d", res.status)
			}
			got := reasonRows(t, res.body)
			want := append([][]string{tt.header}, tt.rows...)
			if len(got) != len(want) {
				t.Fatalf("rows %q, want %q", got, want)
			}
			for i := range want {
				if strings.Join(got[i], " | ") != strings.Join(want[i], " | ") {
					t.Errorf("row %d: %q, want %q", i, got[i], want[i])
				}
			}
			heading := map[string]string{"nl": ">Contactredenen</h2>", "en": ">Contact reasons</h2>"}[tt.lang]
			if !strings.Contains(res.body, heading) {
				t.Errorf("no heading %q", heading)
			}
			// The category is escaped in the page and in its link, which filters the view by it.
			if !strings.Contains(res.body, `href="/service?category=Retour&#43;%26&#43;ruil&amp;period=month"`) ||
				!strings.Contains(res.body, `>Retour &amp; ruil</a>`) {
				t.Error("no escaped link filtering by Retour & ruil")
			}
			if !strings.Contains(res.body, `<select name="category">`) {
				t.Error("the filter bar offers no category")
			}
		})
	}
}

// TestServiceFilteredByCategory: the category filter (as the row's link sets it, compared as
// names are) limits the page to that category's tickets, the other pages too.
func TestServiceFilteredByCategory(t *testing.T) {
	ts := reasonsServer(t)
	admin := ts.login("admin@example.com")
	res := admin.get("/service?period=month&lang=nl&category=LEVERING")
	if res.status != 200 {
		t.Fatalf("service: %d", res.status)
	}
	rows := reasonRows(t, res.body)
	if len(rows) != 3 || rows[1][0] != "Levering" || rows[2][0] != "Alle" || rows[2][1] != "3" || rows[2][5] != "33,3% * n = 3" {
		t.Errorf("filtered by levering: %q, want Levering and a total of its 3 tickets", rows)
	}
	if !regexp.MustCompile(`<option value="Levering" selected>`).MatchString(res.body) {
		t.Error("the filter does not show Levering chosen")
	}
	// The Feedback page reads the same filter from the store: R1 and R2, not R3 (Retour).
	fb := admin.get("/feedback?period=month&category=levering")
	if fb.status != 200 || !strings.Contains(fb.body, "Snel") || !strings.Contains(fb.body, "Traag") {
		t.Errorf("feedback by category: %d, want R1 and R2", fb.status)
	}
	if fb := admin.get("/feedback?period=month&category=Retour+%26+ruil"); fb.status != 200 || strings.Contains(fb.body, "Snel") {
		t.Errorf("feedback by Retour & ruil: %d, want no Levering comment", fb.status)
	}
}

// TestReportAPIByCategory: GET /api/v1/report?by=category is the report's JSON split by
// category; an agent may not split by it.
func TestReportAPIByCategory(t *testing.T) {
	ts := reasonsServer(t)
	res := ts.login("manager@example.com").get("/api/v1/report?from=2026-03-01&to=2026-04-01&by=CATEGORY")
	if res.status != 200 {
		t.Fatalf("by=category: %d %s", res.status, res.body)
	}
	var doc struct {
		By     string
		Groups []struct {
			Key     string
			Metrics struct {
				Tickets   struct{ Created int }
				Transfers *struct {
					Value       *float64
					N           int
					Transferred int
				}
				Churn *struct{}
			}
		}
	}
	res.json(t, &doc)
	if doc.By != "category" || len(doc.Groups) != 3 {
		t.Fatalf("by %q, %d groups; want category and \"\", Levering, Retour & ruil", doc.By, len(doc.Groups))
	}
	for i, want := range []struct {
		key               string
		created, n, moved int
	}{{"", 1, 0, 0}, {"Levering", 3, 3, 1}, {"Retour & ruil", 1, 1, 1}} {
		g := doc.Groups[i]
		if g.Key != want.key || g.Metrics.Tickets.Created != want.created || g.Metrics.Transfers == nil ||
			g.Metrics.Transfers.N != want.n || g.Metrics.Transfers.Transferred != want.moved || g.Metrics.Churn != nil {
			t.Errorf("group %d: %+v, want %+v and no churn", i, g, want)
		}
	}
	if v := doc.Groups[0].Metrics.Transfers.Value; v != nil {
		t.Errorf("no category: transfer rate %v, want null (T5 is not solved)", *v)
	}
	// GET /api/v1/why takes the category filter too and says it used it.
	why := ts.login("manager@example.com").get("/api/v1/why?from=2026-03-01&to=2026-04-01&category=levering")
	var whyDoc struct{ Filter map[string]string }
	if why.status != 200 {
		t.Errorf("why by category: %d %s", why.status, why.body)
	} else if why.json(t, &whyDoc); whyDoc.Filter["category"] != "levering" {
		t.Errorf("why filter %v, want category levering", whyDoc.Filter)
	}
	if res := ts.login("anna@example.com").get("/api/v1/report?from=2026-03-01&to=2026-04-01&by=category"); res.status != 403 {
		t.Errorf("an agent by category: %d, want 403", res.status)
	}
	if res := ts.login("manager@example.com").get("/api/v1/report?from=2026-03-01&to=2026-04-01&by=reason"); res.status != 422 ||
		!strings.Contains(res.body, "category") {
		t.Errorf("by=reason: %d %s, want 422 naming category", res.status, res.body)
	}
}
