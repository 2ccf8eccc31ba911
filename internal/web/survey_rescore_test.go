package web

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestChangedScoreKeepsTheComment: a link naming neither customer nor ticket keeps one answer,
// and another score replaces its score. The customer answered 6, wrote "De levering was traag",
// then clicked 8 — and the comment, its sentiment and the team's reply to it were gone without
// a word. The comment belongs to the answer, not to the score: it stays, scored as its text is,
// until the customer sends another comment, which replaces it.
func TestChangedScoreKeepsTheComment(t *testing.T) {
	ls := startLoopServer(t)
	c, page, resp := answered(t, ls, ls.survey(t, cx.SurveyNPS), "6")
	stored := func() *cx.Response {
		t.Helper()
		rec, err := ls.app.Record(context.Background(), cx.KindResponses, resp)
		if err != nil {
			t.Fatal(err)
		}
		return rec.(*cx.Response)
	}
	if res := c.form("POST", page, url.Values{"response": {resp}, "comment": {"De levering was traag"}}); res.status != 200 {
		t.Fatalf("comment: %d %s", res.status, res.body)
	}
	commented := stored()
	if commented.Sentiment == nil {
		t.Fatal("the comment was stored without its sentiment")
	}
	const replied = "2026-03-10 11:30" // the account's time, Amsterdam: 10:30 UTC
	w := ls.withToken("adminWrite")
	if res := w.do("PATCH", "/api/v1/responses/"+resp, mergePatchType, strings.NewReader(`{"replied_at":"`+replied+`"}`)); res.status != 200 {
		t.Fatalf("reply: %d %s", res.status, res.body)
	}

	if res := c.form("POST", page, url.Values{"score": {"8"}}); res.status != 200 {
		t.Fatalf("another score: %d %s", res.status, res.body)
	}
	r := stored()
	if r.Score != 8 || r.Comment != "De levering was traag" {
		t.Errorf("after an 8: score %d, comment %q; want 8 with the comment written with the 6", r.Score, r.Comment)
	}
	if r.Sentiment == nil || *r.Sentiment != *commented.Sentiment {
		t.Errorf("after an 8: sentiment %v, want the comment's %v", r.Sentiment, *commented.Sentiment)
	}
	if want := time.Date(2026, 3, 10, 10, 30, 0, 0, time.UTC); !r.RepliedAt.Equal(want) {
		t.Errorf("after an 8: replied_at %v, want the reply to the comment kept (%v)", r.RepliedAt, want)
	}

	// A comment of its own replaces the one before, and is scored as its text is.
	if res := c.form("POST", page, url.Values{"response": {resp}, "comment": {"Toch snel opgelost, dank!"}}); res.status != 200 {
		t.Fatalf("another comment: %d %s", res.status, res.body)
	}
	if r := stored(); r.Score != 8 || r.Comment != "Toch snel opgelost, dank!" || r.Sentiment == nil || *r.Sentiment == *commented.Sentiment {
		t.Errorf("after another comment: %d %q sentiment %v, want 8 with the new comment and a score of its own", r.Score, r.Comment, r.Sentiment)
	}
}
