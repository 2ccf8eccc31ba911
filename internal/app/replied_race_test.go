package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestReplyKeepsChangesMadeAtOnce: an answer or mention marked replied — on Feedback, or by a
// follow-up saved done — while another process committed a change of it keeps that change and
// gets the reply time, in the store and in this node's engine, and the line in the audit log
// says what the reply changed as the record stood. Before the fix both read the record before
// their transaction and wrote it back whole: the comment and score an import corrected went
// back to what had been read, in the database and the engine alike, and a reply noted
// meanwhile was overwritten under a second line.
//
// Hand count of March after each case: R1 is the one CSAT answer (positive on 1–5 is 4 or 5)
// and N1 the one mention, so the feedback items are R1 and N1, both with text; the corrected
// text is one no sane classifier reads other than positive, the first one negative
// (TestSentimentLabelsEndToEnd's).
func TestReplyKeepsChangesMadeAtOnce(t *testing.T) {
	const bad, good = "Waardeloos, nooit meer.", "Geweldig, heel erg bedankt!"
	at := march(6, 9, 0)
	answer := func(score int, comment string) *cx.Response {
		return &cx.Response{ID: "R1", Survey: cx.SurveyCSAT, Score: score, SubmittedAt: march(5, 10, 0), Comment: comment, Language: "nl"}
	}
	mention := func(text string) *cx.Mention {
		return &cx.Mention{ID: "N1", Source: "X", At: march(5, 11, 0), Text: text}
	}
	imported := func(rec cx.Record) func(context.Context, *App) error {
		return func(ctx context.Context, a *App) error {
			_, err := a.Import(ctx, func(put func(cx.Record) error) (int, error) { return 1, put(rec) }, nil)
			return err
		}
	}
	for _, tt := range []struct {
		name              string
		change, meanwhile func(context.Context, *App) error
		kind              cx.Kind
		id, text          string    // of the record replied to, and the text it should hold
		replied           time.Time // its reply time afterwards
		// March in this node's engine right after: CSAT positive (of 1), texts positive and
		// negative (of 2), feedback items replied (of 2). Once it caught up on the other's
		// change, one is replied in every case.
		csat, positive, negative, repliedN int
		lines                              []string // lead's, newest first
	}{
		{"answer marked replied while an import corrected it",
			func(ctx context.Context, a *App) error { return a.MarkReplied(ctx, cx.KindResponses, "R1", at) },
			imported(answer(5, good)), cx.KindResponses, "R1", good, at,
			1, 1, 1, 1, []string{"mark_replied responses R1 ()"}},
		{"mention marked replied while an import corrected it",
			func(ctx context.Context, a *App) error { return a.MarkReplied(ctx, cx.KindMentions, "N1", at) },
			imported(mention(good)), cx.KindMentions, "N1", good, at,
			0, 1, 1, 1, []string{"mark_replied mentions N1 ()"}},
		{"follow-up saved done while an import corrected its answer",
			func(ctx context.Context, a *App) error {
				return a.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: "R1", Reply: "Gebeld", UpdatedAt: at}, true, wholeFollowUp)
			},
			imported(answer(5, good)), cx.KindResponses, "R1", good, at,
			1, 1, 1, 1, []string{"followup_change response R1 (reply_written)", "mark_replied responses R1 ()"}},
		{"answer marked replied while someone else marked it replied",
			func(ctx context.Context, a *App) error { return a.MarkReplied(ctx, cx.KindResponses, "R1", at) },
			func(ctx context.Context, a *App) error {
				return a.MarkReplied(ctx, cx.KindResponses, "R1", at.Add(-time.Hour))
			}, cx.KindResponses, "R1", bad, at.Add(-time.Hour),
			// Replied already: no change, no line, and nothing of this node's own to apply;
			// its engine hears of anna's reply when it catches up.
			0, 0, 2, 0, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bothDatabases(t, func(t *testing.T, dsn string) {
				a := openEraseAt(t, dsn)
				if _, err := a.Ingest(context.Background(), []cx.Record{answer(2, bad), mention(bad)}); err != nil {
					t.Fatal(err)
				}
				if err := a.LoadEngine(context.Background()); err != nil {
					t.Fatal(err)
				}
				other := openEraseAt(t, dsn) // another node, or an import beside the server
				lead := ActingAs(context.Background(), cx.AuditEntry{Actor: "lead@shop.nl"})
				anna := ActingAs(context.Background(), cx.AuditEntry{Actor: "anna@shop.nl"})
				var meanwhile error
				a.store = &hookedBegin{Store: a.store, hook: func() { meanwhile = tt.meanwhile(anna, other) }}
				if err := tt.change(lead, a); err != nil {
					t.Fatal(err)
				}
				if meanwhile != nil {
					t.Fatalf("the change made meanwhile: %v", meanwhile)
				}
				rec, err := a.Record(context.Background(), tt.kind, tt.id)
				if err != nil {
					t.Fatal(err)
				}
				switch r := rec.(type) {
				case *cx.Response:
					want := answer(2, bad)
					if tt.text == good {
						want = answer(5, good)
					}
					if r.Comment != want.Comment || r.Score != want.Score || !r.RepliedAt.Equal(tt.replied) {
						t.Errorf("stored R1: score %d, comment %q, replied at %v; want %d, %q, %v",
							r.Score, r.Comment, r.RepliedAt, want.Score, want.Comment, tt.replied)
					}
				case *cx.Mention:
					if r.Text != tt.text || !r.RepliedAt.Equal(tt.replied) {
						t.Errorf("stored N1: text %q, replied at %v; want %q, %v", r.Text, r.RepliedAt, tt.text, tt.replied)
					}
				}
				wantEngine(t, "right after", a, tt.csat, tt.positive, tt.negative, tt.repliedN)
				if _, err := a.CatchUp(context.Background()); err != nil {
					t.Fatal(err)
				}
				wantEngine(t, "caught up", a, tt.csat, tt.positive, tt.negative, 1)
				var lines []string
				for _, l := range auditActions(t, a) {
					if rest, ok := strings.CutPrefix(l, "lead@shop.nl "); ok {
						lines = append(lines, rest)
					}
				}
				if !slices.Equal(lines, tt.lines) {
					t.Errorf("lead's lines %q, want %q", lines, tt.lines)
				}
			})
		})
	}
}

