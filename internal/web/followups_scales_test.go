package web

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestCSATJudgedByItsOwnScale: on an install of 1–5 (positive from 4) a CSAT answer on a
// scale of its own is critical or positive by that scale's rule (metrics.md section 1), on
// Opvolging — picked by the engine and, with a filter, by the database alike — and in the
// feedback filters. Worked by hand from metric.CSATScales: Zendesk's bad (0) is critical and
// its good (1) positive; Freshdesk's two least satisfied points (−103, −102) are critical,
// −101 and neutral 100 neither, 102 positive; 2 on 0–10 is not critical (0–1 are), though it
// is on the install's 1–5.
func TestCSATJudgedByItsOwnScale(t *testing.T) {
	ts := startServer(t, func(o *Options) {
		o.Now = func() time.Time { return time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC) }
	})
	w := ts.withToken("adminWrite")
	for i, a := range []struct {
		id    string
		score int
		scale string
	}{
		{"I1", 1, ""}, {"I2", 2, ""}, {"I3", 3, ""}, {"I5", 5, ""},
		{"Zgood", 1, "good-bad"}, {"Zbad", 0, "good-bad"},
		{"F103", -103, "freshdesk"}, {"F102", -102, "freshdesk"}, {"F101", -101, "freshdesk"},
		{"F100", 100, "freshdesk"}, {"Fhappy", 102, "freshdesk"},
		{"D2", 2, "0-10"},
	} {
		scale := ""
		if a.scale != "" {
			scale = fmt.Sprintf(`"scale":%q,`, a.scale)
		}
		body := fmt.Sprintf(`{"response_id":%q,"survey":"csat","score":%d,%s"submitted_at":"2026-03-%02d 10:00","channel":"web","comment":"c-%s"}`,
			a.id, a.score, scale, i+1, a.id)
		if res := w.postJSON("/api/v1/responses", body); res.status != 200 {
			t.Fatalf("answer %s: %d %s", a.id, res.status, res.body)
		}
	}
	admin := ts.login("admin@example.com")
	ids := func(path, pattern string) string {
		res := admin.get(path)
		if res.status != 200 {
			t.Fatalf("%s: %d", path, res.status)
		}
		var out []string
		for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(res.body, -1) {
			out = append(out, m[1])
		}
		return strings.Join(out, " ")
	}
	followUps, comments := `<li class="item[^"]*" id="r-([^"]+)">`, `<blockquote>c-([^<]*)</blockquote>`
	for _, tt := range []struct{ name, path, pattern, want string }{
		{"Opvolging, oldest first", "/followups?period=month", followUps, "I1 I2 Zbad F103 F102"},
		{"Opvolging, score 1", "/followups?period=month&score=1", followUps, "I1"},
		{"Opvolging, score 0", "/followups?period=month&score=0", followUps, "Zbad"},
		{"CSAT laag, newest first", "/feedback?period=month&kind=csat_low", comments, "F102 F103 Zbad I2 I1"},
		{"CSAT hoog", "/feedback?period=month&kind=csat_high", comments, "Fhappy Zgood I5"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(tt.path, tt.pattern); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			// With a filter every answer passes, the database picks (followUpItems).
			if got := ids(tt.path+"&channel=web", tt.pattern); got != tt.want {
				t.Errorf("with a filter:\n got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
