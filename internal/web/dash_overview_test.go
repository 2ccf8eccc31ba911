package web

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// TestOverviewIsOneQuery: the overview's tiles, the period they compare with and their
// sparklines come from one pass over the engine, whatever the period. (It took a query for
// the period, one for the period before and one per sparkline point: 33 for a month.)
func TestOverviewIsOneQuery(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	for _, view := range []string{"period=week", "period=month", "period=quarter", "period=year",
		"period=custom&from=2025-01-01&to=2026-04-01", "period=month&channel=chat"} {
		before := ts.app.Engine().Passes()
		if res := admin.get("/?" + view); res.status != 200 {
			t.Fatalf("%s: %d", view, res.status)
		}
		if n := ts.app.Engine().Passes() - before; n != 1 {
			t.Errorf("%s: %d passes over the engine, want 1", view, n)
		}
	}
}

// TestOverviewNamesTheDaysItMeasures: on 25 March the overview's tiles measure 1–25 March
// (overviewQuery), so its heading says so; a past period is named whole.
func TestOverviewNamesTheDaysItMeasures(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	for _, c := range []struct{ name, path, want string }{
		{"this month, nl", "/?period=month&lang=nl", "1 mrt 2026 – 25 mrt 2026 (t/m vandaag)"},
		{"this month, en", "/?period=month&lang=en", "1 Mar 2026 – 25 Mar 2026 (up to today)"},
		{"February, over", "/?period=custom&from=2026-02-01&to=2026-03-01&lang=nl", "1 feb 2026 – 28 feb 2026"},
		{"the service page's month", "/service?period=month&lang=nl", "1 mrt 2026 – 25 mrt 2026 (t/m vandaag)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := admin.get(c.path).body
			if want := `<span class="period">` + c.want + `</span>`; !strings.Contains(page, want) {
				i := strings.Index(page, `<span class="period">`)
				t.Errorf("heading %.80s, want %s", page[max(i, 0):], want)
			}
		})
	}
}

// TestEveryPageNamesTheRunningPeriodAsTheOverview: README, Overzicht: "A period still running
// is compared up to today" — no page holds a record after today, so on 25 March "Deze maand" is
// 1–25 March on every page, its phone summary and the wall screen, not 1–31 March beside the
// overview's "(t/m vandaag)" for the same figures.
func TestEveryPageNamesTheRunningPeriodAsTheOverview(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	const want = "1 mrt 2026 – 25 mrt 2026 (t/m vandaag)"
	for _, path := range []string{"/", "/service", "/feedback", "/team", "/backlog", "/customers", "/why"} {
		page := admin.get(path + "?period=month&lang=nl").body
		if !strings.Contains(page, `<span class="period">`+want+`</span>`) {
			i := strings.Index(page, `<span class="period">`)
			t.Errorf("%s: heading %.80s, want %s", path, page[max(i, 0):], want)
		}
		if !strings.Contains(page, `<span class="current">`+want) {
			i := strings.Index(page, `<span class="current">`)
			t.Errorf("%s: the phone's summary %.80s, want %s", path, page[max(i, 0):], want)
		}
	}
}

// tileValue is the headline figure of an overview tile as shown (the star left out).
func tileValue(page, key string) string {
	re := regexp.MustCompile(`(?s)aria-labelledby="tile-` + key + `".*?<p class="value[^"]*"[^>]*>(.*?)</p>`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	text := regexp.MustCompile(`(?s)<abbr.*?</abbr>|<[^>]+>`).ReplaceAllString(m[1], "")
	return strings.TrimSpace(html.UnescapeString(text))
}

// TestCLVTileSaysTooLittleData: README, Overzicht: "The CLV tile ... says *Te weinig gegevens*
// when that year has no churn to give a lifespan." The seed has a buyer (C1, two orders in
// March) and no churn at all, so the simple CLV has no lifespan: the tile says "Te weinig
// gegevens", as the Klanten page does, not "Niet gemeten" (which says nothing could be
// measured, while there are orders and a buyer, n = 1).
func TestCLVTileSaysTooLittleData(t *testing.T) {
	ts := dashServer(t)
	admin := ts.login("admin@example.com")
	for lang, want := range map[string]string{"nl": "Te weinig gegevens", "en": "Too little data"} {
		view := "period=custom&from=2026-03-01&to=2026-04-01&lang=" + lang
		if got := tileText(admin.get("/?"+view).body, "clv"); !strings.Contains(got, want) {
			t.Errorf("%s: CLV tile %q, want %q (orders and a buyer, but no churn in the year: no lifespan)", lang, got, want)
		}
		if page := textOf(admin.get("/customers?" + view).body); !strings.Contains(page, want) {
			t.Errorf("%s: the Klanten page does not say %q either", lang, want)
		}
	}
}

// TestDurationTileJustUnderAnHour: metrics.md section 0: durations display as "1 u 05 m" /
// "1 h 05 m", rounded to the minute. A first response of 59 min 50 s rounds to one hour,
// "1 u 00 m"; the tile showed "60 m" (report.Lang.Duration picked the "under an hour" form
// before rounding to the minute), and so did the tiles' changes and the table, CSV and PDF.
func TestDurationTileJustUnderAnHour(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return time.Date(2026, 4, 10, 12, 0, 0, 0, time.UTC) } })
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets",
		`{"ticket_id":"D1","created_at":"2026-03-10 10:00:00","first_reply_at":"2026-03-10 10:59:50","channel":"email"}`); res.status >= 300 {
		t.Fatalf("ticket: %d %s", res.status, res.body)
	}
	admin := ts.login("admin@example.com")
	for lang, want := range map[string]string{"nl": "1 u 00 m", "en": "1 h 00 m"} {
		if got := tileValue(admin.get("/?period=custom&from=2026-03-01&to=2026-04-01&lang="+lang).body, "first_response"); got != want {
			t.Errorf("%s: first response tile %q for 3590 s, want %q", lang, got, want)
		}
	}
}

