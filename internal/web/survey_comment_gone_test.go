package web

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestCommentOnAnAnswerNoLongerThere: a customer answers, and before their comment is sent the
// answer is gone — deleted (DELETE /api/v1/responses/{id}, as an erasure deletes it too) — or
// the form names an answer that is not this invitation's. The page said 'Antwoord "…" bestaat
// niet.' with the answer's internal id, or "Wat /s/<the token> toont, is er niet (meer).", to a
// customer. It now asks the question again, in the invitation's language, saying why: the
// customer answers again, then comments.
func TestCommentOnAnAnswerNoLongerThere(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyNPS)
	links := answerLinks(t, ls, ls.invite(t, sv, "C1"))
	customer := ls.anonymous()
	res := customer.form("POST", links[9], nil)
	if res.status != 200 {
		t.Fatalf("POST score 9: %d %s", res.status, res.body)
	}
	token := regexp.MustCompile(`action="/s/([^"]+)"`).FindStringSubmatch(res.body)[1]
	resp := regexp.MustCompile(`name="response" value="([^"]+)"`).FindStringSubmatch(res.body)[1]
	other := ls.withToken("adminWrite")
	if res := other.postJSON("/api/v1/responses", `{"response_id":"R-other","survey":"nps","score":3,"submitted_at":"2026-03-09 10:00"}`); res.status != 200 {
		t.Fatalf("another answer: %d %s", res.status, res.body)
	}
	if res := other.do("DELETE", "/api/v1/responses/"+resp, "", nil); res.status != 204 {
		t.Fatalf("DELETE the answer: %d %s", res.status, res.body)
	}
	for _, id := range []string{resp, "R-other"} {
		res := customer.form("POST", "/s/"+token, url.Values{"response": {id}, "comment": {"Snel geholpen"}})
		if res.status != 404 || !strings.Contains(res.body, "Uw antwoord is er niet (meer). Kies het opnieuw.") ||
			!strings.Contains(res.body, `action="/s/`+token+`"`) || strings.Contains(res.body, id) {
			t.Errorf("a comment on answer %s: %d, want 404 asking the question again, naming no id nor path\n%s", id, res.status, res.body)
		}
	}
}
