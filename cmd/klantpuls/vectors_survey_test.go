package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// Survey vectors of metrics.md section 5, through import → report.

// npsResponses writes p promoters (10), m passives (8) and d detractors (3), each from its own
// customer, all in March 2026.
func npsResponses(p, m, d int) string {
	var rows []string
	add := func(n, score int) {
		for range n {
			i := len(rows)
			rows = append(rows, fmt.Sprintf("R%d,nps,%d,2026-03-%02dT12:00:00+01:00,C%d", i, score, 1+i%28, i))
		}
	}
	add(p, 10)
	add(m, 8)
	add(d, 3)
	return "response_id,survey,score,submitted_at,customer_id\n" + strings.Join(rows, "\n") + "\n"
}

func TestVectorsNPS(t *testing.T) {
	tests := []struct {
		name    string
		p, m, d int
		want    map[string]float64
	}{
		{"vector 1", 70, 20, 10, map[string]float64{"nps.value": 60, "nps.n": 100, "nps.promoters": 70}},
		{"vector 3", 3, 3, 2, map[string]float64{"nps.value": 12.5, "nps.n": 8}},
		{"vector 4", 1, 5, 2, map[string]float64{"nps.value": -12.5}},
		{"vector 6", 120, 50, 30, map[string]float64{"nps.value": 45, "nps.ci95.0": 34.7452, "nps.ci95.1": 55.2548}},
		{"vector 8", 5, 0, 0, map[string]float64{"nps.value": 100, "nps.ci95.0": 17.4905, "nps.ci95.1": 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProject(t)
			p.mustImport("responses", npsResponses(tt.p, tt.m, tt.d))
			p.report("2026-03-01", "2026-04-01").expect(1e-3, tt.want)
		})
	}
	t.Run("vector 2: scores 10,9,9,7,8,3", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("responses", "response_id,survey,score,submitted_at\n"+
			"a,nps,10,2026-03-02 10:00\nb,nps,9,2026-03-02 10:00\nc,nps,9,2026-03-02 10:00\n"+
			"d,nps,7,2026-03-02 10:00\ne,nps,8,2026-03-02 10:00\nf,nps,3,2026-03-02 10:00\n")
		d := p.report("2026-03-01", "2026-04-01")
		d.expect(1e-9, map[string]float64{"nps.value": 100.0 / 3, "nps.promoters": 3, "nps.passives": 2, "nps.detractors": 1})
		stdout, _, _ := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--lang", "nl")
		if !regexp.MustCompile(`(?m)^NPS +33 +6\* `).MatchString(stdout) {
			t.Errorf("table does not show NPS 33:\n%s", stdout)
		}
	})
	t.Run("vector 3 and 4 display: 12.5 shows 13, −12.5 shows −13 (metrics.md, with its minus sign)", func(t *testing.T) {
		for _, c := range []struct {
			p, m, d int
			shows   string
		}{{3, 3, 2, " 13 "}, {1, 5, 2, " −13 "}} {
			p := newProject(t)
			p.mustImport("responses", npsResponses(c.p, c.m, c.d))
			stdout, _, _ := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--lang", "en")
			if line := lineOf(stdout, "NPS "); !strings.Contains(line, c.shows) {
				t.Errorf("NPS line %q does not show %q", line, c.shows)
			}
		}
	})
	t.Run("vector 5: no responses is null, not 0", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("responses", npsResponses(0, 0, 0))
		d := p.report("2026-03-01", "2026-04-01")
		d.expectNull("nps.value", "nps.ci95", "csat.value", "csat.mean", "ces.value")
		d.expect(0, map[string]float64{"nps.n": 0})
	})
	t.Run("one voice per customer per period: the latest answer counts", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("responses", "response_id,survey,score,submitted_at,customer_id\n"+
			"a,nps,0,2026-03-02 10:00,C1\nb,nps,10,2026-03-20 10:00,C1\nc,nps,10,2026-04-02 10:00,C1\nd,nps,5,2026-03-03 10:00,C2\n")
		d := p.report("2026-03-01", "2026-04-01")
		d.expect(0, map[string]float64{"nps.n": 2, "nps.promoters": 1, "nps.detractors": 1})
		d = p.report("2026-01-01", "2026-06-01") // the April answer is now C1's latest
		d.expect(0, map[string]float64{"nps.n": 2, "nps.promoters": 1, "nps.detractors": 1})
	})
}

