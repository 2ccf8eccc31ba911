package report

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestChangeClass: the colour of a change for a higher-is-better and a lower-is-better metric,
// with and without a test, significant or not (a test that cannot be run finds nothing), and on
// few measurements (fewer than 30 in either period), which grey a change only a test can judge.
func TestChangeClass(t *testing.T) {
	up, down := metric.HigherIsBetter, metric.LowerIsBetter
	for _, c := range []struct {
		name            string
		dir             metric.Direction
		diff            float64
		hasTest, signif bool
		few             bool
		want            string
	}{
		{"CSAT-like, up, no test", up, 5, false, false, false, "good"},
		{"higher is better, down, no test", up, -5, false, false, false, "bad"},
		{"response time 9 minutes longer", down, 540, false, false, false, "bad"},
		{"response time shorter", down, -540, false, false, false, "good"},
		{"NPS up, significant", up, 15, true, true, false, "good"},
		{"NPS down, significant", up, -15, true, true, false, "bad"},
		{"NPS up, not significant", up, 15, true, false, false, "ns"},
		{"NPS down, not significant", up, -15, true, false, false, "ns"},
		{"NPS up, no test possible (standard error 0)", up, 200, true, false, false, "ns"},
		{"lower is better, up, significant", down, 3, true, true, false, "bad"},
		{"no change", up, 0, true, true, false, "flat"},
		{"no direction (ticket volume)", metric.NoDirection, 40, false, false, false, "flat"},
		{"response time shorter on few tickets", down, -540, false, false, true, "ns"},
		{"CSAT-like up on few answers, no test", up, 5, false, false, true, "ns"},
		{"no change on few", down, 0, false, false, true, "flat"},
		{"NPS up, significant, few: the test decides", up, 15, true, true, true, "good"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := ChangeClass(c.dir, c.diff, c.hasTest, c.signif, c.few); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
	// The registry says which way is good: first response is lower-is-better, CSAT higher.
	if d, _ := metric.Lookup("first_response"); ChangeClass(d.Direction, 540, false, false, false) != "bad" {
		t.Error("▲ 9 m on first response is not bad")
	}
	if d, _ := metric.Lookup("csat"); ChangeClass(d.Direction, 2, false, false, false) != "good" {
		t.Error("CSAT up is not good")
	}
}
