package web

import (
	"regexp"
	"strings"
	"testing"
)

// TestWhyPage: the Waarom page lists drivers and themes; a theme's example comments come one
// click away, escaped, and an agent reads only the comments of their own answers.
func TestWhyPage(t *testing.T) {
	ts := dashServer(t)
	// Two comments about delivery, R5 on Anna's ticket T1 and R6 on Bram's T2 with markup (each
	// her ticket's latest rating), and one about the staff, R7 on Anna's T3.
	body := `[{"response_id":"R5","survey":"csat","score":2,"submitted_at":"2026-03-05 10:00","ticket_id":"T1","comment":"Mijn pakket is kwijt"},
		{"response_id":"R6","survey":"csat","score":1,"submitted_at":"2026-03-12 10:00","ticket_id":"T2","comment":"Pakket te laat <script>alert(1)</script>"},
		{"response_id":"R7","survey":"csat","score":5,"submitted_at":"2026-03-17 10:00","ticket_id":"T3","comment":"Heel vriendelijk"}]`
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", body); res.status != 200 {
		t.Fatalf("responses: %d %s", res.status, res.body)
	}
	manager := ts.login("manager@example.com")
	page := manager.get("/why?period=month&lang=nl")
	for _, want := range []string{"<h1>Waarom", "Wat CSAT beweegt", "Thema: Levering", "Kanaal: chat", `hx-get="/why/examples?`} {
		if page.status != 200 || !strings.Contains(page.body, want) {
			t.Errorf("the page lacks %q (status %d)", want, page.status)
		}
	}
	examples := manager.get("/why/examples?period=month&theme=delivery").body
	if !strings.Contains(examples, "Mijn pakket is kwijt") || !strings.Contains(examples, "&lt;script&gt;alert(1)&lt;/script&gt;") ||
		strings.Contains(examples, "<script>") {
		t.Errorf("the manager's examples, escaped: %s", examples)
	}
	anna := ts.login("anna@example.com")
	for _, path := range []string{"/why/examples?period=month&theme=delivery", "/why/examples?period=month&theme=delivery&agent=Bram"} {
		own := anna.get(path).body
		if !strings.Contains(own, "Mijn pakket is kwijt") || strings.Contains(own, "te laat") {
			t.Errorf("%s: an agent reads others' comments or not her own: %s", path, own)
		}
	}
	// The delivery driver of CSAT: R5 and R6 against R7 for the manager, R5 against R7 for Anna.
	row := regexp.MustCompile(`(?s)Thema: Levering.*?</tr>`)
	if got := row.FindString(page.body); !strings.Contains(got, "<td>2 / 1</td>") {
		t.Errorf("the manager's delivery driver: %s", got)
	}
	if got := row.FindString(anna.get("/why?period=month&lang=nl").body); !strings.Contains(got, "<td>1 / 1</td>") {
		t.Errorf("Anna's delivery driver: %s", got)
	}
}
