package web

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// FuzzSurveysResult: the surveys page says what inviting a list made from its own address
// (queued=2&no_address=3:C404), which anyone can edit or send as a link. Whatever the query, the
// sentence is made without a panic or a verb left unfilled; and what an invitation run made,
// carried in the address, is said back: each count and each line not invited, with who.
func FuzzSurveysResult(f *testing.F) {
	f.Add("result=invited&queued=2&no_address=3:C404", 2, 3, "C404", uint8(0))
	f.Add("result=invited&failed=x:&no_customer=-1:%25s&not_named=99999999999999999999", 0, 1, "a:b", uint8(1))
	f.Add("result=saved", 1, 7, "anna@winkel.nl", uint8(2))
	f.Fuzz(func(t *testing.T, raw string, queued, line int, who string, reason uint8) {
		for _, lang := range []string{"nl", "en"} {
			p := &page{Lang: lang}
			q, err := url.ParseQuery(raw)
			if err == nil {
				said := surveysResult(p, q)
				if strings.Count(said, "%!") > strings.Count(raw, "%!") {
					t.Fatalf("%s query %q said as %q: a verb left", lang, raw, said)
				}
			}
			reasons := []string{notMadeNoAddress, notMadeNoCustomer, notMadeBadAddress, notMadeFailed}
			res := inviteResult{counts: map[string]int{"queued": max(queued, 0) % 1000}}
			res.lines = append(res.lines, notMadeLine{max(line, 1) % 100000, who, reasons[int(reason)%len(reasons)]})
			said := surveysResult(p, res.query())
			if !strings.Contains(said, strconv.Itoa(res.lines[0].line)) || !strings.Contains(said, who) {
				t.Errorf("%s: line %d (%q) not invited said as %q", lang, res.lines[0].line, who, said)
			}
		}
	})
}
