package digest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/report"
)

// driver is a driver on 100 answers with the factor and 100 without.
func driver(factor, key string, value, impact float64, significant bool) engine.Driver {
	return engine.Driver{Factor: factor, Key: key, Driver: metric.Driver{
		Effect: metric.Effect{Value: &value, Significant: significant, With: 100, Without: 100}, Impact: &impact}}
}

// The digest names the three significant drivers with the largest impact, either way, as the
// Waarom page does (a theme by its label, a channel in the reader's language, NPS in whole
// points: metrics.md section 0), and up to three emerging terms; a driver its test does not
// find real is left out however large, and so is one on fewer than 30 answers either side, which the page marks indicative and a digest has
// no room to: chat's 0 of 1 satisfied against 19 of 20 (−95 points, pooled z-test p = 0.002).
func TestWhyPicksSignificantDrivers(t *testing.T) {
	few := engine.Driver{Factor: "channel", Key: "chat", Driver: metric.NewDriver(metric.CSATEffect(0, 1, 19, 20))}
	if !few.Significant || few.Impact == nil {
		t.Fatalf("the driver on one answer: %+v, want one its test finds significant", few)
	}
	w := &engine.Why{
		NPS: []engine.Driver{driver("complaint", "", -30, -6, true), driver("channel", "chat", 40, 9, false),
			driver("channel", "phone", -35, -7, true)},
		CSAT: []engine.Driver{driver("theme", "delivery", -20, -8, true), driver("first_contact", "", 15, 3, true),
			driver("reopened", "", -5, -0.5, true), few},
		Themes: []engine.ThemeFigures{{Key: "delivery", LabelNL: "Levering", LabelEN: "Delivery"}},
		Emerging: []engine.EmergingTerm{{Term: "steeds niet bezorgd", Count: 12}, {Term: "app crasht", Count: 7},
			{Term: "retour", Count: 5}, {Term: "vierde", Count: 4}},
	}
	cases := []struct {
		lang              report.Lang
		drivers, emerging []string
	}{
		{report.Dutch, []string{"Thema: Levering — CSAT −20,0 procentpunt", "Kanaal: telefoon — NPS −35 punten", "Klacht — NPS −30 punten"},
			[]string{"steeds niet bezorgd (12)", "app crasht (7)", "retour (5)"}},
		{report.English, []string{"Theme: Delivery — CSAT −20.0 points", "Channel: phone — NPS −35 points", "Complaint — NPS −30 points"},
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

// commented is n answers of survey in week 48 with score, each with comment.
func commented(survey, prefix string, n, score int, comment string) []cx.Record {
	var out []cx.Record
	for i := range n {
		out = append(out, &cx.Response{ID: fmt.Sprintf("%s-%s-%d", survey, prefix, i), Survey: survey, Score: score,
			Comment: comment, Language: "nl", SubmittedAt: week48.AddDate(0, 0, 2).Add(time.Duration(i) * time.Minute)})
	}
	return out
}

// The digest's drivers are "as on Waarom" (README) from the engine's figures to the message:
// the theme by its label in the reader's language, as the page names it ("Thema: Levering"),
// not its configuration key, and an NPS difference in whole points (metrics.md section 0).
// Week 48: 40 CSAT answers of 1 and 40 NPS answers of 2 about a parcel that never came (the
// built-in theme "delivery", Levering/Delivery) against 40 CSAT of 5 and 40 NPS of 10 about
// friendly help. NPS with the theme: 40 detractors of 40 = −100; without: 40 promoters = +100;
// the difference −200.
func TestDigestDriversAsOnWhyPage(t *testing.T) {
	var recs []cx.Record
	recs = append(recs, commented(cx.SurveyCSAT, "late", 40, 1, "Mijn pakket is nooit aangekomen.")...)
	recs = append(recs, commented(cx.SurveyCSAT, "kind", 40, 5, "Vriendelijke medewerker, snel geholpen.")...)
	recs = append(recs, commented(cx.SurveyNPS, "late", 40, 2, "Mijn pakket is nooit aangekomen.")...)
	recs = append(recs, commented(cx.SurveyNPS, "kind", 40, 10, "Vriendelijke medewerker, snel geholpen.")...)
	b := builder(freshApp(t, recs))
	for _, c := range []struct{ lang, nps string }{
		{"nl", "- Thema: Levering — NPS −200 punten\n"},
		{"en", "- Theme: Delivery — NPS −200 points\n"},
	} {
		m, err := b.Build(context.Background(), manager(c.lang), now)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(m.Text, c.nps) {
			t.Errorf("%s: want the driver %q in\n%s", c.lang, c.nps, m.Text[strings.Index(m.Text, "\n\n"):])
		}
	}
}