// wantEngine checks March in a's engine: CSAT positive of 1, texts positive and negative of 2,
// feedback items replied of 2.
func wantEngine(t *testing.T, when string, a *App, csat, positive, negative, replied int) {
	t.Helper()
	m := marchReport(t, a)
	if m.CSAT.Positive != csat || m.CSAT.N != 1 {
		t.Errorf("%s, engine's CSAT: %d positive of %d, want %d of 1", when, m.CSAT.Positive, m.CSAT.N, csat)
	}
	if s := m.Sentiment; s.Positive != positive || s.Negative != negative || s.N != 2 {
		t.Errorf("%s, engine's sentiment: %d positive and %d negative of %d, want %d and %d of 2",
			when, s.Positive, s.Negative, s.N, positive, negative)
	}
	if f := m.FeedbackResponse; f.Replied != replied || f.N != 2 {
		t.Errorf("%s, engine's feedback response: replied %d of %d, want %d of 2", when, f.Replied, f.N, replied)
	}
}

// TestReplyToWhatWasDeletedMeanwhile: an answer deleted while it was marked replied, on
// Feedback or by a follow-up saved done, stays deleted, and the reply is refused as one to an
// answer that is not there (cx.ENOTFOUND) with nothing stored. Before the fix the answer read
// before the deletion was written back whole: the deleted answer came back, replied to.
func TestReplyToWhatWasDeletedMeanwhile(t *testing.T) {
	at := march(6, 9, 0)
	for name, reply := range map[string]func(context.Context, *App) error{
		"marked replied": func(ctx context.Context, a *App) error { return a.MarkReplied(ctx, cx.KindResponses, "R2", at) },
		"follow-up saved done": func(ctx context.Context, a *App) error {
			return a.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: "R2", Reply: "Gebeld", UpdatedAt: at}, true, wholeFollowUp)
		},
	} {
		t.Run(name, func(t *testing.T) {
			bothDatabases(t, func(t *testing.T, dsn string) {
				a := openWorld(t, dsn)
				other := openEraseAt(t, dsn)
				var meanwhile error
				a.store = &hookedBegin{Store: a.store, hook: func() {
					meanwhile = other.Delete(context.Background(), cx.KindResponses, "R2")
				}}
				lead := ActingAs(context.Background(), cx.AuditEntry{Actor: "lead@shop.nl"})
				if err := reply(lead, a); cx.ErrorCode(err) != cx.ENOTFOUND {
					t.Errorf("the reply: %v, want %s", err, cx.ENOTFOUND)
				}
				if meanwhile != nil {
					t.Fatalf("the deletion made meanwhile: %v", meanwhile)
				}
				if rec, err := a.Record(context.Background(), cx.KindResponses, "R2"); cx.ErrorCode(err) != cx.ENOTFOUND {
					t.Errorf("R2 after its deletion: %+v, %v; want it gone", rec, err)
				}
				if f, err := a.FollowUps(context.Background(), []string{"R2"}); err != nil || len(f) != 0 {
					t.Errorf("follow-ups %+v, %v; want none", f, err)
				}
				for _, l := range auditActions(t, a) {
					if strings.HasPrefix(l, "lead@shop.nl ") {
						t.Errorf("a line for a reply not stored: %q", l)
					}
				}
			})
		})
	}
}
