package web

import (
	"context"
	"net/url"
	"strconv"
	"testing"
	"time"
)

// TestSurveyQuestionIsOneLine: a survey's name, question and follow-ups are one line each (the
// form's inputs), and the question is the invitation's Subject. A line break posted into one
// (a paste from a document, a script) was kept, so the Subject carried CR LF inside its encoded
// word: a header no mail program shows as one line, reading "Bcc: …" as a second. Line breaks,
// tabs and other control characters are now a space, as in a customer's comment (README).
func TestSurveyQuestionIsOneLine(t *testing.T) {
	ls := startLoopServer(t)
	admin := ls.login("admin@example.com")
	res := admin.form("POST", "/surveys", url.Values{"kind": {"csat"}, "name": {"Na\tlevering"},
		"question_nl": {"Was het makkelijk?\r\nBcc: evil@example.org"}, "question_en": {"Easy?\x0c"},
		"follow_up_low_nl": {"Wat\nging mis?"}, "active": {"on"}})
	if res.status != 303 {
		t.Fatalf("save: %d %s", res.status, res.body)
	}
	svs, err := ls.app.ListSurveys(context.Background())
	if err != nil || len(svs) != 1 {
		t.Fatalf("surveys: %v %v", svs, err)
	}
	sv := svs[0]
	for _, got := range []struct{ field, got, want string }{
		{"name", sv.Name, "Na levering"},
		{"question_nl", sv.QuestionNL, "Was het makkelijk? Bcc: evil@example.org"},
		{"question_en", sv.QuestionEN, "Easy?"},
		{"follow_up_low_nl", sv.FollowUpLowNL, "Wat ging mis?"},
	} {
		if got.got != got.want {
			t.Errorf("%s stored as %q, want %q", got.field, got.got, got.want)
		}
	}
	invited := admin.form("POST", "/surveys/"+strconv.FormatInt(sv.ID, 10)+"/invite", url.Values{"customers": {"jan@example.nl"}, "lang": {"nl"}})
	if invited.status != 303 {
		t.Fatalf("invite: %d %s", invited.status, invited.body)
	}
	if _, err := ls.surveys.SendQueued(context.Background(), 10); err != nil {
		t.Fatal(err)
	}
	if got := ls.smtp.Wait(t, 1, 5*time.Second)[0].Subject; got != "Was het makkelijk? Bcc: evil@example.org" {
		t.Errorf("Subject %q, want the question on one line", got)
	}
}
