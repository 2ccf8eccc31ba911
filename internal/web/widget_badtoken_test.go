package web

import (
	"fmt"
	"testing"
)

// TestWidgetBadTokensDoNotDrainTheSite: an answer took from its site's share (200 at once)
// before its token was checked, so a script posting bad tokens from 200 addresses shut the
// site's real visitors out. Now the token is checked first and a bad one takes from its
// sender's address only: after 210 bad tokens from 210 addresses, 200 real visitors answer,
// and the site's limit still holds for signed tokens — the 201st is refused with Retry-After 10
// (one every 10 seconds).
func TestWidgetBadTokensDoNotDrainTheSite(t *testing.T) {
	ls := startLoopServer(t)
	ls.widgetSite(t)
	forged := widgetToken(t, ls.from("127.5.0.250"))
	forged = forged[:len(forged)-2] + map[bool]string{true: "AA", false: "AB"}[forged[len(forged)-2:] != "AA"]
	for i := range 210 {
		token := map[bool]string{true: "not-a-token", false: forged}[i%2 == 0]
		res := widgetPost(ls.from(fmt.Sprintf("127.5.%d.%d", i/200, i%200+1)), fmt.Sprintf(`{"token":%q,"score":0}`, token))
		if res.status != 403 {
			t.Fatalf("bad token %d: %d %s, want 403", i+1, res.status, res.body)
		}
	}
	accepted := 0
	for i := range 201 {
		c := ls.from(fmt.Sprintf("127.6.%d.%d", i/200, i%200+1))
		res := widgetPost(c, fmt.Sprintf(`{"token":%q,"score":9}`, widgetToken(t, c)))
		switch {
		case res.status == 200:
			accepted++
		case i == 200 && res.status == 429 && res.header.Get("Retry-After") == "10":
		default:
			t.Fatalf("visitor %d: %d (Retry-After %q) %s", i+1, res.status, res.header.Get("Retry-After"), res.body)
		}
	}
	if accepted != 200 {
		t.Errorf("after 210 bad tokens the site recorded %d answers, want 200 (its whole share)", accepted)
	}
}

// TestWidgetBadTokensCountAgainstTheAddress: an address's bad tokens take from its own share of
// 10 answers: the 11th is refused with Retry-After 60 (one a minute), and so is a good token
// from it then, while another address answers.
func TestWidgetBadTokensCountAgainstTheAddress(t *testing.T) {
	ls := startLoopServer(t)
	ls.widgetSite(t)
	script := ls.from("127.7.0.1")
	for i := range 10 {
		if res := widgetPost(script, `{"token":"not-a-token","score":0}`); res.status != 403 {
			t.Fatalf("bad token %d: %d %s, want 403", i+1, res.status, res.body)
		}
	}
	for _, body := range []string{`{"token":"not-a-token","score":0}`, `{"token":"not-a-token","response":"R1","comment":"x"}`,
		fmt.Sprintf(`{"token":%q,"score":0}`, widgetToken(t, script))} {
		if res := widgetPost(script, body); res.status != 429 || res.header.Get("Retry-After") != "60" {
			t.Errorf("%s after 10 bad tokens: %d (Retry-After %q), want 429 and 60", body, res.status, res.header.Get("Retry-After"))
		}
	}
	visitor := ls.from("127.7.0.2")
	if res := widgetPost(visitor, fmt.Sprintf(`{"token":%q,"score":9}`, widgetToken(t, visitor))); res.status != 200 {
		t.Errorf("a visitor at another address: %d %s, want 200", res.status, res.body)
	}
}
