package web

import (
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
)

// TestFeedbackRefusesAFilterItDoesNotHave: a kind, replied or sentiment that is none of the
// list's choices is refused naming the parameter and its choices, on the page and its
// download, as Risico and Opvolging refuse theirs. Read as no filter, kind=detractor (for
// detractors) showed every comment, and its download every comment, as if they were the ones
// asked.
func TestFeedbackRefusesAFilterItDoesNotHave(t *testing.T) {
	ts := startServer(t)
	seed(t, ts)
	admin := ts.login("admin@example.com")
	kinds := "all, detractors, passives, promoters, csat_low, csat_high, ces, mentions"
	for _, tc := range []struct{ query, said string }{
		{"kind=detractor", `kind: "detractor" kan niet; kies ` + kinds + "."},
		{"replied=ja", `replied: "ja" kan niet; kies yes, no.`},
		{"sentiment=boos", `sentiment: "boos" kan niet; kies positive, neutral, negative.`},
	} {
		for _, path := range []string{"/feedback?lang=nl&period=month&", "/export.xlsx?lang=nl&page=feedback&period=month&"} {
			res := admin.get(path + tc.query)
			if res.status != 422 || !strings.Contains(html.UnescapeString(res.body), tc.said) {
				t.Errorf("%s%s: %d, want 422 saying %q:\n%.400s", path, tc.query, res.status, tc.said, res.body)
			}
		}
	}
	for _, query := range []string{"kind=detractors&replied=no&sentiment=negative", "kind=&replied=&sentiment=", "kind=all"} {
		if res := admin.get("/feedback?lang=nl&period=month&" + query); res.status != 200 {
			t.Errorf("/feedback?%s: %d, want 200", query, res.status)
		}
	}
}

// FuzzFeedbackQuery: the list's filter never panics; a value is either one of its choices, read
// into the query, or refused naming its parameter.
func FuzzFeedbackQuery(f *testing.F) {
	f.Add("detractors", "no", "negative")
	f.Add("", "", "")
	f.Add("detractor", "ja", "boos")
	f.Add("csat_low", "yes", "neutral")
	f.Fuzz(func(t *testing.T, kind, replied, sentiment string) {
		q := url.Values{"kind": {kind}, "replied": {replied}, "sentiment": {sentiment}}
		fq, bad := feedbackQuery(q, view{}, config.Scale{Min: 1, Max: 5, PositiveMin: 4})
		if bad != nil {
			if v := q.Get(bad.Param); v != bad.Value || v == "" {
				t.Fatalf("refused %s=%q, the query says %q", bad.Param, bad.Value, v)
			}
			return
		}
		if fq.Sentiment != sentiment || (replied == "") != (fq.Replied == nil) {
			t.Fatalf("kind %q replied %q sentiment %q read as %+v", kind, replied, sentiment, fq)
		}
	})
}
