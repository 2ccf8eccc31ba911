package web

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestServiceMarksFCRByItsN(t *testing.T) {
	ts := dashServer(t)
	// T5 solved after one reply: FCR 100% of n = 1.
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets", `{"ticket_id":"T5","created_at":"2026-03-02 10:00","agent":"Anna","team":"Support","channel":"email","first_reply_at":"2026-03-02 11:00","solved_at":"2026-03-03 10:00","agent_replies":1}`); res.status != 200 {
		t.Fatal(res.body)
	}
	page := ts.login("manager@example.com").get("/service?period=month&lang=en").body
	i := strings.Index(page, `<dl class="figures">`)
	fcr := page[i : i+strings.Index(page[i:], "</dd>")]
	if !strings.Contains(fcr, `100.0%</a><abbr class="ind"`) {
		t.Errorf("FCR of 1 ticket not marked indicative: %s", fcr)
	}
}

func TestServiceUnansweredAtPeriodEnd(t *testing.T) {
	ts := dashServer(t)
	// T6 came in on 27 February and was first answered on 2 March: unanswered when February
	// ended, answered by the time anyone looks at February's page.
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets", `{"ticket_id":"T6","created_at":"2026-02-27 10:00","agent":"Anna","team":"Support","channel":"email","first_reply_at":"2026-03-02 09:30"}`); res.status != 200 {
		t.Fatal(res.body)
	}
	manager := ts.login("manager@example.com")
	for lang, want := range map[string]string{"en": "<dt>Unanswered at period end</dt><dd>1</dd>",
		"nl": "<dt>Onbeantwoord op einddatum</dt><dd>1</dd>"} {
		page := manager.get("/service?period=custom&from=2026-02-01&to=2026-03-01&lang=" + lang).body
		if !strings.Contains(page, want) {
			i := strings.Index(page, `<dl class="figures">`)
			t.Errorf("%s: February's page lacks %q: %s", lang, want, page[i:i+strings.Index(page[i:], "</dl>")])
		}
	}
}

func TestServiceSLANamesTicketsWithoutATeam(t *testing.T) {
	ts := dashServer(t)
	// T7 has no team and no reply: due 8 business hours after Thursday 5 March 10:00, breached.
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets", `{"ticket_id":"T7","created_at":"2026-03-05 10:00","channel":"email"}`); res.status != 200 {
		t.Fatal(res.body)
	}
	page := ts.login("manager@example.com").get("/service?period=month&lang=en").body
	if want := `<th scope="row">(none)</th><td>8 h 00 m</td><td>1</td><td>1</td><td>100.0%`; !strings.Contains(page, want) {
		i := strings.Index(page, `id="h-sla"`)
		t.Errorf("no SLA row %q in %s", want, page[i:i+strings.Index(page[i:], "</table>")])
	}
}

// TestServiceMarksDurationsByTheirN: each service time's row is marked indicative by its own n
// (metrics.md section 0: n < 30), as FCR is. The test server's March has a handful of tickets
// with a first reply and none with a wait or handle time (n 0: nothing to mark).
func TestServiceMarksDurationsByTheirN(t *testing.T) {
	ts := dashServer(t)
	page := ts.login("manager@example.com").get("/service?period=month&lang=en").body
	row := regexp.MustCompile(`(?s)<th scope="row">First response[^<]*</th>.*?</tr>`).FindString(page)
	n := regexp.MustCompile(`(?s)<td>(?:<a [^>]*>)?(\d+)(?:</a>)?(<abbr class="ind"[^>]*>\*</abbr>)?</td></tr>$`).FindStringSubmatch(row)
	if n == nil {
		t.Fatalf("the first response row: %s", row)
	}
	if count, _ := strconv.Atoi(n[1]); count == 0 || count >= 30 || n[2] == "" {
		t.Errorf("first response on %s tickets, marked %q: want a mark under 30: %s", n[1], n[2], row)
	}
}

// TestServiceUnansweredWrittenThePagesWay: the service page writes its count of unanswered tickets
// as its other figures, 1.202 on a Dutch page and 1,202 on an English one.
func TestServiceUnansweredWrittenThePagesWay(t *testing.T) {
	ts := dashServer(t)
	var recs []string
	for i := range 1200 {
		recs = append(recs, fmt.Sprintf(`{"ticket_id":"U%d","created_at":"2026-03-05 10:00","channel":"email"}`, i))
	}
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets", "["+strings.Join(recs, ",")+"]"); res.status != 200 {
		t.Fatalf("tickets: %d %s", res.status, res.body[:min(300, len(res.body))])
	}
	admin := ts.login("admin@example.com")
	for lang, sep := range map[string]string{"nl": ".", "en": ","} {
		page := admin.get("/service?period=month&lang=" + lang).body
		m := regexp.MustCompile(`<dd>([0-9.,]+)</dd>`).FindAllStringSubmatch(page, -1)
		var got []string
		for _, x := range m {
			got = append(got, x[1])
		}
		if !strings.Contains(page, "<dd>1"+sep+"20") {
			t.Errorf("%s: unanswered shown as %v, want 1%s20x", lang, got, sep)
		}
	}
}
