package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/smtptest"
)

// rescoreUnderWay is what the commands that read the stored sentiment say, in English, while
// another process scores the earlier texts again.
const rescoreUnderWay = "another klantpuls process (a serve node, or a klantpuls rescore) is scoring the earlier texts again now"

// TestRescoreHintOfEveryReader: report and import said a rescore was due ("run klantpuls
// rescore, or start klantpuls serve"), but digest send and model fit, which read the same
// stored sentiment (a digest's figures, the churn model's share of negative comments), said
// nothing; and while a serve node scored the texts again — it holds the rescore's lease — each
// still told the user to start one. Now every one of them says it once on stderr, by one
// function: what to run while nobody does it, that it is under way while a process holds the
// lease; and nothing once it is done.
func TestRescoreHintOfEveryReader(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_GB.UTF-8")
	t.Setenv("KLANTPULS_USER_PASSWORD", "klantpuls-demo")
	srv := smtptest.Start(t)
	p := olderScorersProject(t).withLead(srv)
	tickets := p.file("t.csv", "ticket_id,created_at\nT1,2026-03-02 10:00\n")
	readers := map[string][]string{
		"report":      {"report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "json"},
		"import":      {"import", "--kind", "tickets", tickets},
		"digest send": {"digest", "send", "lead@example.com", "--base-url", "https://klantpuls.example.nl"},
		"model fit":   {"model", "fit", "--as-of", "2026-03-31"},
	}
	says := func(when, want string, unwanted ...string) {
		t.Helper()
		for name, args := range readers {
			_, stderr, _ := p.run(args...)
			if n := strings.Count(stderr, want); n != 1 {
				t.Errorf("%s, %s: says %d times %q, want once:\n%s", name, when, n, want, stderr)
			}
			for _, u := range unwanted {
				if strings.Contains(stderr, u) {
					t.Errorf("%s, %s: says %q:\n%s", name, when, u, stderr)
				}
			}
		}
	}
	says("while a rescore is due", rescoreHint)

	ctx := context.Background()
	const elsewhere = "node-2:4242/serve"
	withApp(t, p.db, func(a *app.App) {
		if held, err := a.ClaimSync(ctx, rescoreLeaseName, elsewhere, time.Now(), time.Minute); err != nil || !held {
			t.Fatalf("the lease: %v, %v", held, err)
		}
	})
	says("while a serve node rescores", rescoreUnderWay, "start klantpuls serve")
	t.Setenv("LANG", "nl_NL.UTF-8")
	if _, stderr, _ := p.run(readers["model fit"]...); !strings.Contains(stderr, "een ander klantpuls-proces (een serve-node, of een klantpuls rescore) scoort de eerdere teksten nu opnieuw") {
		t.Errorf("model fit in Dutch while a serve node rescores:\n%s", stderr)
	}

	withApp(t, p.db, func(a *app.App) {
		if err := a.ReleaseSync(ctx, rescoreLeaseName, elsewhere); err != nil {
			t.Fatal(err)
		}
	})
	if _, stderr, code := p.run("rescore"); code != 0 {
		t.Fatalf("rescore: exit %d\n%s", code, stderr)
	}
	for name, args := range readers {
		if _, stderr, _ := p.run(args...); strings.Contains(stderr, "rescore") {
			t.Errorf("%s after the rescore still speaks of it:\n%s", name, stderr)
		}
	}
}
