package app

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/text"
)

// The tests here do not depend on the classifier's numbers: a stored score is compared with
// what text.Score gives for the same text, so they hold for the placeholder and the model
// alike. TestSentimentLabelsEndToEnd checks labels, and waits for the model.

func storedScore(t *testing.T, a *App, kind cx.Kind, id string) (*float64, cx.Record) {
	t.Helper()
	rec, err := a.Record(context.Background(), kind, id)
	if err != nil {
		t.Fatal(err)
	}
	switch r := rec.(type) {
	case *cx.Response:
		return r.Sentiment, r
	case *cx.Mention:
		return r.Sentiment, r
	}
	t.Fatalf("%s %s: %T", kind, id, rec)
	return nil, nil
}

func wantScore(t *testing.T, what string, got *float64, s, lang string) {
	t.Helper()
	if s == "" {
		if got != nil {
			t.Errorf("%s: score %v for no text, want none", what, *got)
		}
		return
	}
	want := text.Score(s, text.Lang(s, lang))
	if got == nil || *got != want {
		t.Errorf("%s: score %v, want text.Score's %v", what, got, want)
	}
}

// stored is a record whose stored score should be text.Score of text in lang.
type stored struct {
	kind           cx.Kind
	id, text, lang string
}

// wantStored checks the stored scores, and that March's report counts n texts.
func wantStored(t *testing.T, a *App, n int, want ...stored) {
	t.Helper()
	for _, w := range want {
		got, _ := storedScore(t, a, w.kind, w.id)
		wantScore(t, w.id, got, w.text, w.lang)
	}
	if got := marchReport(t, a).Sentiment.N; got != n {
		t.Errorf("sentiment n %d, want %d", got, n)
	}
}

