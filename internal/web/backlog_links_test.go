package web

import (
	"html"
	"net/url"
	"regexp"
	"testing"
)

// hrefs are the links of a page by path, each with its query (the last of a path wins).
func hrefs(page string) map[string]*url.URL {
	links := map[string]*url.URL{}
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if u, err := url.Parse(html.UnescapeString(m[1])); err == nil {
			links[u.Path] = u
		}
	}
	return links
}

// TestBreachesKeepTheView: a breach's ticket opens its page in Werkvoorraad's view (period,
// filters), and the ticket's page leads back to the list as it was sorted and paged, as the
// drill-down's records do — the list linked /tickets/T3 bare: the ticket's menu then led to
// the first screen's month of everyone, and there was no way back.
func TestBreachesKeepTheView(t *testing.T) {
	ts := backlogServer(t)
	admin := ts.login("admin@example.com")
	view := map[string]string{"period": "custom", "from": "2026-03-02", "to": "2026-03-23", "team": "Support"}
	list := backlogPeriod + "&team=Support&sort=created&dir=asc"
	t3 := hrefs(admin.get(list).body)["/tickets/T3"]
	if t3 == nil {
		t.Fatal("the list has no link to T3")
	}
	q := t3.Query()
	backRaw := q.Get("back")
	back, err := url.Parse(backRaw)
	if err != nil {
		t.Fatal(err)
	}
	q.Del("back")
	if !sameQuery(q, view) {
		t.Errorf("T3 linked with %v, want %v", q, view)
	}
	// The way back is this page of the list, as sorted, at the list.
	want := map[string]string{"sort": "created", "dir": "asc", "page": "1"}
	for k, v := range view {
		want[k] = v
	}
	if back.Path != "/backlog" || !sameQuery(back.Query(), want) || back.Fragment != "h-breaches" {
		t.Errorf("T3's way back %s, want /backlog with %v at #h-breaches", back, want)
	}
	ticket := admin.get(t3.String()).body
	way := regexp.MustCompile(`<p class="back"><a href="([^"]*)"`).FindStringSubmatch(ticket)
	if way == nil || html.UnescapeString(way[1]) != backRaw {
		t.Errorf("the ticket's way back: %v, want %s", way, backRaw)
	}
}

// TestTicketsCustomerKeepsTheView: a ticket's page links its customer in the view it was opened
// in (period, filters), as every other link between pages — it linked /customers/C1 bare.
func TestTicketsCustomerKeepsTheView(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	view := map[string]string{"period": "month", "team": "Support"}
	page := admin.get("/tickets/T1?period=month&team=Support").body
	c1 := hrefs(page)["/customers/C1"]
	if c1 == nil {
		t.Fatalf("the ticket's page has no link to its customer C1")
	}
	if got := c1.Query(); !sameQuery(got, view) {
		t.Errorf("C1 linked with %v, want %v", got, view)
	}
}
