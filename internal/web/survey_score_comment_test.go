package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestScoreWithCommentKeepsTheComment: a help desk's own form (or a script) posts the score and
// the comment at once — score=3&comment=… to the hosted page, {"token","score","comment"} to
// the widget. The score was recorded and the comment thrown away without a word. It is now
// kept with the score, checked as the comment step checks one (its line breaks LF, a control
// character a space, at most 4,000 characters), replacing a comment written before, and its
// sentiment scored as any comment's ("Slecht", −0.7 in the Dutch lexicon, is negative). A
// comment too long refuses the answer, naming the comment, and records nothing.
func TestScoreWithCommentKeepsTheComment(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyNPS)
	// An NPS invitation without a customer keeps one answer, under the invitation's id.
	id, page := ls.webInvitation(t, sv, `,"email":"x@example.nl"`)
	stored := func() *cx.Response {
		t.Helper()
		rec, err := ls.app.Record(context.Background(), cx.KindResponses, id)
		if err != nil {
			t.Fatal(err)
		}
		return rec.(*cx.Response)
	}
	c := ls.anonymous()
	// The follow-up is answered: the page thanks for the comment rather than asking for one.
	if res := c.form("POST", page, url.Values{"score": {"3"}, "comment": {"Slecht"}}); res.status != 200 ||
		!strings.Contains(res.body, "Bedankt, we hebben uw toelichting ontvangen.") {
		t.Fatalf("score with comment: %d, want the thanks for the comment:\n%.600s", res.status, res.body)
	}
	if r := stored(); r.Score != 3 || r.Comment != "Slecht" || r.Sentiment == nil || *r.Sentiment >= 0 {
		t.Errorf("stored %d %q sentiment %v; want 3, the comment, a negative sentiment", r.Score, r.Comment, r.Sentiment)
	}
	if res := c.form("POST", page, url.Values{"score": {"8"}, "comment": {"  Toch\r\nopgelost\f!  "}}); res.status != 200 {
		t.Fatalf("another score with another comment: %d %s", res.status, res.body)
	}
	if r := stored(); r.Score != 8 || r.Comment != "Toch\nopgelost !" {
		t.Errorf("stored %d %q; want 8 with the new comment as the comment step keeps it", r.Score, r.Comment)
	}
	res := c.form("POST", page, url.Values{"score": {"1"}, "comment": {strings.Repeat("é", 4001)}})
	if res.status != 422 || !strings.Contains(res.body, "comment: at most 4000 characters") {
		t.Errorf("a comment of 4,001 characters: %d, want 422 naming the comment:\n%.600s", res.status, res.body)
	}
	if r := stored(); r.Score != 8 || r.Comment != "Toch\nopgelost !" {
		t.Errorf("after the refusal: %d %q; want the answer as it was", r.Score, r.Comment)
	}

	ls.widgetSite(t)
	w := ls.from("127.0.0.3")
	token := widgetToken(t, w)
	res = widgetPost(w, fmt.Sprintf(`{"token":%q,"score":2,"comment":" Slecht\r\n"}`, token))
	var answer struct{ Response string }
	res.json(t, &answer)
	if res.status != 200 || answer.Response == "" {
		t.Fatalf("widget score with comment: %d %s", res.status, res.body)
	}
	rec, err := ls.app.Record(context.Background(), cx.KindResponses, answer.Response)
	if err != nil {
		t.Fatal(err)
	}
	if r := rec.(*cx.Response); r.Score != 2 || r.Comment != "Slecht" || r.Sentiment == nil || *r.Sentiment >= 0 {
		t.Errorf("widget: stored %d %q sentiment %v; want 2, the comment, a negative sentiment", r.Score, r.Comment, r.Sentiment)
	}
	other := widgetToken(t, w)
	res = widgetPost(w, fmt.Sprintf(`{"token":%q,"score":2,"comment":%q}`, other, strings.Repeat("é", 4001)))
	if res.status != 422 || !strings.Contains(res.body, "comment: at most 4000 characters") {
		t.Errorf("widget, a comment of 4,001 characters: %d %s; want 422 naming the comment", res.status, res.body)
	}
	if inv, err := ls.surveys.OpenWidget(context.Background(), other); err != nil || !inv.CreatedAt.IsZero() {
		t.Errorf("widget, after the refusal: the showing's answer was stored (%v)", err)
	}
}
