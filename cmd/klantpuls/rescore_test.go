package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// The settings key and lease name app's rescore keeps (internal/app/sentiment_rescore.go), as a
// database of an earlier release and a serve node elsewhere leave them.
const (
	scorerVersionSetting = "sentiment.scorer_version"
	rescoreLeaseName     = "lease:sentiment-rescore"
)

// olderScorersProject is the database of a release whose sentiment scorer read "kan beter" and
// "nergens over te klagen" as neutral (before d045aa9; CHANGELOG: a mild complaint and praise
// now): their scores 0, a text that scorer read as today's one does, and no scorer version
// recorded, as a release before the versions were counted left it. Its engine file is gone,
// so a report reads what the database holds.
func olderScorersProject(t *testing.T) *project {
	t.Helper()
	p := newProject(t)
	p.mustImport("responses", "response_id,survey,score,submitted_at,comment,language\n"+
		"R1,nps,6,2026-03-02 10:00,Kan beter,nl\n"+
		"R2,nps,9,2026-03-02 11:00,Nergens over te klagen,nl\n"+
		"R3,nps,1,2026-03-02 12:00,\"Waardeloos, nooit meer.\",nl\n")
	p.mustImport("mentions", "mention_id,source,at,text\nN1,X,2026-03-03 12:00,De bezorging kan beter\n")
	sqlitetest.ScoredAs(t, p.db, "responses", "R1", 0)
	sqlitetest.ScoredAs(t, p.db, "responses", "R2", 0)
	sqlitetest.ScoredAs(t, p.db, "mentions", "N1", 0)
	withApp(t, p.db, func(a *app.App) {
		if err := a.SetSetting(context.Background(), scorerVersionSetting, ""); err != nil {
			t.Fatal(err)
		}
	})
	if err := os.Remove(app.EngineFile("", p.db)); err != nil {
		t.Fatal(err)
	}
	return p
}

