package web

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestRiskFollowUpAnswerByItsScale: the churn-risk page's follow-up hangs on the lowest CSAT
// answer when it is critical by its own scale's rule (as Opvolging lists it), else on an NPS
// detractor's answer. On an install of 1–5 positive from 4, worked by hand from
// metric.CSATScales (metric.ScaleCode: 5 good-bad, 6 freshdesk, 4 0-10).
func TestRiskFollowUpAnswerByItsScale(t *testing.T) {
	own := metric.CSATScale{Min: 1, Max: 5, PositiveMin: 4}
	for _, tt := range []struct {
		name  string
		score int
		scale uint8
		want  string
	}{
		{"2 on the install's 1–5", 2, 0, "C"},
		{"3 on the install's 1–5", 3, 0, "N"},
		{"Zendesk bad", 0, 5, "C"},
		{"Zendesk good", 1, 5, "N"},
		{"Freshdesk extremely unhappy", -103, 6, "C"},
		{"Freshdesk very unhappy", -102, 6, "C"},
		{"Freshdesk unhappy, its third point", -101, 6, "N"},
		{"2 on 0–10", 2, 4, "N"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			row := engine.RiskRow{CSATAnswer: "C", CSAT: tt.score, CSATScale: tt.scale, NPSAnswer: "N", NPS: 3}
			if got, _ := followUpAnswer(row, own); got != tt.want {
				t.Errorf("follow-up on %q, want %q", got, tt.want)
			}
		})
	}
}