func TestSentimentWritten(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	// A client's "sentiment" is no score: the importer keeps it as an attribute.
	recs := append(read(t, cx.KindResponses, `[
		{"response_id":"R1","survey":"nps","score":9,"submitted_at":"2026-03-02 10:00","comment":"Heel snel geholpen","language":"nl","sentiment":"-1"},
		{"response_id":"R2","survey":"nps","score":3,"submitted_at":"2026-03-02 11:00"}]`),
		read(t, cx.KindMentions, `{"mention_id":"N1","source":"X","at":"2026-03-03 12:00","text":"Great shop"}`)...)
	if _, err := a.Write(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	got, rec := storedScore(t, a, cx.KindResponses, "R1")
	wantScore(t, "comment", got, "Heel snel geholpen", "nl")
	if attr := rec.(*cx.Response).Attrs["sentiment"]; attr != "-1" {
		t.Errorf("the client's sentiment: attribute %q, want -1", attr)
	}
	wantStored(t, a, 2, stored{cx.KindResponses, "R2", "", ""}, stored{cx.KindMentions, "N1", "Great shop", ""})

	t.Run("a patched comment is scored again", func(t *testing.T) {
		if _, err := a.Patch(ctx, patchOf(cx.KindResponses, "R2", `{"comment":"Het pakket kwam kapot aan"}`)); err != nil {
			t.Fatal(err)
		}
		got, _ := storedScore(t, a, cx.KindResponses, "R2")
		wantScore(t, "patched", got, "Het pakket kwam kapot aan", "")
		// A patch of another field reads the stored record, score and all.
		if _, err := a.Patch(ctx, patchOf(cx.KindResponses, "R2", `{"agent":"Anouk"}`)); err != nil {
			t.Fatal(err)
		}
		got, rec := storedScore(t, a, cx.KindResponses, "R2")
		wantScore(t, "patched again", got, "Het pakket kwam kapot aan", "")
		if _, ok := rec.(*cx.Response).Attrs["sentiment"]; ok {
			t.Error("the stored score came back as an attribute")
		}
		if n := marchReport(t, a).Sentiment.N; n != 3 {
			t.Errorf("sentiment n %d, want 3", n)
		}
		if _, err := a.Patch(ctx, patchOf(cx.KindResponses, "R2", `{"comment":null}`)); err != nil {
			t.Fatal(err)
		}
		got, _ = storedScore(t, a, cx.KindResponses, "R2")
		wantScore(t, "comment removed", got, "", "")
	})

	t.Run("imported", func(t *testing.T) {
		_, err := a.Import(ctx, func(put func(cx.Record) error) (int, error) {
			return 1, put(&cx.Mention{ID: "N2", Source: "X", At: march(4, 9, 0), Text: "Nooit meer"})
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := storedScore(t, a, cx.KindMentions, "N2")
		wantScore(t, "imported", got, "Nooit meer", "")
	})
}

// TestSentimentBackfill: rows stored before klantpuls scored texts (NULL beside a text) are
// scored when the engine loads, stored, and counted; a second load finds nothing to do.
func TestSentimentBackfill(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	old := []cx.Record{
		&cx.Response{ID: "R1", Survey: cx.SurveyCSAT, Score: 2, SubmittedAt: march(2, 10, 0), Comment: "Te laat", Language: "nl"},
		&cx.Response{ID: "R2", Survey: cx.SurveyCSAT, Score: 5, SubmittedAt: march(2, 11, 0)},
		&cx.Mention{ID: "N1", Source: "X", At: march(3, 12, 0), Text: "Fijne winkel"},
	}
	tx, err := a.store.Begin(ctx) // as an earlier version wrote them: past the scoring
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range old {
		if err := tx.Put(r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	a.Log = slogTo(&logged)
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	wantStored(t, a, 2, stored{cx.KindResponses, "R1", "Te laat", "nl"}, stored{cx.KindResponses, "R2", "", ""},
		stored{cx.KindMentions, "N1", "Fijne winkel", ""})
	if !strings.Contains(logged.String(), "texts=2") {
		t.Errorf("log %q does not tell of 2 texts", logged.String())
	}
	logged.Reset()
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	if logged.Len() != 0 {
		t.Errorf("a second load scored again: %q", logged.String())
	}
}

// TestSentimentLabelsEndToEnd writes texts no sane classifier labels otherwise and reads the
// labels back from the report.
func TestSentimentLabelsEndToEnd(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	recs := read(t, cx.KindResponses, `[
		{"response_id":"R1","survey":"nps","score":10,"submitted_at":"2026-03-02 10:00","comment":"Geweldig, heel erg bedankt!","language":"nl"},
		{"response_id":"R2","survey":"nps","score":0,"submitted_at":"2026-03-02 11:00","comment":"Waardeloos, nooit meer.","language":"nl"},
		{"response_id":"R3","survey":"csat","score":5,"submitted_at":"2026-03-02 12:00","comment":"Excellent service, thank you so much!","language":"en"},
		{"response_id":"R4","survey":"csat","score":1,"submitted_at":"2026-03-02 13:00","comment":"Terrible. Worst service ever.","language":"en"}]`)
	if _, err := a.Write(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	s := marchReport(t, a).Sentiment
	if s.N != 4 || s.Positive != 2 || s.Negative != 2 {
		t.Errorf("got %+v, want 2 positive and 2 negative of 4", s)
	}
}

func slogTo(w *strings.Builder) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// TestSentimentErased: an erasure takes a comment and keeps its score, counted as the answer's
// rating stays counted; a patch of the erased answer keeps it too. The team's reply on the
// follow-up goes with its score, which is shown beside the reply only.
func TestSentimentErased(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	recs := []cx.Record{
		&cx.Customer{ID: "Z", AcquiredAt: march(1, 9, 0), Name: "Wilhelmina"},
		&cx.Response{ID: "R1", Survey: cx.SurveyNPS, Score: 2, SubmittedAt: march(2, 10, 0), CustomerID: "Z", Comment: "Pakket kwijt"},
	}
	if _, err := a.Ingest(ctx, recs); err != nil {
		t.Fatal(err)
	}
	if err := a.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: "R1", Reply: "Excuses, we sturen een nieuw pakket"}, false, wholeFollowUp); err != nil {
		t.Fatal(err)
	}
	before, _ := storedScore(t, a, cx.KindResponses, "R1")
	if _, err := a.Erase(ctx, "Z", false); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Patch(ctx, patchOf(cx.KindResponses, "R1", `{"agent":"Anouk"}`)); err != nil {
		t.Fatal(err)
	}
	got, rec := storedScore(t, a, cx.KindResponses, "R1")
	if r := rec.(*cx.Response); r.Comment != "" || got == nil || *got != *before {
		t.Errorf("erased: comment %q score %v, want no comment and the score %v", r.Comment, got, *before)
	}
	if n := marchReport(t, a).Sentiment.N; n != 1 {
		t.Errorf("sentiment n %d after the erasure, want 1", n)
	}
	f, err := a.surveys.FollowUps(ctx, []string{"R1"})
	if err != nil {
		t.Fatal(err)
	}
	if r := f["R1"]; r.Reply != "" || r.ReplySentiment != nil {
		t.Errorf("follow-up after the erasure: %q %v, want neither", r.Reply, r.ReplySentiment)
	}
}

func TestFollowUpReplyScored(t *testing.T) {
	ctx := context.Background()
	a := openTest(t, &cx.Response{ID: "R1", Survey: cx.SurveyCSAT, Score: 1, SubmittedAt: march(2, 10, 0), Language: "en"})
	for _, reply := range []string{"We are sorry, a new one is on its way", ""} {
		if err := a.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: "R1", Reply: reply}, false, wholeFollowUp); err != nil {
			t.Fatal(err)
		}
		f, err := a.surveys.FollowUps(ctx, []string{"R1"})
		if err != nil {
			t.Fatal(err)
		}
		wantScore(t, "reply "+reply, f["R1"].ReplySentiment, reply, "en")
	}
}

// TestFollowUpRepliesBackfill: a reply saved before klantpuls scored replies is scored when the
// server starts, in the language of the answer it replies to.
func TestFollowUpRepliesBackfill(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	if _, err := a.Ingest(ctx, []cx.Record{&cx.Response{ID: "R1", Survey: cx.SurveyCSAT, Score: 1,
		SubmittedAt: march(2, 10, 0), Language: "en"}}); err != nil {
		t.Fatal(err)
	}
	const reply = "We are sorry, a new one is on its way"
	// As an earlier version saved it: past SaveFollowUp's scoring.
	if err := a.surveys.SetFollowUp(ctx, &cx.FollowUp{ResponseID: "R1", Reply: reply, Status: cx.FollowUpDone}); err != nil {
		t.Fatal(err)
	}
	if got, err := a.surveys.RepliesToScore(ctx, "", 10, false); err != nil || len(got) != 1 || got[0].Language != "en" {
		t.Errorf("unscored replies %+v, %v; want R1's, read in English", got, err)
	}
	var logged strings.Builder
	a.Log = slogTo(&logged)
	if _, err := a.Start(ctx, ""); err != nil {
		t.Fatal(err)
	}
	f, err := a.surveys.FollowUps(ctx, []string{"R1"})
	if err != nil {
		t.Fatal(err)
	}
	wantScore(t, "earlier reply", f["R1"].ReplySentiment, reply, "en")
	if !strings.Contains(logged.String(), "replies=1") {
		t.Errorf("log %q does not tell of 1 reply", logged.String())
	}
}
