package alert

import (
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestValidateCourseRule(t *testing.T) {
	base := func(r cx.AlertRule) cx.AlertRule {
		r.Name, r.Email = "KPI", "lead@example.nl"
		return r
	}
	for _, tt := range []struct {
		name string
		rule cx.AlertRule
		err  string       // "" for valid; else a part of the message
		want cx.AlertRule // the defaults filled in, when valid
	}{
		{"a fall of NPS, defaults", base(cx.AlertRule{Condition: cx.AlertSignificantFall, Metric: "nps", Threshold: 2}), "",
			base(cx.AlertRule{Condition: cx.AlertSignificantFall, Metric: "nps", Period: "week", Lang: "nl"})},
		{"CSAT below target for 3 months, in English", base(cx.AlertRule{Condition: cx.AlertBelowTarget, Metric: "csat", Period: "month", Periods: 3, Lang: "en", Team: " Retour "}), "",
			base(cx.AlertRule{Condition: cx.AlertBelowTarget, Metric: "csat", Period: "month", Periods: 3, Lang: "en", Team: "Retour"})},
		{"below target takes 2 periods by default", base(cx.AlertRule{Condition: cx.AlertBelowTarget, Metric: "fcr"}), "",
			base(cx.AlertRule{Condition: cx.AlertBelowTarget, Metric: "fcr", Period: "week", Periods: 2, Lang: "nl"})},
		{"first response beyond its control limit", base(cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "first_response", Period: "week"}), "",
			base(cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "first_response", Period: "week", Lang: "nl"})},
		{"volume spike, defaults", base(cx.AlertRule{Condition: cx.AlertVolumeSpike}), "",
			base(cx.AlertRule{Condition: cx.AlertVolumeSpike, Percent: 150, MinCount: 10, Lang: "nl"})},
		{"the p90 of the first response beyond its control limit", base(cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "first_response", Figure: "p90"}), "",
			base(cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "first_response", Figure: "p90", Period: "week", Lang: "nl"})},
		{"the mean is the headline", base(cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "resolution", Figure: "mean"}), "",
			base(cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "resolution", Period: "week", Lang: "nl"})},
		{"NPS has no p90", base(cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "nps", Figure: "p90", Lang: "en"}), `figure: NPS has no "p90" (possible: –)`, cx.AlertRule{}},
		{"a duration has no p99", base(cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "first_response", Figure: "p99"}), `figure: Eerste reactietijd heeft geen "p99" (mogelijk: mean, median, p90)`, cx.AlertRule{}},
		{"a p90 below target", base(cx.AlertRule{Condition: cx.AlertBelowTarget, Metric: "first_response", Figure: "p90"}), "figure: alleen een regel op de regelgrens", cx.AlertRule{}},
		{"a fall of a metric without a test", base(cx.AlertRule{Condition: cx.AlertSignificantFall, Metric: "first_response"}), "metric: Eerste reactietijd kan niet met deze regel (mogelijk: nps, csat", cx.AlertRule{}},
		{"… said in English", base(cx.AlertRule{Condition: cx.AlertSignificantFall, Metric: "ces", Lang: "en"}), "metric: Effort (CES) cannot be used with this rule (possible: nps, csat", cx.AlertRule{}},
		{"ticket volume has no direction", base(cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "tickets"}), "metric: ", cx.AlertRule{}},
		{"no metric", base(cx.AlertRule{Condition: cx.AlertControlLimit}), "metric: kies de KPI", cx.AlertRule{}},
		{"an unknown metric", base(cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "happiness", Lang: "en"}), `metric: "happiness" is not a klantpuls KPI`, cx.AlertRule{}},
		{"a day is no period", base(cx.AlertRule{Condition: cx.AlertControlLimit, Metric: "nps", Period: "day"}), `period: "day" is geen week of month`, cx.AlertRule{}},
		{"13 periods", base(cx.AlertRule{Condition: cx.AlertBelowTarget, Metric: "nps", Periods: 13, Lang: "en"}), "periods: 13 periods", cx.AlertRule{}},
		{"100% is no spike", base(cx.AlertRule{Condition: cx.AlertVolumeSpike, Percent: 100}), "percent: 100%", cx.AlertRule{}},
		{"a negative minimum", base(cx.AlertRule{Condition: cx.AlertVolumeSpike, MinCount: -1}), "min_count: -1", cx.AlertRule{}},
		{"a metric and period on a volume rule are dropped", base(cx.AlertRule{Condition: cx.AlertVolumeSpike, Metric: "nps", Period: "week", Periods: 2, Figure: "p90"}), "",
			base(cx.AlertRule{Condition: cx.AlertVolumeSpike, Percent: 150, MinCount: 10, Lang: "nl"})},
		{"KPI fields on a detractor rule are dropped, its language kept", base(cx.AlertRule{Condition: cx.AlertNPSDetractor, Metric: "nps", Team: "X", Figure: "p90", Period: "week", Periods: 2, Percent: 150, MinCount: 10, Lang: "en"}), "",
			base(cx.AlertRule{Condition: cx.AlertNPSDetractor, Lang: "en"})},
		{"a detractor rule without a language speaks Dutch", base(cx.AlertRule{Condition: cx.AlertNPSDetractor}), "",
			base(cx.AlertRule{Condition: cx.AlertNPSDetractor, Lang: "nl"})},
		{"a team on two lines", base(cx.AlertRule{Condition: cx.AlertVolumeSpike, Team: "a\nb"}), "team: ", cx.AlertRule{}},
		{"a language klantpuls does not speak", base(cx.AlertRule{Condition: cx.AlertVolumeSpike, Lang: "de"}), `lang: "de" is geen nl of en`, cx.AlertRule{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.rule
			err := ValidateRule(&r, nil)
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("error %v, want one saying %q", err, tt.err)
			case tt.err != "" && cx.ErrorCode(err) != cx.EINVALID:
				t.Errorf("code %q, want EINVALID", cx.ErrorCode(err))
			case tt.err == "":
				r.WebhookFormat = ""
				if r != tt.want {
					t.Errorf("got %+v\nwant %+v", r, tt.want)
				}
			}
		})
	}
}

// FuzzValidateCourseRule: whatever an admin's form sends, validation answers a rule it keeps or
// an EINVALID error naming a field, in the language asked; it never panics.
func FuzzValidateCourseRule(f *testing.F) {
	f.Add("control_limit", "first_response", "p90", "Retour", "week", "nl", 0, 0, 0)
	f.Add("volume_spike", "", "", "", "", "en", 0, 150, 10)
	f.Add("below_target", "csat", "", "a\nb", "month", "de", 13, 0, 0)
	f.Fuzz(func(t *testing.T, condition, metricKey, figure, team, period, lang string, periods, percent, minCount int) {
		r := cx.AlertRule{Name: "x", Email: "a@example.nl", Condition: condition, Metric: metricKey, Figure: figure, Team: team,
			Period: period, Lang: lang, Periods: periods, Percent: percent, MinCount: minCount}
		err := ValidateRuleIn(&r, nil, "en")
		if err != nil {
			if cx.ErrorCode(err) != cx.EINVALID || !strings.Contains(err.Error(), ": ") {
				t.Fatalf("error %v (code %q)", err, cx.ErrorCode(err))
			}
			return
		}
		if _, course := KindOf(r.Condition); course && (r.Lang != "nl" && r.Lang != "en" || strings.ContainsFunc(r.Team, func(c rune) bool { return c < 32 })) {
			t.Fatalf("kept %+v", r)
		}
	})
}
