package web

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// backlogServer is a server whose clock stands at Friday 20 March 2026, 12:00 in Amsterdam,
// with tickets whose backlog, SLA and breaches are worked out by hand (default target: 8
// business hours, Monday to Friday 9–17).
func backlogServer(t *testing.T) *testServer {
	ts := startServer(t, func(o *Options) {
		o.Now = func() time.Time { return time.Date(2026, 3, 20, 11, 0, 0, 0, time.UTC) }
	})
	tickets := []string{
		// Due Tue 3 Mar 10:00, answered Mon 11:00: met; solved.
		`{"ticket_id":"T1","created_at":"2026-03-02 10:00","agent":"Anna","team":"Support","first_reply_at":"2026-03-02 11:00","solved_at":"2026-03-03 10:00"}`,
		// Due Wed 11 Mar 10:00, never answered: breached, 58 business hours late at now
		// (Wed 7 + Thu 8 + Fri 8 + Mon–Thu 32 + Fri 3); solved, so not open.
		`{"ticket_id":"T2","created_at":"2026-03-10 10:00","agent":"Bram","team":"Sales","solved_at":"2026-03-10 10:30"}`,
		// Due Tue 17 Mar 10:00, never answered: breached, 26 hours late (7 + 8 + 8 + 3); open,
		// 4 days 2 hours old.
		`{"ticket_id":"T3","created_at":"2026-03-16 10:00","agent":"Anna","team":"Support"}`,
		// Due Fri 20 Mar 15:00, after now; open, nobody's, 21 hours old.
		`{"ticket_id":"T4","created_at":"2026-03-19 15:00","team":"Support","first_reply_at":"2026-03-19 15:30"}`,
		// Due Mon 9 Mar 17:00, answered Tue 10:00: 1 business hour late; solved. An id a URL must
		// escape.
		`{"ticket_id":"T5/a b","created_at":"2026-03-09 09:00","agent":"Anna","team":"Support","first_reply_at":"2026-03-10 10:00","solved_at":"2026-03-10 11:00"}`,
		// An outbound ticket: never open, never due.
		`{"ticket_id":"T6","created_at":"2026-03-18 10:00","agent":"Anna","team":"Support","direction":"outbound"}`,
	}
	// 1,001 tickets of team Bulk, open since Monday 5 January 10:00 (74 days 2 hours): due in
	// January, before the period, so in no SLA figure.
	for i := range 1001 {
		tickets = append(tickets, fmt.Sprintf(`{"ticket_id":"B%04d","created_at":"2026-01-05 10:00","team":"Bulk"}`, i))
	}
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets", "["+strings.Join(tickets, ",")+"]"); res.status != 200 {
		t.Fatalf("tickets: %d %s", res.status, res.body)
	}
	return ts
}

// backlogText is a page's main content as text, tags removed and spaces collapsed.
func backlogText(page string) string {
	text := regexp.MustCompile(`(?s)<script.*?</script>|<[^>]+>`).ReplaceAllString(page, " ")
	return strings.Join(strings.Fields(text), " ")
}

const backlogPeriod = "/backlog?period=custom&from=2026-03-02&to=2026-03-23"