// TestAgentTilesLinkToPagesTheyOpen: each tile's title links to the page with its details;
// an agent may not open Feedback or Klanten (the menu hides them, newDash's CanSee), so their
// NPS, CSAT, CES, feedback response, sentiment, churn, retention and CLV tiles linked to a 403.
func TestAgentTilesLinkToPagesTheyOpen(t *testing.T) {
	ts := dashServer(t)
	anna := ts.login("anna@example.com")
	page := anna.get("/?period=month&lang=nl").body
	links := regexp.MustCompile(`<h2 id="tile-([a-z_]+)"><a href="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(links) == 0 {
		t.Fatal("no tile links to a page at all")
	}
	for _, m := range links {
		if res := anna.get(html.UnescapeString(m[2])); res.status != 200 {
			t.Errorf("agent's %s tile links to %s: %d", m[1], m[2], res.status)
		}
	}
	if !strings.Contains(page, `<h2 id="tile-nps">NPS</h2>`) {
		t.Errorf("the agent's NPS tile has no plain title: %.200s", page[max(strings.Index(page, `id="tile-nps"`), 0):])
	}
	// A manager's tiles link to every page.
	if page := ts.login("manager@example.com").get("/?period=month&lang=nl").body; !strings.Contains(page, `<h2 id="tile-nps"><a href="/feedback?`) {
		t.Error("the manager's NPS tile does not link to Feedback")
	}
}

// TestChangeSaysBetterOrWorseVisibly: a tile's change shows an arrow for the direction, is
// green when better and red when worse (README), and says so in a visible word too (WCAG
// 1.4.1: colour is not the only visual means). With the word only in the title (a mouse's
// tooltip) and a .sr-only span, a sighted user who does not tell red from green (1 in 12 men),
// on a phone or with the keyboard, saw "▲ 4 u 00 m" either way — and an arrow up is worse for
// a response time but better for NPS. Here the first response time rose from 1 to 5 hours
// on 30 tickets a month (worse, red).
func TestChangeSaysBetterOrWorseVisibly(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return time.Date(2026, 4, 10, 12, 0, 0, 0, time.UTC) } })
	// 30 tickets a month: on fewer the figure is indicative and its change grey.
	var tickets []string
	for i := range 30 {
		tickets = append(tickets,
			fmt.Sprintf(`{"ticket_id":"F%d","created_at":"2026-02-10 10:00","agent":"Anna","team":"Support","channel":"email","first_reply_at":"2026-02-10 11:00"}`, i),
			fmt.Sprintf(`{"ticket_id":"M%d","created_at":"2026-03-10 10:00","agent":"Anna","team":"Support","channel":"email","first_reply_at":"2026-03-10 15:00"}`, i))
	}
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets", "["+strings.Join(tickets, ",")+"]"); res.status >= 300 {
		t.Fatalf("tickets: %d %s", res.status, res.body)
	}
	page := ts.login("admin@example.com").get("/?period=custom&from=2026-03-01&to=2026-04-01&lang=nl").body
	doc := parseHTML(t, page)
	tiles := elementsOf(doc, func(n *html.Node) bool {
		v, _ := attrOf(n, "aria-labelledby")
		return n.Data == "article" && v == "tile-first_response"
	})
	if len(tiles) != 1 {
		t.Fatal("no first-response tile")
	}
	changes := elementsOf(tiles[0], func(n *html.Node) bool { c, _ := attrOf(n, "class"); return strings.HasPrefix(c, "change ") })
	if len(changes) != 1 {
		t.Fatalf("no change on the first-response tile: %s", tileText(page, "first_response"))
	}
	class, _ := attrOf(changes[0], "class")
	if class != "change bad" {
		t.Fatalf("the change is %q, want red (change bad): 1 h → 5 h", class)
	}
	if seen := visibleText(changes[0]); !strings.Contains(seen, "slechter") {
		t.Errorf("a red change shows %q: only its colour says it is worse (the word is in the title and for screen readers only)", seen)
	}
}

// TestOverviewOnAFreshDatabaseSaysWhereDataComesFrom: a new install's first screen was twelve
// tiles of "Niet gemeten" and nothing else — nothing said that klantpuls holds no data yet, nor
// where it comes from. It says so now, linking Importeren and Live koppelingen for whoever may
// open them; once a record is there, it does not.
func TestOverviewOnAFreshDatabaseSaysWhereDataComesFrom(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return time.Date(2026, 4, 10, 12, 0, 0, 0, time.UTC) } })
	for _, c := range []struct{ lang, words string }{
		{"nl", "Er staan nog geen gegevens in klantpuls"}, {"en", "klantpuls holds no data yet"}} {
		page := ts.login("admin@example.com").get("/?lang=" + c.lang).body
		note := regexp.MustCompile(`(?s)<p class="note first-run">.*?</p>`).FindString(page)
		if !strings.Contains(note, c.words) || !strings.Contains(note, `href="/import`) || !strings.Contains(note, `href="/connections`) {
			t.Errorf("%s: the overview of an empty database says %q; want %q with links to /import and /connections", c.lang, note, c.words)
		}
	}
	if res := ts.withToken("adminWrite").postJSON("/api/v1/tickets", `[{"ticket_id":"T1","created_at":"2026-03-02 10:00"}]`); res.status >= 300 {
		t.Fatalf("ticket: %d %s", res.status, res.body)
	}
	if page := ts.login("admin@example.com").get("/?lang=nl").body; strings.Contains(page, "first-run") {
		t.Error("the overview still says there is no data after a ticket came in")
	}
}
