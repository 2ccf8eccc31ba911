package web

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// listIDs are the customer ids of the customer list's rows on a page, in order.
func listIDs(page string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<th scope="row"><a href="/customers/([^?"]+)\?`).FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestCustomerList: the list under Klanten searches, sorts and pages on a hand-made set: the
// seeded C1 (Zakelijk, orders of 100 and 50,50 in March, NPS 9 last) and P01…P51, each with an
// order of its number in euros on 1 March and P07 with an old order only.
func TestCustomerList(t *testing.T) {
	ts := dashServer(t)
	w := ts.withToken("adminWrite")
	var customers, orders []string
	for i := 1; i <= 51; i++ {
		customers = append(customers, fmt.Sprintf(`{"customer_id":"P%02d","acquired_at":"2025-06-01 10:00","name":"Klant %02d","email":"p%02d@voorbeeld.nl"}`, i, i, i))
		at := "2026-03-01 12:00"
		if i == 7 {
			at = "2024-01-01 12:00" // before the year up to April: no revenue in the window
		}
		orders = append(orders, fmt.Sprintf(`{"order_id":"PO%02d","customer_id":"P%02d","ordered_at":"%s","amount":%d}`, i, i, at, i))
	}
	customers = append(customers, `{"customer_id":"X_1","acquired_at":"2025-06-01 10:00","name":"Piet 100% Puur","email":"piet@EXAMPLE.com"}`)
	for path, body := range map[string]string{"/api/v1/customers": "[" + strings.Join(customers, ",") + "]",
		"/api/v1/orders": "[" + strings.Join(orders, ",") + "]"} {
		if res := w.postJSON(path, body); res.status != 200 {
			t.Fatalf("%s: %d %s", path, res.status, res.body)
		}
	}
	admin := ts.login("admin@example.com")
	get := func(query string) string {
		t.Helper()
		res := admin.get("/customers?period=month&lang=nl&" + query)
		if res.status != 200 {
			t.Fatalf("%s: %d %s", query, res.status, textOf(res.body))
		}
		return res.body
	}

	// 53 customers: by revenue (over April 2025 – March 2026), highest first: C1 150,50, then
	// P51 … P08, P06 … P01 (P07's order is too old), and the two without revenue last (ties by
	// id, in the list's direction).
	first := get("")
	if !strings.Contains(first, "53 klanten") || !strings.Contains(first, "pagina 1 van 2") {
		t.Errorf("count and page: %s", regexp.MustCompile(`(?s)<p class="count".*?</p>`).FindString(first))
	}
	ids := listIDs(first)
	if len(ids) != 50 || ids[0] != "C1" || ids[1] != "P51" || ids[44] != "P08" || ids[45] != "P06" || ids[49] != "P02" {
		t.Errorf("first page by revenue: %v", ids)
	}
	if !strings.Contains(textOf(first), "C1 – € 150,50") { // C1 has no name: –
		t.Errorf("C1's revenue: %s", textOf(first))
	}
	if second := listIDs(get("page=2")); fmt.Sprint(second) != "[P01 X_1 P07]" {
		t.Errorf("second page: %v, want P01, then the two without revenue", second)
	}

	for _, c := range []struct {
		query string
		want  string
	}{
		{"q=KLANT%2005", "[P05]"},                      // a name, any case
		{"q=p12%40voorbeeld", "[P12]"},                 // an e-mail
		{"q=x_", "[X_1]"},                              // an id; _ is no wildcard
		{"q=_", "[X_1]"},                               // only X_1 holds an underscore
		{"q=%25", "[X_1]"},                             // only Piet's name holds a %
		{"q=example.com", "[X_1]"},                     // an e-mail stored in capitals
		{"q=klant%205&sort=name&dir=asc", "[P50 P51]"}, // "Klant 50", "Klant 51"; not "Klant 05"
		{"q=klant%205&sort=name&dir=desc", "[P51 P50]"},
		{"q=nobody", "[]"},
	} {
		if got := fmt.Sprint(listIDs(get(c.query))); got != c.want {
			t.Errorf("%s: %s, want %s", c.query, got, c.want)
		}
	}
	// The view's segment narrows the list: only C1 is Zakelijk.
	if got := fmt.Sprint(listIDs(get("segment=zakelijk"))); got != "[C1]" {
		t.Errorf("segment Zakelijk: %s", got)
	}
	// NPS class: C1's latest NPS answer is 9, a promoter; the others have none.
	page := get("sort=nps&dir=desc")
	if ids := listIDs(page); ids[0] != "C1" || !strings.Contains(textOf(page), "promotor (9)") {
		t.Errorf("by NPS: %v", ids[:3])
	}
	// Last contact: only C1 has tickets and answers (latest R4, 20 March).
	if page := get("sort=last_contact&dir=desc&q=c1"); !strings.Contains(textOf(page), "20 mrt 2026") {
		t.Errorf("C1's last contact: %s", textOf(page))
	}
	// A header sorts by its column, the other way round when the list is sorted by it already,
	// keeping the search and the view.
	if !strings.Contains(get("q=klant&sort=revenue&dir=desc"), `href="/customers?dir=asc&amp;period=month&amp;q=klant&amp;sort=revenue#h-list"`) {
		t.Error("no header link that turns the revenue order round")
	}
	// Bad input: a clear error in the page's language (422, as every invalid value), not a 500.
	for query, want := range map[string]string{"sort=seq&lang=nl": "Sorteren op", "page=-1&lang=en": "There is no page", "page=x&lang=nl": "bestaat niet",
		"page=0&lang=en": "from 1 to", "dir=sideways&lang=en": "There is no order", "dir=op&lang=nl": "Volgorde &#34;op&#34; bestaat niet",
		"q=%00&lang=nl": "hoogstens 200 tekens", "q=" + strings.Repeat("a", 201) + "&lang=en": "at most 200 characters"} {
		res := admin.get("/customers?period=month&" + query)
		if res.status != 422 || !strings.Contains(res.body, want) {
			t.Errorf("%s: %d %s", query, res.status, textOf(res.body))
		}
	}
}

// TestCustomerListCustomerWithoutRow: a customer only an order names so far (files come in any
// order) has a page and is in the list, with "–" for the name they do not have yet and their
// revenue; the seeded C1 (no name) and C9 make 2 customers.
func TestCustomerListCustomerWithoutRow(t *testing.T) {
	ts := dashServer(t)
	if res := ts.withToken("adminWrite").postJSON("/api/v1/orders",
		`{"order_id":"O9","customer_id":"C9","ordered_at":"2026-03-03 10:00","amount":70}`); res.status != 200 {
		t.Fatal(res.body)
	}
	admin := ts.login("admin@example.com")
	if res := admin.get("/customers/C9?period=month&lang=nl"); res.status != 200 {
		t.Fatalf("C9's page: %d", res.status)
	}
	for _, c := range []struct{ query, want string }{
		{"", "2 klanten"},
		{"q=c9", "1 klant"},
		{"q=c9&sort=name&dir=asc", "1 klant"},
	} {
		page := textOf(admin.get("/customers?period=month&lang=nl&" + c.query).body)
		if !strings.Contains(page, c.want) || !strings.Contains(page, "C9 – € 70,00") {
			t.Errorf("%q: want %s and C9 with no name and € 70,00:\n%s", c.query, c.want, page)
		}
	}
}

// TestCustomerListLeadsBackToItself: a customer opened from the list leads back to the list as
// it was searched, sorted and paged (← Terug naar de lijst), and a ticket opened from that
// customer's page leads back to the customer's page with that way back still on it — the list
// linked the customer without a way back, and the customer's tickets led back to /customers/C1
// bare: out of the view, and no way back to the list.
func TestCustomerListLeadsBackToItself(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	list := "/customers?period=month&segment=Zakelijk&q=C&sort=name&dir=desc"
	c1 := hrefs(admin.get(list).body)["/customers/C1"]
	if c1 == nil {
		t.Fatal("the list has no link to C1")
	}
	back, err := url.Parse(c1.Query().Get("back"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"period": "month", "segment": "Zakelijk", "q": "C", "sort": "name", "dir": "desc", "page": "1"}
	if back.Path != "/customers" || !sameQuery(back.Query(), want) || back.Fragment != "h-list" {
		t.Fatalf("C1's way back %s, want /customers with %v at #h-list", back, want)
	}
	page := admin.get(c1.String()).body
	way := regexp.MustCompile(`<p class="back"><a href="([^"]*)"`).FindStringSubmatch(page)
	if way == nil || html.UnescapeString(way[1]) != back.String() {
		t.Errorf("C1's page leads back to %v, want %s", way, back)
	}
	t1 := hrefs(page)["/tickets/T1"]
	if t1 == nil {
		t.Fatal("C1's page has no link to T1")
	}
	ticket := admin.get(t1.String()).body
	way = regexp.MustCompile(`<p class="back"><a href="([^"]*)"`).FindStringSubmatch(ticket)
	if way == nil {
		t.Fatal("T1's page has no way back")
	}
	toCustomer, err := url.Parse(html.UnescapeString(way[1]))
	if err != nil || toCustomer.Path != "/customers/C1" || toCustomer.Query().Get("back") != back.String() ||
		toCustomer.Query().Get("segment") != "Zakelijk" {
		t.Errorf("T1 leads back to %v, want C1's page in the view with the way back to the list %s", toCustomer, back)
	}
	// A way back to another server, or to a page that is not the list, is not offered.
	for _, bad := range []string{"//evil.example/customers", "/users"} {
		page := admin.get("/customers/C1?back=" + url.QueryEscape(bad)).body
		if strings.Contains(page, `<p class="back">`) {
			t.Errorf("back=%s offered as the way back", bad)
		}
	}
}
