package web

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// ticketServer is the seeded March with messages on T1 (one of them a script, one a note stored
// after the agent's reply but written before it) and a ticket T 4/ä? with every field.
func ticketServer(t *testing.T) *testServer {
	ts := dashServer(t)
	w := ts.withToken("adminWrite")
	for path, body := range map[string]string{
		"/api/v1/messages": `[{"message_id":"M1","ticket_id":"T1","at":"2026-03-02 10:05","author":"customer","attrs":{"text":"<script>alert(1)</script> Waar blijft mijn pakket?"}},
			{"message_id":"M2","ticket_id":"T1","at":"2026-03-02 10:50","author":"agent","agent":"Anna","attrs":{"body":"Het is onderweg."}},
			{"message_id":"M0","ticket_id":"T1","at":"2026-03-02 10:30","author":"note"}]`,
		"/api/v1/tickets": `[{"ticket_id":"T 4/ä?","created_at":"2026-03-05 09:00","agent":"Anna","team":"Support","channel":"phone","category":"Levering",
			"complaint":true,"direction":"outbound","reopens":2,"transfers":1,"wait_seconds":90,"handle_seconds":3900}]`,
	} {
		if res := w.postJSON(path, body); res.status != 200 {
			t.Fatalf("%s: %d %s", path, res.status, res.body)
		}
	}
	return ts
}

// textOf is a page's text: tags removed, spaces collapsed.
func textOf(page string) string {
	text := regexp.MustCompile(`(?s)<script.*?</script>|<[^>]+>`).ReplaceAllString(page, " ")
	return strings.Join(strings.Fields(text), " ")
}

func TestTicketPage(t *testing.T) {
	ts := ticketServer(t)
	manager := ts.login("manager@example.com")
	res := manager.get("/tickets/T1?lang=nl")
	if res.status != 200 {
		t.Fatalf("T1: %d %s", res.status, res.body)
	}
	text := textOf(res.body)
	// The times as stored, in the account's time zone, the Dutch way: the ticket's own
	// first_reply_at (11:00; the engine derives its figures from the messages, 10:50).
	for _, want := range []string{"Aangemaakt 2 mrt 2026 10:00", "Eerste reactie 2 mrt 2026 11:00", "Opgelost 3 mrt 2026 10:00",
		"Kanaal e-mail", "Team Support", "Medewerker Anna", "Richting inkomend (klant begon)", "Klacht nee",
		"4 mrt 2026 10:00 CSAT 5"} {
		if !strings.Contains(text, want) {
			t.Errorf("T1 lacks %q:\n%s", want, text)
		}
	}
	// The messages in the order they were written, the script as text.
	i, j, k := strings.Index(text, "Waar blijft"), strings.Index(text, "interne notitie"), strings.Index(text, "Het is onderweg.")
	if i < 0 || j < i || k < j {
		t.Errorf("messages out of order (%d, %d, %d):\n%s", i, j, k, text)
	}
	if strings.Contains(res.body, "<script>alert(1)") || !strings.Contains(res.body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("a message's text is not escaped")
	}
	if !strings.Contains(res.body, `href="/customers/C1?period=month"`) { // in the view, as the menu's links
		t.Error("no link to the customer's page")
	}

	// Every field, in English; the id escaped in the URL.
	res = manager.get("/tickets/" + url.PathEscape("T 4/ä?") + "?lang=en")
	if res.status != 200 {
		t.Fatalf("T 4/ä?: %d %s", res.status, res.body)
	}
	text = textOf(res.body)
	for _, want := range []string{"Created 5 Mar 2026 09:00", "First reply –", "Solved –", "Channel phone", "Category Levering",
		"Direction outbound (the team began)", "Complaint yes", "Reopened 2", "Transferred 1",
		"Wait time (mean) 2 m", "Handle time (mean) 1 h 05 m", "Customer –"} { // 90 s → 2 m (1,5 rounded half away)
		if !strings.Contains(text, want) {
			t.Errorf("T 4/ä? lacks %q:\n%s", want, text)
		}
	}
	if nl := textOf(manager.get("/tickets/" + url.PathEscape("T 4/ä?") + "?lang=nl").body); !strings.Contains(nl, "Afhandeltijd (gem.) 1 u 05 m") ||
		!strings.Contains(nl, "Kanaal telefoon") || !strings.Contains(nl, "Klacht ja") {
		t.Errorf("T 4/ä? in Dutch:\n%s", nl)
	}

	// An id no ticket can have (a NUL, broken UTF-8) is missing too, not a database error.
	for _, id := range []string{"%00", "%ff", "T1%00"} {
		if res := manager.get("/tickets/" + id); res.status != 404 {
			t.Errorf("/tickets/%s: %d", id, res.status)
		}
	}
	// Missing: the 404 page in the user's language.
	for lang, want := range map[string]string{"nl": "Niet gevonden", "en": "Not found"} {
		res := manager.get("/tickets/nope?lang=" + lang)
		if res.status != 404 || !strings.Contains(res.body, want) || !strings.Contains(res.body, "nope") {
			t.Errorf("%s: missing ticket %d %s", lang, res.status, textOf(res.body))
		}
	}
}

