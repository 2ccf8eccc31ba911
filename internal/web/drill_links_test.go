package web

import (
	"html"
	"net/url"
	"regexp"
	"testing"
)

// TestDrillRecordsKeepTheView: a record's ticket and customer open their pages with the view
// (period, filters, language), and the ticket's page leads back to the list as it was sorted
// and paged, as the feedback stream's and a customer's links do — from the list they opened
// with the view gone (the menu's links then showed the first screen's month of everyone) and no
// way back to the list.
func TestDrillRecordsKeepTheView(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	// The language is the session's (rememberLang), as on every link between pages.
	list := "/drill?dir=desc&metric=tickets&page=1&period=month&sort=ticket&team=Support"
	page := admin.get(list).body
	links := map[string]url.Values{}
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if u, err := url.Parse(html.UnescapeString(m[1])); err == nil {
			links[u.Path] = u.Query()
		}
	}
	view := map[string]string{"period": "month", "team": "Support"}
	if got := links["/customers/C1"]; !sameQuery(got, view) {
		t.Errorf("C1 linked with %v, want %v", got, view)
	}
	view["back"] = list
	if got := links["/tickets/T1"]; !sameQuery(got, view) {
		t.Errorf("T1 linked with %v, want %v", got, view)
	}
	ticket := admin.get("/tickets/T1?" + url.Values{"back": {list}, "period": {"month"}, "team": {"Support"}}.Encode()).body
	back := regexp.MustCompile(`<p class="back"><a href="([^"]*)"`).FindStringSubmatch(ticket)
	if back == nil || html.UnescapeString(back[1]) != list {
		t.Errorf("the ticket's way back: %v, want %s", back, list)
	}
}

// TestDrillHeadingNamesTheDaysMeasured: the list behind a figure of a running period holds its
// records up to today, as the tile it opens from, and its heading says so as the tile's page
// does ("1 mrt 2026 – 25 mrt 2026 (t/m vandaag)") — it named the whole month, while its
// downloads were named for the days up to today.
func TestDrillHeadingNamesTheDaysMeasured(t *testing.T) {
	ts := dashServer(t) // 25 March 2026
	admin := ts.login("admin@example.com")
	for query, want := range map[string]string{
		"period=month&lang=nl":                                "1 mrt 2026 – 25 mrt 2026 (t/m vandaag)",
		"period=month&lang=en":                                "1 Mar 2026 – 25 Mar 2026 (up to today)",
		"period=custom&from=2026-03-02&to=2026-03-09&lang=nl": "2 mrt 2026 – 8 mrt 2026",
	} {
		for _, page := range []string{"/?", "/drill?metric=tickets&"} {
			got := regexp.MustCompile(`<span class="period">([^<]*)</span>`).FindStringSubmatch(admin.get(page + query).body)
			if got == nil || html.UnescapeString(got[1]) != want {
				t.Errorf("%s%s: %v, want %q", page, query, got, want)
			}
		}
	}
}
