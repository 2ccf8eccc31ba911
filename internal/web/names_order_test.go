package web

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// namesServer is the dashboard's seed (agents Anna and Bram, teams Support and Sales, segment
// Zakelijk, tickets without a category) with agents, teams, segments and categories whose byte
// order is not a Dutch reader's, each with an open ticket in March.
func namesServer(t *testing.T) *testServer {
	ts := dashServer(t)
	w := ts.withToken("adminWrite")
	for path, body := range map[string]string{
		"/api/v1/customers": `[{"customer_id":"C2","acquired_at":"2025-01-01 10:00","segment":"Özel"},
			{"customer_id":"C3","acquired_at":"2025-01-01 10:00","segment":"mkb 10"},
			{"customer_id":"C4","acquired_at":"2025-01-01 10:00","segment":"MKB 9"}]`,
		"/api/v1/tickets": `[{"ticket_id":"N1","category":"Klacht 10","created_at":"2026-03-03 10:00","customer_id":"C2","agent":"Agent 10","team":"Team 10","channel":"email"},
			{"ticket_id":"N2","category":"klacht 9","created_at":"2026-03-04 10:00","customer_id":"C3","agent":"Agent 9","team":"team 9","channel":"email"},
			{"ticket_id":"N3","category":"Retour","created_at":"2026-03-05 10:00","customer_id":"C4","agent":"Öztürk","team":"Łukasz","channel":"email"},
			{"ticket_id":"N4","category":"Levering","created_at":"2026-03-06 10:00","agent":"zwart","team":"Łukasz","channel":"email"}]`,
	} {
		if res := w.postJSON(path, body); res.status != 200 {
			t.Fatalf("%s: %d %s", path, res.status, res.body)
		}
	}
	return ts
}

// rowNames are the names heading the rows of the first table from the attribute at (`id="…"`,
// `class="…"`) on, in the page's order.
func rowNames(page, at string) []string {
	i := strings.Index(page, at)
	if i < 0 {
		return nil
	}
	end := strings.Index(page[i:], "</table>")
	if end < 0 {
		return nil
	}
	var out []string
	for _, m := range regexp.MustCompile(`(?s)<th scope="row">(.*?)</th>`).FindAllStringSubmatch(page[i:i+end], -1) {
		out = append(out, html.UnescapeString(strings.TrimSpace(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], ""))))
	}
	return out
}

// columnNames are the headings of the columns of the first table from the attribute at on,
// the first (the rows' heading) left out.
func columnNames(page, at string) []string {
	i := strings.Index(page, at)
	if i < 0 {
		return nil
	}
	head := page[i:]
	head = head[:max(0, strings.Index(head, "</thead>"))]
	var out []string
	for _, m := range regexp.MustCompile(`<th scope="col">(.*?)</th>`).FindAllStringSubmatch(head, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	if len(out) == 0 {
		return nil
	}
	return out[1:]
}

// filterOptions are the choices of the dashboard's filter on dim, "all" left out.
func filterOptions(page, dim string) []string {
	m := regexp.MustCompile(`(?s)<select name="` + dim + `"[^>]*>(.*?)</select>`).FindStringSubmatch(page)
	if m == nil {
		return nil
	}
	var out []string
	for _, o := range regexp.MustCompile(`<option value="([^"]+)"`).FindAllStringSubmatch(m[1], -1) {
		out = append(out, html.UnescapeString(o[1]))
	}
	return out
}

// TestListsOfNamesInOneOrder: every list of names the dashboard shows follows the customer
// list's order — Dutch, case ignored, numbers by their value, Öztürk among the O's and Łukasz
// after the L's, not after Zwart — the orders written by hand.
func TestListsOfNamesInOneOrder(t *testing.T) {
	ts := namesServer(t)
	manager := ts.login("manager@example.com")
	get := func(path string) string {
		t.Helper()
		res := manager.get(path)
		if res.status != 200 {
			t.Fatalf("%s: %d", path, res.status)
		}
		return res.body
	}
	agents := []string{"Agent 9", "Agent 10", "Anna", "Bram", "Öztürk", "zwart"}
	teams := []string{"Łukasz", "Sales", "Support", "team 9", "Team 10"}
	overview, team := get("/?period=month&lang=nl"), get("/team?period=month&lang=nl")
	backlog := get("/backlog?period=month&lang=nl")
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"the agents to filter on", filterOptions(overview, "agent"), agents},
		{"the teams to filter on", filterOptions(overview, "team"), teams},
		{"the categories to filter on", filterOptions(overview, "category"), []string{"klacht 9", "Klacht 10", "Levering", "Retour"}},
		{"the contact reasons, of as many tickets", rowNames(get("/service?period=month&lang=nl"), `id="h-reasons"`),
			[]string{"(geen)", "klacht 9", "Klacht 10", "Levering", "Retour", "Alle"}},
		{"the segments to filter on", filterOptions(overview, "segment"), []string{"MKB 9", "mkb 10", "Özel", "Zakelijk"}},
		{"the team page's agents", rowNames(team, `id="h-agents"`), agents},
		// Its records without a team are the seed's NPS answers, which the table has no
		// column for: no "(geen)" row (TestTeamTotalsLeaveOutAnEmptyNoTeamRow).
		{"the team page's teams", rowNames(team, `id="h-teams"`), teams},
		{"the customers page's segments", rowNames(get("/customers?period=month&lang=nl"), `id="h-seg"`),
			[]string{"MKB 9", "mkb 10", "Özel", "Zakelijk", "(geen)"}},
		{"the backlog's teams", rowNames(backlog, `class="backlog-teams"`), []string{"Łukasz", "Support", "team 9", "Team 10"}},
		{"the teams of the first-response targets met", columnNames(backlog, `class="backlog-sla"`), teams},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !slices.Equal(tt.got, tt.want) {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// TestRiskFilterChoicesInOneOrder: the Risico page's segments and teams to filter on, the
// blank left out.
func TestRiskFilterChoicesInOneOrder(t *testing.T) {
	got := sortedKeys(map[string]bool{"Zwart": true, "": true, "team 9": true, "Team 10": true, "Łukasz": true, "Öztürk": true, "Lukas": true})
	if want := []string{"Lukas", "Łukasz", "Öztürk", "team 9", "Team 10", "Zwart"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