// TestTicketPageAgentSeesOwnOnly: Anna sees her tickets; Bram's T2 answers exactly as a ticket
// that does not exist.
func TestTicketPageAgentSeesOwnOnly(t *testing.T) {
	ts := ticketServer(t)
	anna := ts.login("anna@example.com")
	if res := anna.get("/tickets/T1?lang=nl"); res.status != 200 || strings.Contains(res.body, `href="/customers/C1`) {
		t.Errorf("Anna's T1: %d; a link to a customer's page she may not open: %v", res.status, strings.Contains(res.body, `href="/customers/C1`))
	}
	other, missing := anna.get("/tickets/T2?lang=nl"), anna.get("/tickets/T9?lang=nl")
	if other.status != 404 || missing.status != 404 {
		t.Fatalf("Bram's ticket %d, a missing one %d, want 404 both", other.status, missing.status)
	}
	if strings.Contains(other.body, "Bram") || strings.ReplaceAll(other.body, "T2", "T9") != missing.body {
		t.Error("another agent's ticket answers otherwise than a missing one")
	}
	if res := ts.login("manager@example.com").get("/tickets/T2"); res.status != 200 {
		t.Errorf("manager's T2: %d", res.status)
	}
}

// TestTicketPageWayBack: a link back to the list it came from, only to a path on this server.
func TestTicketPageWayBack(t *testing.T) {
	ts := ticketServer(t)
	manager := ts.login("manager@example.com")
	for back, want := range map[string]string{
		"/feedback?kind=all&page=1": `href="/feedback?kind=all&amp;page=1"`,
		"//evil.example/x":          "",
		"javascript:alert(1)":       "",
		"https://evil.example/":     "",
		"/\\evil.example":           "",
		"/\t/evil.example":          "",
	} {
		page := manager.get("/tickets/T1?back=" + url.QueryEscape(back)).body
		got := regexp.MustCompile(`<p class="back"><a (href="[^"]*")`).FindStringSubmatch(page)
		switch {
		case want == "" && got != nil:
			t.Errorf("back=%s: a way back %s", back, got[1])
		case want != "" && (got == nil || got[1] != want):
			t.Errorf("back=%s: %v, want %s", back, got, want)
		}
	}
	// The feedback stream links an answer to its ticket, with the way back.
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses",
		`{"response_id":"R9","survey":"csat","score":1,"submitted_at":"2026-03-05 10:00","ticket_id":"T1","comment":"Traag"}`); res.status != 200 {
		t.Fatal(res.body)
	}
	page := manager.get("/feedback?period=month").body
	if !regexp.MustCompile(`href="/tickets/T1\?back=%2Ffeedback%3Fperiod%3Dmonth[^"]*"`).MatchString(page) {
		t.Error("the feedback stream does not link the answer's ticket")
	}
}

// TestCustomerPageLinksTickets: the customer's page links each ticket and each answer's ticket to
// its page, with the way back to the customer in the view (TestCustomerListLeadsBackToItself).
func TestCustomerPageLinksTickets(t *testing.T) {
	ts := ticketServer(t)
	page := ts.login("manager@example.com").get("/customers/C1?period=month").body
	link := regexp.MustCompile(`href="/tickets/T1\?back=%2Fcustomers%2FC1%3Fperiod%3Dmonth&amp;period=month"`)
	if n := len(link.FindAllString(page, -1)); n != 2 { // the ticket's row and R1's (about T1)
		t.Errorf("%d links to T1's page with the way back, want 2", n)
	}
}

// openRedirect tells whether a Location sends a browser to another host: an absolute URL, or
// one a browser reads as scheme-relative ("//host", and "/\host", which browsers treat alike).
func openRedirect(loc string) bool {
	return strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`) || strings.HasPrefix(loc, `\`) ||
		strings.Contains(strings.SplitN(loc, "/", 2)[0], ":")
}

// TestLocalPath: a way back is kept as typed when it is a clean path on this server and, when
// pages are named, one of them or below one; anything else is "". "/feedback/../\evil.example"
// passed a prefix check once and http.Redirect cleaned it to "/\evil.example", which browsers
// follow to the host evil.example.
func TestLocalPath(t *testing.T) {
	for _, tt := range []struct {
		back  string
		under []string
		want  bool
	}{
		{"/feedback?period=month", nil, true},
		{"/", nil, true},
		{"/customers/C1/", nil, true},
		{"/feedback?period=month", []string{"/feedback"}, true},
		{"/feedback/responses", []string{"/feedback"}, true},
		{"/risico?segment=x", []string{"/followups", "/risico"}, true},
		{"/feedbackx", []string{"/feedback"}, false},
		{"/overview", []string{"/feedback"}, false},
		{`/feedback/../\evil.example`, []string{"/feedback"}, false},
		{"/feedback/../users", []string{"/feedback"}, false},
		{"/feedback/%2e%2e/users", []string{"/feedback"}, false},
		{"/followups/./x", nil, false},
		{"/followups//evil.example", nil, false},
		{"//evil.example", nil, false},
		{`/\evil.example`, nil, false},
		{"https://evil.example/feedback", []string{"/feedback"}, false},
		{"javascript:alert(1)", nil, false},
		{"/\t/evil.example", nil, false},
		{"", nil, false},
	} {
		got := localPath(tt.back, tt.under...)
		if want := map[bool]string{true: tt.back, false: ""}[tt.want]; got != want {
			t.Errorf("localPath(%q, %q) = %q, want %q", tt.back, tt.under, got, want)
		}
	}
}
