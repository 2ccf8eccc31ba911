package web

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestScoreWithResponseIsRefused: a post naming an earlier answer (response, the comment step)
// that also carries a score was read as the comment, and the score thrown away without a word.
// The page never sends both, so whoever does is told which field is too many (422, naming
// score) and nothing is recorded: the answer keeps its score and has no comment.
func TestScoreWithResponseIsRefused(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyNPS)
	id, page := ls.webInvitation(t, sv, `,"email":"x@example.nl"`)
	c := ls.anonymous()
	res := c.form("POST", page, url.Values{"score": {"3"}})
	m := regexp.MustCompile(`name="response" value="([^"]+)"`).FindStringSubmatch(res.body)
	if res.status != 200 || m == nil {
		t.Fatalf("score: %d, want the follow-up question:\n%.600s", res.status, res.body)
	}
	res = c.form("POST", page, url.Values{"response": {m[1]}, "comment": {"Te laat"}, "score": {"9"}})
	if res.status != 422 || !strings.Contains(res.body, "Het formulier stuurde een score (score) met een toelichting op een eerder antwoord (response)") {
		t.Errorf("comment step with a score: %d, want 422 naming score:\n%.800s", res.status, res.body)
	}
	rec, err := ls.app.Record(context.Background(), cx.KindResponses, id)
	if err != nil {
		t.Fatal(err)
	}
	if r := rec.(*cx.Response); r.Score != 3 || r.Comment != "" {
		t.Errorf("after the refusal: %d %q; want 3 and no comment, as before it", r.Score, r.Comment)
	}

	// The widget reads its answer through the same check.
	ls.widgetSite(t)
	w := ls.from("127.0.0.3")
	token := widgetToken(t, w)
	res = widgetPost(w, fmt.Sprintf(`{"token":%q,"score":2}`, token))
	var answer struct{ Response string }
	res.json(t, &answer)
	if res.status != 200 || answer.Response == "" {
		t.Fatalf("widget score: %d %s", res.status, res.body)
	}
	res = widgetPost(w, fmt.Sprintf(`{"token":%q,"response":%q,"comment":"Te laat","score":9}`, token, answer.Response))
	if res.status != 422 || !strings.Contains(res.body, "score: not with response") {
		t.Errorf("widget comment with a score: %d %s; want 422 naming score", res.status, res.body)
	}
	rec, err = ls.app.Record(context.Background(), cx.KindResponses, answer.Response)
	if err != nil {
		t.Fatal(err)
	}
	if r := rec.(*cx.Response); r.Score != 2 || r.Comment != "" {
		t.Errorf("widget, after the refusal: %d %q; want 2 and no comment", r.Score, r.Comment)
	}
}