func lineOf(text, prefix string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

func TestVectorsCSATAndCES(t *testing.T) {
	t.Run("vector 9: CSAT 5,5,4,3,3,2,1,4,5,4", func(t *testing.T) {
		p := newProject(t)
		scores := []int{5, 5, 4, 3, 3, 2, 1, 4, 5, 4}
		p.mustImport("responses", csvRows("response_id,survey,score,submitted_at,ticket_id", len(scores), func(i int) string {
			return fmt.Sprintf("R%d,csat,%d,2026-03-05 12:00,T%d", i, scores[i], i)
		}))
		p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"csat.value": 60, "csat.mean": 3.6, "csat.n": 10, "csat.positive": 6})
	})
	t.Run("vector 10: 35 positive of 50, Wilson interval", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("responses", csvRows("response_id,survey,score,submitted_at", 50, func(i int) string {
			score := 2
			if i < 35 {
				score = 5
			}
			return fmt.Sprintf("R%d,csat,%d,2026-03-05 12:00", i, score)
		}))
		d := p.report("2026-03-01", "2026-04-01")
		d.expect(0.05, map[string]float64{"csat.value": 70, "csat.ci95.0": 56.2, "csat.ci95.1": 80.9})
	})
	t.Run("vector 11: CES 7,6,5,5,4,2,1", func(t *testing.T) {
		p := newProject(t)
		scores := []int{7, 6, 5, 5, 4, 2, 1}
		p.mustImport("responses", csvRows("response_id,survey,score,submitted_at", len(scores), func(i int) string {
			return fmt.Sprintf("R%d,ces,%d,2026-03-05 12:00", i, scores[i])
		}))
		p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"ces.value": 400.0 / 7, "ces.mean": 30.0 / 7, "ces.easy": 4})
	})
	t.Run("CES with direction effort turns the scale around", func(t *testing.T) {
		p := newProject(t).withConfig("[surveys.ces]\nmin = 1\nmax = 7\ndirection = \"effort\"\n")
		scores := []int{1, 2, 3, 4, 7} // as easy: 7, 6, 5, 4, 1
		p.mustImport("responses", csvRows("response_id,survey,score,submitted_at", len(scores), func(i int) string {
			return fmt.Sprintf("R%d,ces,%d,2026-03-05 12:00", i, scores[i])
		}))
		p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"ces.easy": 3, "ces.value": 60, "ces.mean": 23.0 / 5})
	})
	t.Run("a re-rated ticket counts once, with the new rating, at its time", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("responses", "response_id,survey,score,submitted_at,ticket_id,comment\n"+
			"a,csat,1,2026-03-05 12:00,T1,Slecht\nb,csat,5,2026-03-06 12:00,T1,\nc,csat,2,2026-03-07 12:00,T2,\nd,csat,5,2026-04-03 12:00,T2,Toch goed\n")
		d := p.report("2026-03-01", "2026-04-01")
		// T1 counts with 5; T2's latest rating is in April, so March has none of T2.
		d.expect(0, map[string]float64{"csat.n": 1, "csat.positive": 1, "feedback_response.n": 1})
		p.report("2026-04-01", "2026-05-01").expect(0, map[string]float64{"csat.n": 1, "csat.positive": 1})
	})
	t.Run("vector 31: feedback 45 replied of 60", func(t *testing.T) {
		p := newProject(t)
		p.mustImport("responses", csvRows("response_id,survey,score,submitted_at,comment,replied_at", 50, func(i int) string {
			replied := ""
			if i < 38 {
				replied = "2026-04-20 09:00" // after the period: when the reply came does not matter
			}
			return fmt.Sprintf("R%d,csat,4,2026-03-05 12:00,\"Prima, dank <b>je</b> & \"\"top\"\"\",%s", i, replied)
		}))
		p.mustImport("mentions", csvRows("mention_id,source,at,text,replied_at", 10, func(i int) string {
			replied := ""
			if i < 7 {
				replied = "2026-03-06 09:00"
			}
			return fmt.Sprintf("N%d,Trustpilot,2026-03-05 12:00,Goede winkel,%s", i, replied)
		}))
		p.report("2026-03-01", "2026-04-01").expect(1e-9, map[string]float64{"feedback_response.value": 75,
			"feedback_response.n": 60, "feedback_response.replied": 45})
	})
}
