package engine

import (
	"fmt"
	"math"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// CSAT counts each answer positive by its own scale's rule (metric.CSATScales); the mean is
// told on the install's scale, 1–5, each answer placed there by its position on its own scale.
//
//	Zendesk good/bad:  good, good, good, bad        → positive 3 (good);   on 1–5: 5, 5, 5, 1
//	Freshdesk:         103, 103, 100, −103          → positive 2 (101–103); on 1–5: 5, 5, 3, 1
//	(happy, happy, neutral, unhappy)
//	the install's 1–5: 5, 4, 3, 2                   → positive 2 (4–5);     5, 4, 3, 2
//
//	CSAT = 100 · (3 + 2 + 2) / 12 = 700 / 12 = 58.333…% (shows 58.3)
//	mean = (5+5+5+1 + 5+5+3+1 + 5+4+3+2) / 12 = 44 / 12 = 3.666…
//
// Counted by the install's 1–5 rule alone (score ≥ 4), good = 1 would be negative and
// Freshdesk's 100 positive: 0 + 3 + 2 = 5. Then a 1–10 answer of 8 is not positive (9–10
// are; 8 ≥ 4 would be), one of 9 is.
func TestCSATPerResponseScale(t *testing.T) {
	e := newEngine(t)
	answers := []struct {
		scale string
		score int
	}{
		{"good-bad", 1}, {"good-bad", 1}, {"good-bad", 1}, {"good-bad", 0},
		{"freshdesk", 103}, {"freshdesk", 103}, {"freshdesk", 100}, {"Freshdesk", -103},
		{"", 5}, {"", 4}, {"", 3}, {"", 2},
	}
	for i, a := range answers {
		e.Apply(&cx.Response{ID: fmt.Sprint("R", i), Survey: cx.SurveyCSAT, Score: a.score, Scale: a.scale,
			SubmittedAt: at("2026-03-10 10:00")})
	}
	csat := func() (value, mean float64, n, positive int) {
		groups, err := e.Report(Query{From: day("2026-03-01"), To: day("2026-04-01")})
		if err != nil {
			t.Fatal(err)
		}
		c := groups[0].Metrics.CSAT
		return *c.Value, *c.Mean, c.N, c.Positive
	}
	value, mean, n, positive := csat()
	if n != 12 || positive != 7 || math.Abs(value-700.0/12) > 1e-9 || math.Abs(mean-44.0/12) > 1e-9 {
		t.Errorf("n %d positive %d value %v mean %v; want 12, 7, 58.333…, 3.666…", n, positive, value, mean)
	}
	// 1–10: 8 is below the top two points, 9 in them. On 1–5: 1 + 4·7/9 and 1 + 4·8/9.
	e.Apply(&cx.Response{ID: "T8", Survey: cx.SurveyCSAT, Score: 8, Scale: "1-10", SubmittedAt: at("2026-03-11 10:00")},
		&cx.Response{ID: "T9", Survey: cx.SurveyCSAT, Score: 9, Scale: "1-10", SubmittedAt: at("2026-03-11 10:00")})
	value, mean, n, positive = csat()
	wantMean := (44 + 1 + 4*7.0/9 + 1 + 4*8.0/9) / 14
	if n != 14 || positive != 8 || math.Abs(value-800.0/14) > 1e-9 || math.Abs(mean-wantMean) > 1e-9 {
		t.Errorf("n %d positive %d value %v mean %v; want 14, 8, 57.142…, %v", n, positive, value, mean, wantMean)
	}
}
