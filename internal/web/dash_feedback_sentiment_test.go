package web

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/text"
)

// TestFeedbackSentiment: each comment and mention on the feedback page carries the label of
// the score klantpuls stored for it, in words, and the page filters by label. What the labels
// are is the classifier's business: the expected label of each text is metric.SentimentLabel
// of text.Score (what app stores when it writes a record), so the test holds for the
// placeholder (every text neutral) and the model alike.
func TestFeedbackSentiment(t *testing.T) {
	ts := startServer(t, func(o *Options) {
		o.Now = func() time.Time { return time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC) }
	})
	w := ts.withToken("adminWrite")
	texts := map[string]struct{ text, lang string }{
		"R1": {"Geweldig, heel erg bedankt!", "nl"},
		"R2": {"Waardeloos, nooit meer.", "nl"},
		"R3": {"The parcel arrived on Tuesday.", "en"},
		"N1": {"Slechtste webwinkel ooit", ""},
	}
	for _, body := range []string{
		`{"response_id":"R1","survey":"nps","score":10,"submitted_at":"2026-03-02 10:00","comment":"Geweldig, heel erg bedankt!","language":"nl"}`,
		`{"response_id":"R2","survey":"nps","score":1,"submitted_at":"2026-03-03 10:00","comment":"Waardeloos, nooit meer.","language":"nl"}`,
		`{"response_id":"R3","survey":"csat","score":4,"submitted_at":"2026-03-04 10:00","comment":"The parcel arrived on Tuesday.","language":"en"}`,
	} {
		if res := w.postJSON("/api/v1/responses", body); res.status != 200 {
			t.Fatalf("answer: %d %s", res.status, res.body)
		}
	}
	if res := w.postJSON("/api/v1/mentions", `{"mention_id":"N1","source":"X","at":"2026-03-05 10:00","text":"Slechtste webwinkel ooit"}`); res.status != 200 {
		t.Fatalf("mention: %d %s", res.status, res.body)
	}
	label := map[string]string{}
	for id, tx := range texts {
		label[id] = metric.SentimentLabel(text.Score(tx.text, text.Lang(tx.text, tx.lang)))
	}
	admin := ts.login("admin@example.com")
	words := map[string]string{"positive": "Positief", "neutral": "Neutraal", "negative": "Negatief"}

	page := admin.get("/feedback?period=month").body
	for id, tx := range texts {
		item := itemOf(page, tx.text)
		want := `<span class="tone tone-` + label[id] + `">` + words[label[id]] + `</span>`
		if !strings.Contains(item, want) {
			t.Errorf("%s: the item does not show %s:\n%s", id, want, item)
		}
	}
	if !strings.Contains(page, `<select name="sentiment">`) {
		t.Error("no sentiment filter")
	}
	for _, l := range []string{"positive", "neutral", "negative"} {
		page := admin.get("/feedback?period=month&sentiment=" + l).body
		for id, tx := range texts {
			if shown := strings.Contains(page, tx.text); shown != (label[id] == l) {
				t.Errorf("sentiment=%s: %s shown %v, its label is %s", l, id, shown, label[id])
			}
		}
		if !strings.Contains(page, `<option value="`+l+`" selected>`) {
			t.Errorf("sentiment=%s is not selected in the filter", l)
		}
	}
	// A value that is no label is refused, as an unknown kind is (TestFeedbackRefusesAFilterItDoesNotHave):
	// read as no filter, it showed every item as if they were the ones asked.
	if res := admin.get("/feedback?period=month&sentiment=boos"); res.status != 422 || strings.Contains(res.body, `<li class="item`) {
		t.Errorf("sentiment=boos: %d with %d items, want 422 and none", res.status, strings.Count(res.body, `<li class="item`))
	}
}

// itemOf returns the list item of the feedback stream that holds text.
func itemOf(page, text string) string {
	for _, m := range regexp.MustCompile(`(?s)<li class="item.*?</li>`).FindAllString(page, -1) {
		if strings.Contains(m, text) {
			return m
		}
	}
	return ""
}

// TestFollowUpSentiment: the follow-up page shows the label of the comment and of the team's
// reply (scored when the follow-up is saved, in the answer's language).
func TestFollowUpSentiment(t *testing.T) {
	ts := startServer(t, func(o *Options) {
		o.Now = func() time.Time { return time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC) }
	})
	const comment, reply = "Het pakket kwam kapot aan", "Excuses, er is een nieuw pakket onderweg"
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", `{"response_id":"R1","survey":"nps","score":2,
		"submitted_at":"2026-03-02 10:00","comment":"`+comment+`","language":"nl"}`); res.status != 200 {
		t.Fatalf("answer: %d %s", res.status, res.body)
	}
	admin := ts.login("admin@example.com")
	if res := admin.form("POST", "/followups/R1", map[string][]string{"reply": {reply}}); res.status != 303 {
		t.Fatalf("follow-up: %d %s", res.status, res.body)
	}
	page := admin.get("/followups?period=month").body
	words := map[string]string{"positive": "Positief", "neutral": "Neutraal", "negative": "Negatief"}
	for what, s := range map[string]string{"comment": comment, "reply": reply} {
		l := metric.SentimentLabel(text.Score(s, "nl"))
		if !strings.Contains(page, `<span class="tone tone-`+l+`">`+words[l]+`</span>`) {
			t.Errorf("the %s's label %s is not shown:\n%s", what, l, page)
		}
	}
	if !regexp.MustCompile(`(?s)Ons antwoord[^<]*<span class="tone tone-\w+">`).MatchString(page) {
		t.Error("no label beside the reply")
	}
}
