package web

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestFeedbackSaysHowManyItsFilterKeeps: the feedback page counts the comments its filter keeps
// on every page, not the 50 of one, in the page's language and number, one singular. The seed
// has R4, a promoter's comment; 55 detractors' comments are added, so the list runs onto a
// second page.
func TestFeedbackSaysHowManyItsFilterKeeps(t *testing.T) {
	ts := dashServer(t)
	var answers []string
	for i := range 55 {
		answers = append(answers, fmt.Sprintf(`{"response_id":"D%d","survey":"nps","score":3,"submitted_at":"2026-03-%02d 10:00","comment":"te traag %d"}`, i, 1+i%24, i))
	}
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", "["+strings.Join(answers, ",")+"]"); res.status != 200 {
		t.Fatal(res.body)
	}
	m := ts.login("manager@example.com")
	count := regexp.MustCompile(`<p class="count">(.*?)</p>`)
	for _, c := range []struct{ query, want string }{
		{"lang=nl", "56 opmerkingen"},
		{"lang=en", "56 comments"},
		{"lang=nl&kind=detractors", "55 opmerkingen"},
		{"lang=nl&kind=promoters", "1 opmerking"},
		{"lang=en&kind=promoters", "1 comment"},
		{"lang=en&kind=passives", "0 comments"},
	} {
		got := count.FindStringSubmatch(m.get("/feedback?period=month&" + c.query).body)
		if got == nil || got[1] != c.want {
			t.Errorf("%s: count %q, want %q", c.query, got, c.want)
		}
	}
}
