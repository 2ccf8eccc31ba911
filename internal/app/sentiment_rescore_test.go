package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/text"
)

// olderScorer writes what a klantpuls whose scorer read "kan beter" and "nergens over te
// klagen" as neutral stored (before d045aa9): those texts with the score 0, the version before
// this one's, and one text its scorer read as today's does. It writes past the scoring, as
// TestSentimentBackfill's earlier version does.
func olderScorer(t *testing.T, a *App) {
	t.Helper()
	ctx := context.Background()
	now := text.Score("Waardeloos, nooit meer.", "nl")
	recs := []cx.Record{
		&cx.Response{ID: "R1", Survey: cx.SurveyNPS, Score: 6, SubmittedAt: march(2, 10, 0), Comment: "Kan beter", Language: "nl", Sentiment: f(0)},
		&cx.Response{ID: "R2", Survey: cx.SurveyNPS, Score: 9, SubmittedAt: march(2, 11, 0), Comment: "Nergens over te klagen", Language: "nl", Sentiment: f(0)},
		&cx.Response{ID: "R3", Survey: cx.SurveyNPS, Score: 1, SubmittedAt: march(2, 12, 0), Comment: "Waardeloos, nooit meer.", Language: "nl", Sentiment: &now},
		&cx.Mention{ID: "N1", Source: "X", At: march(3, 12, 0), Text: "De bezorging kan beter", Sentiment: f(0)},
	}
	tx, err := a.store.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := tx.Put(r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := a.surveys.SetFollowUp(ctx, &cx.FollowUp{ResponseID: "R1", Reply: "Sorry, dit had beter gekund",
		Status: cx.FollowUpDone, ReplySentiment: f(0)}); err != nil {
		t.Fatal(err)
	}
	if err := a.SetSetting(ctx, scorerVersionKey, strconv.Itoa(text.ScorerVersion-1)); err != nil {
		t.Fatal(err)
	}
}

// wantLabels checks the labels of March's texts in a's engine: positive, neutral, negative.
func wantLabels(t *testing.T, what string, a *App, positive, neutral, negative int) {
	t.Helper()
	s := marchReport(t, a).Sentiment
	if s == nil || s.Positive != positive || s.Neutral != neutral || s.Negative != negative {
		t.Errorf("%s: sentiment %+v, want %d positive, %d neutral, %d negative", what, s, positive, neutral, negative)
	}
}

// TestRescoreAfterBetterScorer: texts stored by an older scorer are scored again when a newer
// one runs — "kan beter" negative and "nergens over te klagen" positive (d045aa9), a reply
// too — through the change sequence, so another node's engine and a fresh process's engine
// file follow; only the texts whose score changed are written, the version is recorded once
// all are done, and a second run writes nothing. One node at a time does it: while another
// holds the lease, a node waits.
func TestRescoreAfterBetterScorer(t *testing.T) {
	for _, db := range []string{"SQLite", "PostgreSQL"} {
		t.Run(db, func(t *testing.T) {
			dir := t.TempDir()
			dsn, file := filepath.Join(dir, "k.db"), filepath.Join(dir, "k.db.engine")
			if db == "PostgreSQL" {
				dsn, file = postgrestest.Fresh(t), ""
			}
			testRescoreAfterBetterScorer(t, dsn, file)
		})
	}
}

func testRescoreAfterBetterScorer(t *testing.T, dsn, file string) {
	ctx := context.Background()
	a, b := openEraseAt(t, dsn), openEraseAt(t, dsn)
	olderScorer(t, a)
	var logged strings.Builder
	a.Log = slogTo(&logged)
	for _, n := range []*App{a, b} {
		if _, err := n.StartEngine(ctx, file); err != nil {
			t.Fatal(err)
		}
		wantLabels(t, "before", n, 0, 3, 1)
	}
	if file != "" {
		if err := a.SaveSnapshot(file); err != nil {
			t.Fatal(err)
		}
	}
	seq := func() int64 {
		n, err := a.store.LastSeq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := seq()

	// b has the lease: a leaves the texts to it.
	if ok, err := b.ClaimSync(ctx, rescoreLease, "b", time.Now(), rescoreLeaseFor); err != nil || !ok {
		t.Fatalf("b's lease: %v, %v", ok, err)
	}
	if r, err := a.Rescore(ctx, "a", nil); !errors.Is(err, ErrRescoreHeld) {
		t.Errorf("while b holds the lease: %+v, %v; want ErrRescoreHeld", r, err)
	}
	if got := seq(); got != before {
		t.Errorf("while b holds the lease, a wrote %d changes", got-before)
	}
	if err := b.ReleaseSync(ctx, rescoreLease, "b"); err != nil {
		t.Fatal(err)
	}

	a.RescoreHeld(ctx, "a") // returns once every text is scored again
	if got := seq() - before; got != 3 {
		t.Errorf("%d changes written, want 3: R1, R2 and N1 (R3's score is the scorer's)", got)
	}
	for _, w := range []struct {
		kind      cx.Kind
		id, label string
		text      string
	}{
		{cx.KindResponses, "R1", metric.SentimentNegative, "Kan beter"},
		{cx.KindResponses, "R2", metric.SentimentPositive, "Nergens over te klagen"},
		{cx.KindResponses, "R3", metric.SentimentNegative, "Waardeloos, nooit meer."},
		{cx.KindMentions, "N1", metric.SentimentNegative, "De bezorging kan beter"},
	} {
		got, _ := storedScore(t, a, w.kind, w.id)
		wantScore(t, w.id, got, w.text, "nl")
		if got != nil && metric.SentimentLabel(*got) != w.label {
			t.Errorf("%s %q: %s, want %s", w.id, w.text, metric.SentimentLabel(*got), w.label)
		}
	}
	fu, err := a.surveys.FollowUps(ctx, []string{"R1"})
	if err != nil {
		t.Fatal(err)
	}
	if r := fu["R1"].ReplySentiment; r == nil || metric.SentimentLabel(*r) != metric.SentimentNegative {
		t.Errorf("the reply %q: score %v, want negative", fu["R1"].Reply, r)
	}
	wantScore(t, "reply", fu["R1"].ReplySentiment, "Sorry, dit had beter gekund", "nl")
	settings, err := a.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := settings[scorerVersionKey], strconv.Itoa(text.ScorerVersion); got != want {
		t.Errorf("recorded scorer version %q, want %q", got, want)
	}
	if at, ok := settings[rescoreAtKey]; ok {
		t.Errorf("the rescore's place %q is kept after it finished", at)
	}
	if !strings.Contains(logged.String(), "texts=3") || !strings.Contains(logged.String(), "replies=1") {
		t.Errorf("the log does not tell of 3 texts and 1 reply scored again: %q", logged.String())
	}

	wantLabels(t, "the node that scored them", a, 1, 0, 3)
	if _, err := b.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	wantLabels(t, "another node", b, 1, 0, 3)
	c := openEraseAt(t, dsn) // a fresh `klantpuls report`
	if st, err := c.StartEngine(ctx, file); err != nil {
		t.Fatal(err)
	} else if file != "" && (!st.FromFile || st.Applied != 3) {
		t.Errorf("fresh process: %+v, want the engine file and the 3 changes since", st)
	}
	wantLabels(t, "a fresh process", c, 1, 0, 3)

	t.Run("a second start writes nothing", func(t *testing.T) {
		logged.Reset()
		at := seq()
		if r, err := a.Rescore(ctx, "a", nil); err != nil || r.Due {
			t.Errorf("%+v, %v; want nothing due", r, err)
		}
		if got := seq(); got != at {
			t.Errorf("%d changes written", got-at)
		}
		if strings.Contains(logged.String(), "scored again") {
			t.Errorf("log: %q", logged.String())
		}
	})
}

// TestRescoreResumes: a run killed midway goes on where it was the next time — the parts it
// had done are not read again — and the version waits for the whole.
func TestRescoreResumes(t *testing.T) {
	defer func(was int) { partPlaces = was }(partPlaces)
	partPlaces = 1
	ctx := context.Background()
	a := openWithConfig(t)
	olderScorer(t, a)
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	parts, err := a.store.Parts(ctx, cx.KindResponses, partPlaces)
	if err != nil || len(parts) != 3 {
		t.Fatalf("parts %v, %v; want R1's, R2's and R3's", parts, err)
	}
	// Killed after R1's part: R1's score stands here as the older one's, to tell whether the
	// next run read it again.
	if err := a.saveRescoreAt(ctx, cx.KindResponses, parts[0].UpTo); err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	a.Log = slogTo(&logged)
	if _, err := a.Rescore(ctx, "a", nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := storedScore(t, a, cx.KindResponses, "R1"); got == nil || *got != 0 {
		t.Errorf("R1 before the place the run was killed at was read again: %v", got)
	}
	got, _ := storedScore(t, a, cx.KindResponses, "R2")
	wantScore(t, "R2", got, "Nergens over te klagen", "nl")
	if !strings.Contains(logged.String(), "texts=2") {
		t.Errorf("the log does not tell of 2 texts (R2, N1): %q", logged.String())
	}
	settings, err := a.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := settings[scorerVersionKey]; got != fmt.Sprint(text.ScorerVersion) {
		t.Errorf("recorded scorer version %q", got)
	}
}

// TestNewDatabaseRecordsTheScorer: a database made by this release holds the running scorer's
// scores only, so its first open records the version and its first server scores nothing
// again — without it, an import of a year followed by `serve` read every text once more in the
// background. A database that holds texts and no version (scored before versions were counted)
// is left unrecorded, so its server scores them again.
func TestNewDatabaseRecordsTheScorer(t *testing.T) {
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "new.db")
	a, err := Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	settings, err := a.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := settings[scorerVersionKey], strconv.Itoa(text.ScorerVersion); got != want {
		t.Errorf("a new database records scorer version %q, want %q", got, want)
	}
	// An older release's database: a comment, and no version.
	olderScorer(t, a)
	if err := a.SetSetting(ctx, scorerVersionKey, ""); err != nil {
		t.Fatal(err)
	}
	a.Close()
	if a, err = Open(ctx, dsn, nil); err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if settings, err = a.Settings(ctx); err != nil {
		t.Fatal(err)
	}
	if got := settings[scorerVersionKey]; got != "" {
		t.Errorf("a database with texts of an unknown scorer was recorded as of version %q; its server would not score them again", got)
	}
	if due, _, err := a.rescoreDue(ctx); err != nil || !due {
		t.Errorf("rescore due %v (%v), want due", due, err)
	}
}
