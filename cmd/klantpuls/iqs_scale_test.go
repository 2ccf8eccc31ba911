package main

import (
	"strings"
	"testing"
)

// TestNarrowedCriterionScaleRefusedAtStart: a criterion's scale narrowed in the config after
// ratings were stored on the wider one would score a 10 stored on 1–10 as (10 − 1)/(5 − 1) =
// 225% on 1–5. The commands that answer from the engine refuse to start, naming the criterion,
// its scale now, how many stored ratings fall outside and of which reviews, rather than show
// an IQS above 100; widening the scale again brings the figure back, and so does deleting the
// rows. A criterion the config no longer names falls back to 1–5 and is checked the same.
func TestNarrowedCriterionScaleRefusedAtStart(t *testing.T) {
	p := newProject(t).withConfig("[[scorecards.criteria]]\nname = \"Oplossing\"\n" +
		"[[scorecards.criteria]]\nname = \"Toon\"\nmin = 1\nmax = 10\n")
	p.mustImport("reviews", "review_id,reviewed_at,agent,criterion,rating\n"+
		"Q1,2026-03-05 10:00,Anna,Toon,10\nQ1,2026-03-05 10:00,Anna,Oplossing,5\n"+
		"Q2,2026-03-06 10:00,Anna,toon,7\nQ3,2026-03-06 11:00,Anna,Toon,\n")
	// On 1–10: Q1 (1 + 1)/2 = 100, Q2 (7 − 1)/9 = 66.67; Q3 rated nothing.
	p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"iqs.value": (100 + 600.0/9) / 2, "iqs.n": 2})

	cases := []struct {
		name, config string
		want         []string
	}{
		{"narrowed to 1–5", "[[scorecards.criteria]]\nname = \"Oplossing\"\n[[scorecards.criteria]]\nname = \"Toon\"\nmin = 1\nmax = 5\n",
			[]string{`scorecards.criteria[2] ("Toon")`, "1..5", "2 stored ratings", "reviews Q1, Q2", "Widen the scale", "klantpuls delete --kind reviews"}},
		{"left out of the config", "[[scorecards.criteria]]\nname = \"Oplossing\"\n",
			[]string{`"Toon"`, "[[scorecards.criteria]]", "1..5", "2 stored ratings", "Q1", "Q2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p.withConfig(c.config)
			stdout, stderr, code := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "json")
			if code != exitInput || stdout != "" {
				t.Fatalf("exit %d, want %d and no report\n%s", code, exitInput, stdout)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("the refusal does not say %q:\n%s", w, stderr)
				}
			}
		})
	}

	t.Run("deleting the rows outside brings the figure back", func(t *testing.T) {
		for _, id := range []string{"Q1", "Q2"} {
			if _, stderr, code := p.run("delete", "--kind", "reviews", "--id", id, "--criterion", "Toon"); code != 0 {
				t.Fatalf("delete %s: exit %d\n%s", id, code, stderr)
			}
		}
		// Q1 keeps Oplossing 5 on 1–5: 100; Q2 and Q3 rated nothing.
		p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"iqs.value": 100, "iqs.n": 1})
	})
}
