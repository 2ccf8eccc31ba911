package importer

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// A CSAT answer may name its own scale (metric.CSATScales); its score is then checked on that
// scale, not the install's 1..5. An answer without a scale is checked as before.
func TestResponseScale(t *testing.T) {
	row := func(survey, score, scale string) string {
		return "response_id,survey,score,submitted_at,scale\nR1," + survey + "," + score + ",2026-03-01 10:00," + scale + "\n"
	}
	for _, tt := range []struct{ name, file, want string }{
		{"Zendesk good", row("csat", "1", "good-bad"), ""},
		{"Zendesk bad", row("csat", "0", "Good-Bad"), ""},
		{"a Freshdesk rating beyond the install's scale", row("csat", "-103", "freshdesk"), ""},
		{"1–10 beyond the install's 1..5", row("csat", "9", "1-10"), ""},
		{"no scale: the install's", row("csat", "5", ""), ""},
		{"no scale, off the install's", row("csat", "9", ""), "in.csv:2: score: 9 is outside the csat scale 1..5"},
		{"off its own scale", row("csat", "2", "good-bad"), "in.csv:2: score: 2 is not a score of the scale good-bad (0..1)"},
		{"between Freshdesk's points", row("csat", "0", "freshdesk"),
			"in.csv:2: score: 0 is not a score of the scale freshdesk (-103, -102, -101, 100, 101, 102, 103)"},
		{"an unknown scale", row("csat", "3", "1-3"),
			`in.csv:2: scale: "1-3" is not one of 1-5, 1-7, 1-10, 0-10, good-bad, freshdesk`},
		{"a scale on an NPS answer", row("nps", "9", "0-10"),
			"in.csv:2: scale: a scale of its own is for CSAT answers; a nps answer is always on its survey's scale"},
	} {
		t.Run(tt.name, func(t *testing.T) { expectRow(t, cx.KindResponses, tt.file, tt.want) })
	}
	got, err := read(cx.KindResponses, row("csat", "1", " Good-Bad "))
	if err != nil || got[0].(*cx.Response).Scale != "good-bad" {
		t.Errorf("the scale is kept by its name: %v %v", got, err)
	}
}
