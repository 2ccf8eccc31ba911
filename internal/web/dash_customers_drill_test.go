package web

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestCustomerFiguresOpenTheRecordsTheyCount: every figure of the Klanten page's customer base
// that links to records opens a list of as many records as the n written beside it — engagement
// and each kind's participation too, whose n is the base at the end (a page that answered 400
// before they had one) — where "Nieuwe klanten 1 (n = 1)" opened the whole base at the start, as
// the average order's n of orders opened its buyers.
func TestCustomerFiguresOpenTheRecordsTheyCount(t *testing.T) {
	ts := dashServer(t)
	// Beside seed's C1 (a customer since 2025, two orders in March): C3, a customer since 2025
	// too, C2 acquired in March, referred by C1, and C1's webinar.
	w := ts.withToken("adminWrite")
	for path, body := range map[string]string{
		"/api/v1/customers": `[{"customer_id":"C2","acquired_at":"2026-03-10 10:00","referred_by":"C1","segment":"Zakelijk"},
			{"customer_id":"C3","acquired_at":"2025-06-01 10:00","segment":"Zakelijk"}]`,
		"/api/v1/events": `{"event_id":"E1","customer_id":"C1","kind":"webinar","at":"2026-03-03 10:00"}`,
	} {
		if res := w.postJSON(path, body); res.status != 200 {
			t.Fatalf("%s: %d %s", path, res.status, res.body)
		}
	}
	admin := ts.login("admin@example.com")
	page := admin.get("/customers?period=month&lang=nl").body
	figures := regexp.MustCompile(`(?s)<div><dt>([^<]*)</dt><dd>(.*?)</dd></div>`).FindAllStringSubmatch(page, -1)
	if len(figures) == 0 {
		t.Fatal("no figures on the customers page")
	}
	// By hand, March up to the 25th: C1 and C3 in the base at the start (S = 2), C2 new (N = 1),
	// C1 the one buyer, with 2 orders.
	// Engagement and each kind's participation rest on the base at the end: C1, C2 and C3.
	want := map[string]int{"Verloop (churn)": 2, "Nieuwe klanten": 1, "Vertrokken klanten": 2, "CLV (historisch)": 1,
		"Gemiddelde order": 2, "Betrokkenheid": 3, "webinar": 3}
	for _, f := range figures {
		label := html.UnescapeString(f[1])
		n := regexp.MustCompile(`n = (?:<a class="drill" href="([^"]*)">)?([\d.]+)`).FindStringSubmatch(f[2])
		links := drillLinks(t, f[2])
		switch {
		case n == nil:
			continue
		case n[1] == "":
			if len(links) != 0 {
				t.Errorf("%s: its value links to %v, its n (%s) to nothing", label, links, n[2])
			}
			continue
		}
		shown, _ := strconv.Atoi(strings.ReplaceAll(n[2], ".", ""))
		if w, ok := want[label]; ok && shown != w {
			t.Errorf("%s: n = %d, want %d", label, shown, w)
		}
		for _, q := range links {
			if got := drillCount(t, admin, q.Encode()); got != shown {
				t.Errorf("%s (n = %d) opens %v: %d records", label, shown, q, got)
			}
		}
	}
	// Every drill link of the page opens a list.
	for _, q := range drillLinks(t, page) {
		if res := admin.get("/drill?" + q.Encode()); res.status != 200 {
			t.Errorf("%v: %d", q, res.status)
		}
	}
}
