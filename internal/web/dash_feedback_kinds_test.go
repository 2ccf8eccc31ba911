package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
)

// The feedback filter's CSAT kinds keep the account scale's own scores: its critical ones (as
// Opvolging follows up: the two lowest, below the positive ones) and its positive ones. They
// were 1–2 and 4–5 on every scale; NPS's classes are fixed by metrics.md. An answer on a scale
// of its own is judged by that scale's (Zendesk's bad 0 low, good 1 high; Freshdesk's two
// least satisfied points low, its happy ones high), whatever the account's.
func TestFeedbackKindsOnTheScale(t *testing.T) {
	for _, tc := range []struct {
		scale        config.Scale
		kind, survey string
		want         string // "lo–hi", "" for no bound; then good-bad's and freshdesk's for CSAT
	}{
		{config.Scale{Min: 1, Max: 5, PositiveMin: 4}, "csat_low", "csat", "1–2 good-bad 0–0 freshdesk -103–-102"},
		{config.Scale{Min: 1, Max: 5, PositiveMin: 4}, "csat_high", "csat", "4–5 good-bad 1–1 freshdesk 101–103"},
		{config.Scale{Min: 1, Max: 10, PositiveMin: 9}, "csat_low", "csat", "1–2 good-bad 0–0 freshdesk -103–-102"},
		{config.Scale{Min: 1, Max: 3, PositiveMin: 2}, "csat_low", "csat", "1–1 good-bad 0–0 freshdesk -103–-102"},
		{config.Scale{Min: 1, Max: 3, PositiveMin: 2}, "csat_high", "csat", "2–3 good-bad 1–1 freshdesk 101–103"},
		{config.Scale{Min: 0, Max: 10, PositiveMin: 7}, "csat_low", "csat", "0–1 good-bad 0–0 freshdesk -103–-102"},
		{config.Scale{Min: 0, Max: 10, PositiveMin: 7}, "csat_high", "csat", "7–10 good-bad 1–1 freshdesk 101–103"},
		// Thumbs up and down, both positive from 0: no score is critical, the range is empty.
		{config.Scale{Min: 0, Max: 1, PositiveMin: 0}, "csat_low", "csat", "0–-1 good-bad 0–0 freshdesk -103–-102"},
		{config.Scale{Min: 0, Max: 10, PositiveMin: 7}, "detractors", "nps", "0–6"},
		{config.Scale{Min: 0, Max: 10, PositiveMin: 7}, "ces", "ces", ""},
	} {
		t.Run(fmt.Sprintf("%s on %d–%d from %d", tc.kind, tc.scale.Min, tc.scale.Max, tc.scale.PositiveMin), func(t *testing.T) {
			fq, bad := feedbackQuery(url.Values{"kind": {tc.kind}}, view{}, tc.scale)
			if bad != nil {
				t.Fatal(bad)
			}
			got := ""
			if fq.MinScore != nil && fq.MaxScore != nil {
				got = fmt.Sprintf("%d–%d", *fq.MinScore, *fq.MaxScore)
			}
			for _, sc := range fq.Scales {
				switch sc.Scale {
				case "":
					got = fmt.Sprintf("%d–%d", sc.Min, sc.Max) + got
				case "good-bad", "freshdesk":
					got += fmt.Sprintf(" %s %d–%d", sc.Scale, sc.Min, sc.Max)
				}
			}
			if fq.Survey != tc.survey || got != tc.want {
				t.Errorf("survey %q, scores %q; want %q, %q", fq.Survey, got, tc.survey, tc.want)
			}
		})
	}
}

// TestFeedbackCSATKindsNameTheScalesScores: the filter's CSAT choices name the scores they keep
// on the account's scale. They read "CSAT 1–2" and "CSAT 4–5" whatever the scale, so on 1–10
// "CSAT 4–5" listed the 9s and 10s.
func TestFeedbackCSATKindsNameTheScalesScores(t *testing.T) {
	ts := startServer(t)
	admin := ts.login("admin@example.com")
	for _, tc := range []struct {
		scale     config.Scale
		lang      string
		low, high string
	}{
		{config.Scale{Min: 1, Max: 5, PositiveMin: 4}, "nl", "CSAT laag (1–2)", "CSAT hoog (4–5)"},
		{config.Scale{Min: 1, Max: 10, PositiveMin: 9}, "nl", "CSAT laag (1–2)", "CSAT hoog (9–10)"},
		{config.Scale{Min: 1, Max: 10, PositiveMin: 9}, "en", "CSAT low (1–2)", "CSAT high (9–10)"},
		{config.Scale{Min: 1, Max: 3, PositiveMin: 2}, "nl", "CSAT laag (1)", "CSAT hoog (2–3)"},
		{config.Scale{Min: 0, Max: 1, PositiveMin: 0}, "en", "CSAT low (–)", "CSAT high (0–1)"},
	} {
		t.Run(fmt.Sprintf("%d–%d from %d in %s", tc.scale.Min, tc.scale.Max, tc.scale.PositiveMin, tc.lang), func(t *testing.T) {
			ts.app.Config.CSAT = tc.scale
			page := admin.get("/feedback?period=month&lang=" + tc.lang).body
			for _, want := range []string{`<option value="csat_low">` + tc.low + `</option>`, `<option value="csat_high">` + tc.high + `</option>`} {
				if !strings.Contains(page, want) {
					t.Errorf("no %s in %s", want, regexp.MustCompile(`<option value="csat_[a-z]+">[^<]*`).FindAllString(page, -1))
				}
			}
		})
	}
}