func TestBacklogPage(t *testing.T) {
	ts := backlogServer(t)
	admin := ts.login("admin@example.com")
	tests := []struct {
		lang string
		want []string
	}{
		{"nl", []string{
			// Open now: T3, T4 and the 1.001 of Bulk; unassigned T4 and Bulk.
			"Open 1.003", "Niet toegewezen 1.002",
			"Jonger dan 1 dag 1", "1–3 dagen 0", "3–7 dagen 1", "7 dagen of ouder 1.001",
			"Bulk 1.001 1.001 74 d 2 u", "Support 2 1 4 d 2 u",
			// Created against solved per day, none after today, today partial.
			"2 mrt 2026 1 0", "3 mrt 2026 0 1", "9 mrt 2026 1 0", "10 mrt 2026 1 2", "20 mrt 2026 (onvolledig)",
			// SLA met per week: Support 1 of 1 in the first, 0 of 1 after; Sales 0 of 1 in the second.
			"SLA gehaald per team per week", "Week van Sales Support",
			"2 mrt 2026 – n = 0 100,0% * n = 1", "9 mrt 2026 0,0% * n = 1 0,0% * n = 1", "16 mrt 2026 (onvolledig) – n = 0 0,0% * n = 1",
			"* Indicatief: gebaseerd op minder dan 30 metingen.",
			"tickets die in die week hun streeftijd bereikten",
			// The breaches, the latest first.
			"3 overschrijdingen",
			"T2 Sales Bram 10 mrt 2026 10:00 11 mrt 2026 10:00 nog niet 58 u 00 m",
			"T3 Support Anna 16 mrt 2026 10:00 17 mrt 2026 10:00 nog niet 26 u 00 m",
			"T5/a b Support Anna 9 mrt 2026 09:00 9 mrt 2026 17:00 10 mrt 2026 10:00 1 u 00 m",
		}},
		{"en", []string{
			"Open 1,003", "Unassigned 1,002", "Under 1 day 1", "7 days or more 1,001", "Bulk 1,001 1,001 74 d 2 h",
			"SLA met per team per week", "9 Mar 2026 0.0% * n = 1 0.0% * n = 1",
			"tickets that reached their target time in that week",
			"3 breaches", "T2 Sales Bram 10 Mar 2026 10:00 11 Mar 2026 10:00 not yet 58 h 00 m",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			res := admin.get(backlogPeriod + "&lang=" + tt.lang)
			if res.status != 200 {
				t.Fatalf("status %d", res.status)
			}
			text := backlogText(res.body)
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			if strings.Contains(text, "21 mrt 2026") || strings.Contains(text, "21 Mar 2026") {
				t.Error("a day after today is drawn")
			}
			if strings.Index(text, "T2 Sales") > strings.Index(text, "T3 Support") || strings.Index(text, "T3 Support") > strings.Index(text, "T5/a b") {
				t.Error("the breaches are not the latest first")
			}
			for _, want := range []string{`href="/tickets/T5%2Fa%20b?`, `class="chart" data-chart="bar"`,
				`class="chart" data-chart="line" aria-label`, `"max":100`} {
				if !strings.Contains(res.body, want) {
					t.Errorf("the page lacks %s", want)
				}
			}
		})
	}
	// The list is the service page's breached figure: Support 2 of 3 due (T1 in time; T4 not
	// yet due), Sales 1 of 1.
	service := admin.get("/service?period=custom&from=2026-03-02&to=2026-03-23&lang=nl").body
	for _, want := range []string{`<th scope="row">Support</th><td>8 u 00 m</td><td>3</td><td>2</td>`,
		`<th scope="row">Sales</th><td>8 u 00 m</td><td>1</td><td>1</td>`} {
		if !strings.Contains(service, want) {
			t.Errorf("the service page lacks %s", want)
		}
	}
	// The oldest first, by creation: T5 (9 March), T2, T3.
	text := backlogText(admin.get(backlogPeriod + "&sort=created&dir=asc&lang=nl").body)
	if i, j, k := strings.Index(text, "T5/a b Support"), strings.Index(text, "T2 Sales"), strings.Index(text, "T3 Support"); i < 0 || i > j || j > k {
		t.Errorf("sorted by creation: T5 at %d, T2 at %d, T3 at %d", i, j, k)
	}
	// One breach is singular.
	if text := backlogText(admin.get(backlogPeriod + "&team=Sales&lang=nl").body); !strings.Contains(text, "1 overschrijding ") {
		t.Error("one breach is not written in the singular")
	}
	// A sort the list does not have is refused in the page's language, naming the parameter.
	if res := admin.get(backlogPeriod + "&sort=price&lang=nl"); res.status != 400 || !strings.Contains(res.body, "sort: &#34;price&#34; kan niet") {
		t.Errorf("a bad sort: %d %s", res.status, backlogText(res.body))
	}
	if res := admin.get(backlogPeriod + "&page=0&lang=en"); res.status != 400 || !strings.Contains(res.body, "is not allowed") {
		t.Errorf("page 0: %d", res.status)
	}
}

// TestBacklogAgentSeesOwn: an agent's backlog, SLA and breaches are their own tickets only,
// whatever the URL asks.
func TestBacklogAgentSeesOwn(t *testing.T) {
	ts := backlogServer(t)
	anna := ts.login("anna@example.com")
	res := anna.get(backlogPeriod + "&agent=Bram&lang=nl")
	if res.status != 200 {
		t.Fatalf("status %d", res.status)
	}
	// The agent filter's only choice is Anna herself; the figures below it are Anna's.
	if strings.Contains(res.body, `<option value="Bram"`) {
		t.Error("the agent filter lists a colleague")
	}
	_, text, _ := strings.Cut(backlogText(res.body), "Nu open")
	// Open: T3 only (T4 is nobody's); breaches T3 and T5.
	for _, want := range []string{"Open 1 ", "Niet toegewezen 0", "Support 1 0 4 d 2 u", "2 overschrijdingen"} {
		if !strings.Contains(text, want) {
			t.Errorf("Anna's page lacks %q", want)
		}
	}
	for _, not := range []string{"Bram", "Bulk", "T2 "} {
		if strings.Contains(text, not) {
			t.Errorf("Anna sees %q", not)
		}
	}
	if !strings.Contains(res.body, `<select name="agent" disabled>`) {
		t.Error("the agent filter is not fixed for an agent")
	}
}
