package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestCourseAlertRulesOnThePage: the alerts page makes each kind of rule on a KPI's course with
// its parameters, refuses bad ones with a 422 naming the field in the admin's language, lists
// the rules in words and keeps their creation in the audit trail.
func TestCourseAlertRulesOnThePage(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	form := func(v url.Values) url.Values {
		v.Set("name", "Bewaking")
		v.Set("email", "lead@example.nl")
		v.Set("threshold", "2") // the form sends the CSAT field along with any condition
		return v
	}
	for _, v := range []url.Values{
		{"condition": {"significant_fall"}, "metric": {"nps"}, "team": {"Retour"}, "period": {"week"}},
		{"condition": {"below_target"}, "metric": {"csat"}, "period": {"month"}, "periods": {"3"}, "lang": {"en"}},
		{"condition": {"control_limit"}, "metric": {"first_response"}, "figure": {"p90"}},
		{"condition": {"volume_spike"}, "percent": {"200"}, "min_count": {"1.000"}, "metric": {"nps"}},
	} {
		if res := admin.form("POST", "/alerts", form(v)); res.status != 303 {
			t.Fatalf("%v: %d %s", v, res.status, res.body)
		}
	}
	rules, err := ts.app.ListAlertRules(context.Background())
	if err != nil || len(rules) != 4 {
		t.Fatalf("rules %+v, %v", rules, err)
	}
	want := []cx.AlertRule{
		{Condition: cx.AlertSignificantFall, Metric: "nps", Team: "Retour", Period: "week", Lang: "nl"},
		{Condition: cx.AlertBelowTarget, Metric: "csat", Period: "month", Periods: 3, Lang: "en"},
		{Condition: cx.AlertControlLimit, Metric: "first_response", Figure: "p90", Period: "week", Lang: "nl"},
		{Condition: cx.AlertVolumeSpike, Percent: 200, MinCount: 1000, Lang: "nl"},
	}
	for i, w := range want {
		r := rules[i]
		got := cx.AlertRule{Condition: r.Condition, Metric: r.Metric, Figure: r.Figure, Team: r.Team, Period: r.Period, Periods: r.Periods,
			Percent: r.Percent, MinCount: r.MinCount, Lang: r.Lang, Threshold: r.Threshold}
		if got != w {
			t.Errorf("rule %d = %+v\nwant %+v", i, got, w)
		}
	}

	for _, tc := range []struct {
		path string
		v    url.Values
		says string
	}{
		{"/alerts", url.Values{"condition": {"significant_fall"}, "metric": {"first_response"}},
			"metric: Eerste reactietijd kan niet met deze regel (mogelijk: nps, csat"},
		{"/alerts?lang=en", url.Values{"condition": {"significant_fall"}, "metric": {"first_response"}, "lang": {"nl"}},
			"metric: First response time cannot be used with this rule (possible: nps, csat"},
		{"/alerts", url.Values{"condition": {"below_target"}, "metric": {"csat"}, "periods": {"twee"}}, "Aantal perioden op rij"},
		{"/alerts?lang=en", url.Values{"condition": {"volume_spike"}, "percent": {"90"}}, "percent: 90% will not do"},
		{"/alerts", url.Values{"condition": {"control_limit"}, "metric": {"nps"}, "period": {"kwartaal"}}, `period: &#34;kwartaal&#34; is geen week of month`},
		{"/alerts?lang=en", url.Values{"condition": {"control_limit"}, "metric": {"nps"}, "figure": {"p90"}}, `figure: NPS has no &#34;p90&#34;`},
	} {
		res := admin.form("POST", tc.path, form(tc.v))
		if res.status != 422 || !strings.Contains(res.body, tc.says) {
			t.Errorf("%s %v: %d, want 422 saying %q:\n%s", tc.path, tc.v, res.status, tc.says, res.body)
		}
	}

	// A KPI alert is listed by its period, linked to the view it was sent with.
	if _, err := ts.app.CreateAlert(context.Background(), &cx.Alert{RuleID: rules[0].ID, ResponseID: "kpi:week:2026-W48",
		Message: `{"Title":"x","Link":"https://klantpuls.example.nl/?from=2026-11-23&period=custom&to=2026-11-30"}`}); err != nil {
		t.Fatal(err)
	}
	page := admin.get("/alerts?lang=nl")
	for _, s := range []string{"KPI significant slechter dan de vorige periode: NPS · team Retour · per week · NL",
		"KPI haalt het doel niet, meerdere perioden op rij: Klanttevredenheid (CSAT) · alle teams · per maand · 3× · EN",
		"Ticketvolume van het afgelopen uur ver boven het gebruikelijke: alle teams · ≥ 200% · min. 1000 · NL",
		`<option value="control_limit">`, `name="metric"`,
		`<a href="https://klantpuls.example.nl/?from=2026-11-23&amp;period=custom&amp;to=2026-11-30">kpi:week:2026-W48</a>`} {
		if !strings.Contains(page.body, s) {
			t.Errorf("the page does not show %q", s)
		}
	}
	if page := admin.get("/alerts?lang=en"); !strings.Contains(page.body, "KPI beyond its control limit (mean ± 3σ of 8 periods): First response time (p90) · all teams · per week · NL") {
		t.Error("the English page does not list the control-limit rule in English")
	}

	var log struct{ Entries []cx.AuditEntry }
	admin.get("/api/v1/audit").json(t, &log)
	details := map[string]bool{}
	for _, e := range log.Entries {
		if e.Action == cx.AuditAlertRuleCreate {
			details[AuditDetail("en", e)] = true
		}
	}
	for _, d := range []string{"Bewaking (significant_fall nps team=Retour week nl)", "Bewaking (below_target csat month×3 en)",
		"Bewaking (control_limit first_response p90 week nl)", "Bewaking (volume_spike 200% min 1000 nl)"} {
		if !details[d] {
			t.Errorf("no audit entry %q in %v", d, details)
		}
	}
}
