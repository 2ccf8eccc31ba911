package main

import (
	"strings"
	"testing"
)

// TestNarrowedSurveyScaleRefusedAtStart: [surveys.csat] or [surveys.ces] narrowed after answers
// were stored on the wider scale would read them on the narrow one — a CSAT 9 stored on 1–10 as
// a mean of 9 on 1–5, a 5 (not positive on 1–10) as positive; a CES 7 of effort on 1–7 as
// 1 + 5 − 7 = −1 on 1–5. The commands that answer from the engine refuse to start, naming the
// survey's section, its scale now, how many stored answers fall outside and which, as for a
// review criterion's scale. An answer with a scale of its own (the scale column) is read on
// that one and never counts as outside. Widening the scale again brings the figures back, and
// so does deleting the answers outside.
func TestNarrowedSurveyScaleRefusedAtStart(t *testing.T) {
	wide := "[surveys.csat]\nmin = 1\nmax = 10\n[surveys.ces]\nmin = 1\nmax = 7\ndirection = \"effort\"\n"
	p := newProject(t).withConfig(wide)
	p.mustImport("responses", "response_id,survey,score,submitted_at,scale\n"+
		"C1,csat,9,2026-03-02 10:00,\nC2,csat,5,2026-03-03 10:00,\nC3,csat,10,2026-03-03 11:00,1-10\n"+
		"E1,ces,7,2026-03-04 10:00,\nE2,ces,2,2026-03-04 11:00,\n")
	// On 1–10, positive from 9: C1 and C3 positive, C2 not: 200/3; mean (9 + 5 + 10)/3 = 8.
	// CES on 1–7 of effort: E1 8 − 7 = 1 (not above 4), E2 8 − 2 = 6 (easy): 50; mean 3.5.
	wideFigures := map[string]float64{"csat.value": 200.0 / 3, "csat.n": 3, "csat.mean": 8,
		"ces.value": 50, "ces.n": 2, "ces.mean": 3.5}
	p.report("2026-03-01", "2026-04-01").expect(1e-9, wideFigures)

	narrowCSAT := "[surveys.csat]\nmin = 1\nmax = 5\n"
	narrowCES := "[surveys.ces]\nmin = 1\nmax = 5\ndirection = \"effort\"\n"
	cases := []struct {
		name, config string
		want, not    []string
	}{
		{"csat narrowed to 1–5", narrowCSAT + "[surveys.ces]\nmin = 1\nmax = 7\ndirection = \"effort\"\n",
			[]string{"[surveys.csat] runs 1..5", "1 stored csat answer lies", "(response C1)", "Widen the scale",
				"klantpuls delete --kind responses --id RESPONSE"},
			[]string{"C2", "C3", "ces", "review"}},
		{"ces narrowed to 1–5", "[surveys.csat]\nmin = 1\nmax = 10\n" + narrowCES,
			[]string{"[surveys.ces] runs 1..5", "1 stored ces answer lies", "(response E1)", "[surveys.ces] to take them"},
			[]string{"E2", "csat"}},
		{"both narrowed", narrowCSAT + narrowCES,
			[]string{"[surveys.csat] runs 1..5", "(response C1)", "[surveys.ces] runs 1..5", "(response E1)"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p.withConfig(c.config)
			stdout, stderr, code := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "json")
			if code != exitInput || stdout != "" {
				t.Fatalf("exit %d, want %d and no report\n%s\n%s", code, exitInput, stdout, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("the refusal does not say %q:\n%s", w, stderr)
				}
			}
			for _, w := range c.not {
				if strings.Contains(stderr, w) {
					t.Errorf("the refusal names %q, which is on its scale:\n%s", w, stderr)
				}
			}
		})
	}

	t.Run("widened again", func(t *testing.T) {
		p.withConfig(wide)
		p.report("2026-03-01", "2026-04-01").expect(1e-9, wideFigures)
	})

	t.Run("deleting the answers outside brings the figures back", func(t *testing.T) {
		p.withConfig(narrowCSAT + narrowCES)
		for _, id := range []string{"C1", "E1"} {
			if _, stderr, code := p.run("delete", "--kind", "responses", "--id", id); code != 0 {
				t.Fatalf("delete %s: exit %d\n%s", id, code, stderr)
			}
		}
		// On 1–5, positive from 4: C2 5 positive, C3 10 on its own 1–10 positive: 100; mean
		// (5 + 5)/2 = 5 (C3 at the top of its scale is 5 on 1–5). CES: E2 6 − 2 = 4, above 3.
		p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"csat.value": 100, "csat.n": 2,
			"csat.mean": 5, "ces.value": 100, "ces.n": 1, "ces.mean": 4})
	})
}
