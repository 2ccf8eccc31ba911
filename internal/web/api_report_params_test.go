package web

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestReportRefusesUnknownParameters: GET /api/v1/report takes from, to and by, and
// /api/v1/series step besides (openapi.json); the report has no filters. A parameter it does
// not take is refused with 422 naming it in errors (parameter, no pointer: there is no body),
// before the agent's split is looked at: agent=Daan as an agent answered Anna's own figures
// as if they were Daan's, and a misspelt by (bij=team) the company's total as if split. So does
// GET /api/v1/why, whose filters are channel, team, agent and category: segment=Zakelijk
// answered every segment's themes and drivers as if they were Zakelijk's.
func TestReportRefusesUnknownParameters(t *testing.T) {
	ts := startServer(t)
	seed(t, ts)
	anna, manager := ts.login("anna@example.com"), ts.login("manager@example.com")
	const period = "?from=2026-03-01&to=2026-04-01"
	takes := func(names string) string { return "not a parameter of this request, which takes " + names }
	for _, tt := range []struct {
		who    *client
		path   string
		fields []map[string]string
	}{
		{anna, "/api/v1/report" + period + "&agent=Daan&by=agent",
			[]map[string]string{{"parameter": "agent", "detail": takes("from, to, by")}}},
		{manager, "/api/v1/report" + period + "&bij=team",
			[]map[string]string{{"parameter": "bij", "detail": takes("from, to, by")}}},
		{manager, "/api/v1/report" + period + "&team=Support&channel=chat",
			[]map[string]string{{"parameter": "channel", "detail": takes("from, to, by")},
				{"parameter": "team", "detail": takes("from, to, by")}}},
		{anna, "/api/v1/series" + period + "&by=team&step=week&agent=Daan",
			[]map[string]string{{"parameter": "agent", "detail": takes("from, to, by, step")}}},
		{manager, "/api/v1/report" + period + "&step=week",
			[]map[string]string{{"parameter": "step", "detail": takes("from, to, by")}}},
		// Why takes the filters its page has (no segment: drivers are about service).
		{manager, "/api/v1/why" + period + "&segment=Zakelijk",
			[]map[string]string{{"parameter": "segment", "detail": takes("from, to, channel, team, agent, category")}}},
		{anna, "/api/v1/why" + period + "&by=agent&agent=Anna",
			[]map[string]string{{"parameter": "by", "detail": takes("from, to, channel, team, agent, category")}}},
	} {
		res := tt.who.get(tt.path)
		var problem struct{ Errors []map[string]string }
		if err := json.Unmarshal([]byte(res.body), &problem); err != nil {
			t.Fatalf("%s: %v in %s", tt.path, err, res.body)
		}
		if res.status != 422 || !reflect.DeepEqual(problem.Errors, tt.fields) {
			t.Errorf("%s: %d %+v, want 422 with %+v", tt.path, res.status, problem.Errors, tt.fields)
		}
	}
	for _, path := range []string{"/api/v1/report" + period + "&by=agent", "/api/v1/series" + period + "&by=agent&step=week",
		"/api/v1/why" + period + "&channel=chat&team=Support&agent=Anna&category=Levering"} {
		if res := anna.get(path); res.status != 200 {
			t.Errorf("%s: %d, want 200", path, res.status)
		}
	}
}
