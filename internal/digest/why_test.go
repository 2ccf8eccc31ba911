package digest

import (
	"slices"
	"testing"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// driver is a driver on 100 answers with the factor and 100 without.
func driver(factor, key string, value, impact float64, significant bool) engine.Driver {
	return engine.Driver{Factor: factor, Key: key, Driver: metric.Driver{
		Effect: metric.Effect{Value: &value, Significant: significant, With: 100, Without: 100}, Impact: &impact}}
}

// The digest names the three significant drivers with the largest impact, either way, and up to
// three emerging terms; a driver its test does not find real is left out however large, and so
// is one on fewer than 30 answers either side, which the page marks indicative and a digest has
// no room to: chat's 0 of 1 satisfied against 19 of 20 (−95 points, pooled z-test p = 0.002).
func TestWhyPicksSignificantDrivers(t *testing.T) {
	few := engine.Driver{Factor: "channel", Key: "chat", Driver: metric.NewDriver(metric.CSATEffect(0, 1, 19, 20))}
	if !few.Significant || few.Impact == nil {
		t.Fatalf("the driver on one answer: %+v, want one its test finds significant", few)
	}
	w := &engine.Why{
		NPS: []engine.Driver{driver("complaint", "", -30, -6, true), driver("channel", "chat", 40, 9, false)},
		CSAT: []engine.Driver{driver("theme", "levering", -20, -8, true), driver("first_contact", "", 15, 3, true),
			driver("reopened", "", -5, -0.5, true), few},
		Emerging: []engine.EmergingTerm{{Term: "steeds niet bezorgd", Count: 12}, {Term: "app crasht", Count: 7},
			{Term: "retour", Count: 5}, {Term: "vierde", Count: 4}},
	}
	cases := []struct {
		lang              report.Lang
		drivers, emerging []string
	}{
		{report.Dutch, []string{"thema: levering — CSAT -20,0 procentpunt", "klacht — NPS -30,0 punten", "in één keer opgelost — CSAT +15,0 procentpunt"},
			[]string{"steeds niet bezorgd (12)", "app crasht (7)", "retour (5)"}},
		{report.English, []string{"theme: levering — CSAT -20.0 points", "complaint — NPS -30.0 points", "solved at first contact — CSAT +15.0 points"},
			[]string{"steeds niet bezorgd (12)", "app crasht (7)", "retour (5)"}},
	}
	for _, c := range cases {
		t.Run(string(c.lang), func(t *testing.T) {
			drivers, emerging := (&Builder{}).why(&view{lang: c.lang}, w)
			if !slices.Equal(drivers, c.drivers) {
				t.Errorf("drivers %q, want %q", drivers, c.drivers)
			}
			if !slices.Equal(emerging, c.emerging) {
				t.Errorf("emerging %q, want %q", emerging, c.emerging)
			}
		})
	}
}
