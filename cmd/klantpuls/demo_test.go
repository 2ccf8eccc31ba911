package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
)

// TestDemo fills a real database with the demo year and reports on it; a second demo into it
// is refused.
func TestDemo(t *testing.T) {
	inEnglish(t)
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
	for _, want := range []string{"40,000 customers", "60,000 orders", "50,000 tickets", "20,000 responses", "2,000 mentions", "3,000 reviews", "30,000 events"} {
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
	if _, stderr, code := p.run("demo", "--until", "2026-11-01"); code != exitInput || !strings.Contains(stderr, "holds records already") {
		t.Errorf("a second demo into the demo's database: exit %d, want %d and a refusal\n%s", code, exitInput, stderr)
	}
}

// data.md section 1: --db defaults to klantpuls.db in the working directory, where a user's own
// data lives. A demo there would mix 40,000 fictional customers into theirs and replace those
// sharing an id (C000001, …), with no way to take them out again: a database that holds or
// has held the user's data is refused, saying which (records, or only their history: a
// database whose records were all deleted holds none, yet is theirs), naming it and the way on
// (a database of the demo's own), and nothing is written.
func TestDemoRefusesTheUsersDatabase(t *testing.T) {
	inEnglish(t)
	t.Setenv("KLANTPULS_USER_PASSWORD", "klantpuls-demo")
	for _, tt := range []struct {
		name     string
		imported bool       // a customer
		then     [][]string // commands run after
		count    int        // customers left after the refused demo
		want     string
	}{
		{"records", true, nil, 1, "holds records already (1 record, an import history, an audit log), and the demo's would be mixed into them"},
		{"records all deleted", true, [][]string{{"delete", "--kind", "customers", "--id", "C000001"}}, 0,
			"holds no records, but has held your data (1 deletion, an import history, an audit log): nothing written"},
		{"a user and no records ever", false, [][]string{{"user", "add", "--email", "boss.example@example.com", "--role", "admin"}}, 0,
			"holds no records, but has held your data (1 user, an audit log): nothing written"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := newProject(t)
			if tt.imported {
				p.mustImport("customers", "customer_id,acquired_at,name\nC000001,2026-01-01,Anna de Vries\n")
			}
			for _, args := range tt.then {
				if _, stderr, code := p.run(args...); code != 0 {
					t.Fatalf("%v: exit %d\n%s", args, code, stderr)
				}
			}
			_, stderr, code := p.run("demo", "--until", "2026-02-01")
			if code != exitInput {
				t.Errorf("demo into the user's database: exit %d, want %d\n%s", code, exitInput, stderr)
			}
			for _, want := range []string{app.ShownDSN(p.db) + " " + tt.want, "demo data goes into a new file: klantpuls --db demo.db demo"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("the refusal does not say %q:\n%s", want, stderr)
				}
			}
			if n := p.count("customers"); n != tt.count {
				t.Errorf("after demo the user's database holds %d customers, want their %d", n, tt.count)
			}
		})
	}
}