// withApp opens the project's database as another process would, for what no command does.
func withApp(t *testing.T, db string, f func(*app.App)) {
	t.Helper()
	a, err := app.Open(context.Background(), db, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	f(a)
}

// lastChange is the number of the database's last change (the change sequence every node and
// engine file follows).
func lastChange(t *testing.T, db string) (n int64) {
	t.Helper()
	withApp(t, db, func(a *app.App) {
		if err := a.LoadEngine(context.Background()); err != nil {
			t.Fatal(err)
		}
		n = a.Seq()
	})
	return n
}

// rescoreHint is what report and import say, in English, while a rescore is due.
const rescoreHint = "run klantpuls rescore, or start klantpuls serve"

// marchSentiment runs `report --format json` on March and returns the sentiment block and
// stderr; the JSON on stdout must parse whatever stderr says.
func marchSentiment(t *testing.T, p *project) (positive, neutral, negative float64, stderr string) {
	t.Helper()
	stdout, stderr, code := p.run("report", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "json", "--lang", "en")
	if code != 0 {
		t.Fatalf("report: exit %d\n%s", code, stderr)
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(stdout), &d); err != nil {
		t.Fatalf("report --format json is not JSON alone: %v\n%s", err, stdout)
	}
	r := doc{t, d}
	return r.num("groups.0.metrics.sentiment.positive"), r.num("groups.0.metrics.sentiment.neutral"),
		r.num("groups.0.metrics.sentiment.negative"), stderr
}

// TestRescoreCommand: a user who imports from cron and runs `klantpuls report`, never serve,
// gets the newer scorer's scores with `klantpuls rescore` — "kan beter" negative, "nergens over
// te klagen" positive — and, until then, report and import say once on stderr that a rescore
// is due, the JSON on stdout untouched. A second run has nothing to do and writes nothing.
func TestRescoreCommand(t *testing.T) {
	p := olderScorersProject(t)

	pos, neu, neg, stderr := marchSentiment(t, p)
	if pos != 0 || neu != 3 || neg != 1 {
		t.Errorf("before: %v positive, %v neutral, %v negative; want the older scorer's 0, 3, 1", pos, neu, neg)
	}
	if n := strings.Count(stderr, rescoreHint); n != 1 {
		t.Errorf("report before the rescore says %d times %q, want once:\n%s", n, rescoreHint, stderr)
	}
	// An import of two files says it once.
	a, b := p.file("t1.csv", "ticket_id,created_at\nT1,2026-03-02 10:00\n"), p.file("t2.csv", "ticket_id,created_at\nT2,2026-03-02 11:00\n")
	if _, stderr, code := p.run("import", "--kind", "tickets", a, b); code != 0 || strings.Count(stderr, rescoreHint) != 1 {
		t.Errorf("import before the rescore: exit %d, want 0 and %q once:\n%s", code, rescoreHint, stderr)
	}
	if _, stderr, code := p.run("import", "--kind", "tickets", "--lang", "nl", a); code != 0 || !strings.Contains(stderr, "voer klantpuls rescore uit") {
		t.Errorf("import --lang nl before the rescore: exit %d, want the hint in Dutch:\n%s", code, stderr)
	}

	before := lastChange(t, p.db)
	stdout, stderr, code := p.run("rescore", "--lang", "en")
	if code != 0 {
		t.Fatalf("rescore: exit %d\n%s%s", code, stdout, stderr)
	}
	// Read: R1, R2, R3 and N1; changed: R1, R2 and N1 (R3's score is the scorer's).
	if want := "4 texts read, 3 scores changed"; !strings.Contains(stdout, want) {
		t.Errorf("rescore says %q, want %q", stdout, want)
	}
	if got := lastChange(t, p.db) - before; got != 3 {
		t.Errorf("rescore wrote %d changes, want 3 (R1, R2, N1)", got)
	}

	pos, neu, neg, stderr = marchSentiment(t, p)
	if pos != 1 || neu != 0 || neg != 3 {
		t.Errorf("after: %v positive, %v neutral, %v negative; want the newer scorer's 1, 0, 3", pos, neu, neg)
	}
	if strings.Contains(stderr, "rescore") {
		t.Errorf("report after the rescore still says it is due:\n%s", stderr)
	}
	if _, stderr, _ := p.run("import", "--kind", "tickets", a); strings.Contains(stderr, "rescore") {
		t.Errorf("import after the rescore still says it is due:\n%s", stderr)
	}

	before = lastChange(t, p.db)
	stdout, stderr, code = p.run("rescore", "--lang", "nl")
	if code != 0 || !strings.Contains(stdout, "niets te doen") {
		t.Errorf("a second rescore: exit %d, want 0 and 'niets te doen':\n%s%s", code, stdout, stderr)
	}
	if got := lastChange(t, p.db) - before; got != 0 {
		t.Errorf("a second rescore wrote %d changes", got)
	}
}

// TestRescoreCommandWhileAnotherHoldsTheLease: while a serve node elsewhere scores the texts
// again (it holds the lease), `klantpuls rescore` says so, exits 1 and changes nothing; once
// the lease is free it does the work.
func TestRescoreCommandWhileAnotherHoldsTheLease(t *testing.T) {
	p := olderScorersProject(t)
	ctx := context.Background()
	const elsewhere = "node-2:4242/serve"
	withApp(t, p.db, func(a *app.App) {
		if held, err := a.ClaimSync(ctx, rescoreLeaseName, elsewhere, time.Now(), time.Minute); err != nil || !held {
			t.Fatalf("the lease: %v, %v", held, err)
		}
	})
	before := lastChange(t, p.db)
	stdout, stderr, code := p.run("rescore", "--lang", "en")
	if code != 1 || !strings.Contains(stderr, "another klantpuls process") {
		t.Errorf("rescore while another holds the lease: exit %d, want 1 saying another process does it\n%s%s", code, stdout, stderr)
	}
	if got := lastChange(t, p.db) - before; got != 0 {
		t.Errorf("rescore while another holds the lease wrote %d changes", got)
	}
	if _, _, _, stderr := marchSentiment(t, p); !strings.Contains(stderr, rescoreUnderWay) {
		t.Errorf("report while another process rescores does not say it is under way:\n%s", stderr)
	}

	withApp(t, p.db, func(a *app.App) {
		if err := a.ReleaseSync(ctx, rescoreLeaseName, elsewhere); err != nil {
			t.Fatal(err)
		}
	})
	if stdout, stderr, code := p.run("rescore", "--lang", "en"); code != 0 || !strings.Contains(stdout, "3 scores changed") {
		t.Errorf("rescore once the lease is free: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestRescoreCommandProcess runs `klantpuls rescore` as a process (the test binary is
// klantpuls itself, TestMain): its exit statuses are the real ones.
func TestRescoreCommandProcess(t *testing.T) {
	p := olderScorersProject(t)
	for _, want := range []string{"3 scores changed", "nothing to do"} {
		cmd := exec.Command(os.Args[0], "--db", p.db, "rescore", "--lang", "en")
		cmd.Env = append(os.Environ(), "KLANTPULS_RUN_MAIN=1")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil || !strings.Contains(stdout.String(), want) {
			t.Errorf("want %q: %v\n%s%s", want, err, stdout.String(), stderr.String())
		}
	}
}
