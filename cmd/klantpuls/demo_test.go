package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestDemo fills a real database with the demo year, reports on it, and checks that the same
// seed writes the same rows again (nothing changes the second time).
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo year takes a few seconds")
	}
	if raceDetector {
		t.Skip("the demo year takes minutes under -race; make test runs this without it")
	}
	p := newProject(t)
	_, stderr, code := p.run("demo", "--until", "2026-11-01")
	if code != 0 {
		t.Fatalf("demo: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"40000 customers", "60000 orders", "50000 tickets", "20000 responses", "2000 mentions", "3000 reviews", "30000 events"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("demo output lacks %q: %s", want, stderr)
		}
	}
	// By team: the three teams have tickets; NPS answers (about the company, not a ticket)
	// form the group without a team.
	d := p.report("2026-01-01", "2026-04-01", "--by", "team")
	var keys []string
	for i := range 4 {
		key, _ := d.get(fmt.Sprintf("groups.%d.key", i))
		keys = append(keys, fmt.Sprint(key))
		if i > 0 && d.num(fmt.Sprintf("groups.%d.metrics.tickets.created", i)) == 0 {
			t.Errorf("team %v has no tickets", key)
		}
	}
	if got := strings.Join(keys, "|"); got != "|Klachten|Support BE|Support NL" {
		t.Errorf("teams %q", got)
	}
	if d.num("groups.0.metrics.nps.n") == 0 {
		t.Error("the group without a team has no NPS answers")
	}
	whole := p.report("2025-11-01", "2026-11-01")
	for _, path := range []string{"nps.value", "csat.value", "ces.value", "first_response.business.median", "reply_time.business.mean",
		"resolution.calendar.p90", "complaint_resolution.mean_days", "fcr.value", "wait_time.mean", "handle_time.mean",
		"churn.value", "retention.value", "clv.simple", "clv.historical", "iqs.value", "engagement.value",
		"feedback_response.value", "referral.value"} {
		whole.num("groups.0.metrics." + path) // fails the test when null or missing
	}
	if _, stderr, _ := p.run("demo", "--until", "2026-11-01"); !strings.Contains(stderr, "(0 rows changed)") {
		t.Errorf("a second demo with the same seed must change nothing: %s", stderr)
	}
}
