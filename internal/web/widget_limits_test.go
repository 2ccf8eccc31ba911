package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/alert"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/survey"
)

// from is a client whose connections come from ip, an address of the loopback range: the
// server sees a different visitor per address, as behind no proxy.
func (ls *loopServer) from(ip string) *client {
	c := ls.anonymous()
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	c.http.Transport = &http.Transport{DialContext: dialer.DialContext, DisableKeepAlives: true}
	return c
}

// widgetSite makes an NPS survey shown by the widget on https://shop.example.nl.
func (ls *loopServer) widgetSite(t *testing.T) {
	t.Helper()
	sv := ls.survey(t, cx.SurveyNPS)
	if err := ls.app.CreateSite(context.Background(), &cx.Site{Key: "site_test", Name: "Webshop", SurveyID: sv.ID,
		Origins: []string{"https://shop.example.nl"}}); err != nil {
		t.Fatal(err)
	}
}

// widgetToken shows the widget once and returns its visitor token.
func widgetToken(t *testing.T, c *client) string {
	t.Helper()
	res := c.do("GET", "/w/site_test?lang=nl", "", nil, "Origin", "https://shop.example.nl")
	var cfg struct{ Token string }
	res.json(t, &cfg)
	return cfg.Token
}

func widgetPost(c *client, body string) response {
	return c.do("POST", "/w/site_test/answer", "application/json", strings.NewReader(body), "Origin", "https://shop.example.nl")
}

// TestWidgetScriptWithForgedOrigin is the review's script: it sets the shop's Origin (which any
// script can) and posts 600 detractor answers from one address. Before the fix all 600 were
// recorded. The clock stands still, so the address's share does not refill: exactly its burst
// of 10 answers is recorded, and every later one gets 429 with Retry-After.
func TestWidgetScriptWithForgedOrigin(t *testing.T) {
	ls := startLoopServer(t)
	ls.widgetSite(t)
	script := ls.from("127.0.0.2")
	tokens := make([]string, 20)
	for i := range tokens {
		tokens[i] = widgetToken(t, script)
	}
	accepted, refused := 0, 0
	for i := range 600 {
		res := widgetPost(script, fmt.Sprintf(`{"token":%q,"score":%d}`, tokens[i%len(tokens)], i%7))
		switch res.status {
		case 200:
			accepted++
		case 429:
			refused++
			if i == 599 && res.header.Get("Retry-After") != "60" {
				t.Errorf("Retry-After %q, want 60 (one answer a minute)", res.header.Get("Retry-After"))
			}
		default:
			t.Fatalf("answer %d: %d %s", i, res.status, res.body)
		}
	}
	if accepted != 10 || refused != 590 {
		t.Errorf("accepted %d, refused %d; want 10 and 590", accepted, refused)
	}
	if n := ls.withToken("adminRead").reportFigure("nps.n"); n != 10 {
		t.Errorf("%v answers recorded, want 10", n)
	}

	// One visitor token: the answer and two changes, then no more (another address, so its
	// share is not what stops it).
	visitor := ls.from("127.0.0.3")
	token := widgetToken(t, visitor)
	for i, want := range []int{200, 200, 200, 429} {
		if res := widgetPost(visitor, fmt.Sprintf(`{"token":%q,"score":%d}`, token, 8+i%3)); res.status != want {
			t.Errorf("score %d of one token: %d, want %d (%s)", i+1, res.status, want, res.body)
		}
	}
	// Bad bodies: 422 or 400, never a 500, and nothing recorded.
	for _, body := range []string{`{"token":"` + token + `","score":11}`, `{"token":"` + token + `","score":"9"}`,
		`{"token":"` + token + `","score":9,"extra":1}`, `{"token":"` + token + `"}`, `not json`,
		`{"token":"` + token + `","score":9,"score":0}`, `{"token":"` + token + `","score":9,"Score":0}`,
		"{\"token\":\"" + token + "\",\"score\":9,\"comment\":\"caf\xe9\"}"} {
		if res := widgetPost(ls.from("127.0.0.4"), body); res.status != 422 && res.status != 400 {
			t.Errorf("%s: %d %s", body, res.status, res.body)
		}
	}
}

// TestAlertFloodIsSummarised: 120 detractors from 120 addresses (each within its own limits)
// raise 120 alerts of one rule. Before the fix each went out: 120 webhook calls. Now at most 10
// go out in 10 minutes and, once the first held-back one is 10 minutes old, one message says
// how many more there were: 120 - 10 = 110.
func TestAlertFloodIsSummarised(t *testing.T) {
	ls := startLoopServer(t)
	hooks := startInbox(t)
	if err := ls.app.CreateAlertRule(context.Background(), &cx.AlertRule{Name: "Criticaster",
		Condition: cx.AlertNPSDetractor, Webhook: hooks.URL, Active: true}); err != nil {
		t.Fatal(err)
	}
	ls.widgetSite(t)
	for i := range 120 {
		c := ls.from(fmt.Sprintf("127.1.%d.%d", i/200, i%200+1))
		if res := widgetPost(c, fmt.Sprintf(`{"token":%q,"score":%d}`, widgetToken(t, c), i%7)); res.status != 200 {
			t.Fatalf("visitor %d: %d %s", i, res.status, res.body)
		}
	}
	for range 2 { // 100 alerts a round
		ls.deliver(t)
	}
	got := hooks.received()
	if len(got) != 10 {
		t.Fatalf("%d alerts in the first 10 minutes, want 10", len(got))
	}
	ls.now = ls.now.Add(10 * time.Minute)
	ls.deliver(t)
	ls.deliver(t) // nothing more: the summary went once
	got = hooks.received()
	if len(got) != 11 || !strings.Contains(got[10], "en nog 110 antwoorden van criticasters") || !strings.Contains(got[10], ls.url+"/followups") {
		t.Errorf("%d messages; the last: %s", len(got), got[len(got)-1])
	}
	alerts, _ := ls.app.ListAlerts(context.Background(), 0)
	held := 0
	for _, a := range alerts {
		if alert.HeldBack(&a) {
			held++
		}
	}
	if len(alerts) != 120 || held != 110 {
		t.Errorf("%d alerts recorded, %d held back; want 120 and 110", len(alerts), held)
	}
}

// TestWidgetTokenIsRefusedOnHostedPages: a widget token is no key to the hosted page, whose
// limits (per invitation and per address, survey_limits.go) are looser than the widget's: 10
// answers at once, not 3 a showing. Before the fix a script took a token from GET
// /w/{key} and posted score=0 to /s/{token} as often as it liked, past every widget limit.
func TestWidgetTokenIsRefusedOnHostedPages(t *testing.T) {
	ls := startLoopServer(t)
	ls.widgetSite(t)
	script := ls.from("127.0.0.2")
	token := widgetToken(t, script)
	// A token of the hosted page of a stored widget invitation (as GET /w/{key} gave before).
	inv := &cx.Invitation{ID: "widgetshowing1", SurveyID: 1, Channel: survey.ViaWidget, Lang: "nl", Status: cx.InviteSent}
	if err := ls.app.CreateInvitation(context.Background(), inv); err != nil {
		t.Fatal(err)
	}
	page := strings.TrimPrefix(ls.surveys.PageLink(inv), ls.url+"/s/")
	for name, tok := range map[string]string{"the widget's token": token, "a widget invitation's page token": page} {
		t.Run(name, func(t *testing.T) {
			for _, req := range []struct{ method, path string }{{"GET", "/s/" + tok}, {"POST", "/s/" + tok}, {"POST", "/s/" + tok + "/opened"}} {
				if res := script.form(req.method, req.path, url.Values{"score": {"0"}}); res.status != 404 {
					t.Errorf("%s %s: %d, want 404", req.method, strings.Replace(req.path, tok, "{token}", 1), res.status)
				}
			}
		})
	}
	if n := ls.withToken("adminRead").reportFigure("nps.n"); n != 0 {
		t.Errorf("%v answers recorded through the hosted page, want 0", n)
	}
}

// TestWidgetShowingWritesNothing: showing the widget is a GET and writes nothing; the showing's
// invitation is made by its first answer. Before the fix every GET /w/{key} stored one. And a
// showing was sent without Cache-Control, so a shared cache could hand its token to everyone.
func TestWidgetShowingWritesNothing(t *testing.T) {
	ls := startLoopServer(t)
	ls.widgetSite(t)
	c := ls.from("127.0.0.2")
	tokens := []string{widgetToken(t, c), widgetToken(t, c), widgetToken(t, c)}
	// Nor is a showing kept by a cache: a CDN would give one showing's token to every visitor.
	if res := c.do("GET", "/w/site_test?lang=nl", "", nil, "Origin", "https://shop.example.nl"); res.header.Get("Cache-Control") != "no-store" {
		t.Errorf("a showing's Cache-Control %q, want no-store", res.header.Get("Cache-Control"))
	}
	from, to := ls.now.Add(-time.Hour), ls.now.Add(time.Hour)
	if got, err := ls.app.CountInvitations(context.Background(), from, to); err != nil || len(got) != 0 {
		t.Errorf("invitations after 3 showings and no answer: %+v (%v), want none", got, err)
	}
	for _, score := range []int{8, 9} { // an answer and a change: one invitation
		if res := widgetPost(c, fmt.Sprintf(`{"token":%q,"score":%d}`, tokens[1], score)); res.status != 200 {
			t.Fatalf("answer: %d %s", res.status, res.body)
		}
	}
	if got, err := ls.app.CountInvitations(context.Background(), from, to); err != nil || len(got) != 1 || got[0].Channel != survey.ViaWidget || got[0].Sent != 1 || got[0].Answered != 1 {
		t.Errorf("invitations after one answered showing: %+v (%v), want one widget invitation, answered", got, err)
	}
}

// TestWidgetLimitPerSite: 250 visitors from 250 addresses, each within its own limits, answer
// one site while the clock stands still: the site takes 200, then refuses with Retry-After.
// Before the fix every one was recorded, so a script with many addresses set the NPS.
func TestWidgetLimitPerSite(t *testing.T) {
	ls := startLoopServer(t)
	ls.widgetSite(t)
	accepted := 0
	for i := range 250 {
		c := ls.from(fmt.Sprintf("127.2.%d.%d", i/200, i%200+1))
		res := widgetPost(c, fmt.Sprintf(`{"token":%q,"score":0}`, widgetToken(t, c)))
		switch {
		case res.status == 200:
			accepted++
		case res.status != 429 || res.header.Get("Retry-After") != "10":
			t.Fatalf("visitor %d: %d (Retry-After %q) %s", i, res.status, res.header.Get("Retry-After"), res.body)
		}
	}
	if accepted != 200 {
		t.Errorf("one site recorded %d answers, want 200", accepted)
	}
}

// TestWidgetLimitPerIPv6Network: behind the trusted proxy, five addresses of one IPv6 /64 share
// the per-address limit of 10 answers. Before the fix each had its own 10: 50 in all.
func TestWidgetLimitPerIPv6Network(t *testing.T) {
	ls := startLoopServer(t)
	ls.srv.opts.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	ls.widgetSite(t)
	c := ls.anonymous()
	accepted := 0
	for a := range 5 {
		xff := fmt.Sprintf("2001:db8:1:2::%x", a+1)
		for range 12 {
			res := c.do("GET", "/w/site_test?lang=nl", "", nil, "Origin", "https://shop.example.nl", "X-Forwarded-For", xff)
			var cfg struct{ Token string }
			res.json(t, &cfg)
			answer := c.do("POST", "/w/site_test/answer", "application/json", strings.NewReader(fmt.Sprintf(`{"token":%q,"score":0}`, cfg.Token)),
				"Origin", "https://shop.example.nl", "X-Forwarded-For", xff)
			if answer.status == 200 {
				accepted++
			}
		}
	}
	if accepted != 10 {
		t.Errorf("one /64 recorded %d answers, want 10 (the limit per address)", accepted)
	}
}

// TestWidgetTokenTakesOneAnswerAndTwoChanges: README: "Each showing's token takes one answer
// and two changes". The count per token was a bucket forgotten after 10 minutes unused (and
// refilled one an hour), so the same token took three more scores every 10 minutes for as long
// as it was valid (link_days, 30 days). Now the count is kept for the token's life, a day, and
// the token is not taken after it.
func TestWidgetTokenTakesOneAnswerAndTwoChanges(t *testing.T) {
	ls := startLoopServer(t)
	ls.widgetSite(t)
	v := ls.from("127.0.0.5")
	tok := widgetToken(t, v)
	var got []int
	for round := range 4 {
		for i := range 3 {
			got = append(got, widgetPost(v, fmt.Sprintf(`{"token":%q,"score":%d}`, tok, (3*round+i)%11)).status)
		}
		ls.now = ls.now.Add(7 * time.Hour) // past every bucket's refill, within the token's day
	}
	want := []int{200, 200, 200, 429, 429, 429, 429, 429, 429, 429, 429, 429}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("one showing's token over 21 hours: %v, want %v (one answer and two changes)", got, want)
	}
	// A day after it was shown the token is refused as expired (403), not counted.
	if res := widgetPost(v, fmt.Sprintf(`{"token":%q,"score":9}`, tok)); res.status != 403 {
		t.Errorf("the token after 28 hours: %d, want 403 (expired)", res.status)
	}
	// A comment on a showing never answered is refused without a count kept.
	fresh := widgetToken(t, v)
	if res := widgetPost(v, fmt.Sprintf(`{"token":%q,"response":"x","comment":"hallo"}`, fresh)); res.status != 404 {
		t.Errorf("a comment on an unanswered showing: %d, want 404", res.status)
	}
}

// TestWidgetSiteAtItsLimitLeavesOthersRoom: the count of each showing's answers is kept per
// site. It was one table for every site (200,000 counts), so a dozen sites answered at their
// limit all day filled it, and every other site's visitors got 429 until a day had passed.
// The table is made small here, 2 counts, as if a site's share; the shop's showings fill
// theirs, and the garden centre's visitor is still answered.
func TestWidgetSiteAtItsLimitLeavesOthersRoom(t *testing.T) {
	// A site's real share: a score and a comment for each showing its limit lets answer in a
	// token's day, 200 at once and one every 10 seconds: 2 × (200 + 86,400 / 10).
	if got := newWidgetLimits().perToken.share; got != 17_680 {
		t.Errorf("a site's share %d counts, want 17,680", got)
	}
	ls := startLoopServer(t)
	ls.srv.widget.perToken = newCounter(widgetPerToken, survey.WidgetTokenLife, 2)
	ls.widgetSite(t)
	garden := ls.survey(t, cx.SurveyNPS)
	if err := ls.app.CreateSite(context.Background(), &cx.Site{Key: "site_garden", Name: "Tuincentrum", SurveyID: garden.ID,
		Origins: []string{"https://tuin.example.nl"}}); err != nil {
		t.Fatal(err)
	}
	var shop []int
	for i := range 3 {
		c := ls.from(fmt.Sprintf("127.3.0.%d", i+1))
		shop = append(shop, widgetPost(c, fmt.Sprintf(`{"token":%q,"score":9}`, widgetToken(t, c))).status)
	}
	if fmt.Sprint(shop) != "[200 200 429]" {
		t.Errorf("the shop's three showings: %v, want [200 200 429] (its share of 2 full)", shop)
	}
	c := ls.from("127.3.1.1")
	res := c.do("GET", "/w/site_garden?lang=nl", "", nil, "Origin", "https://tuin.example.nl")
	var cfg struct{ Token string }
	res.json(t, &cfg)
	res = c.do("POST", "/w/site_garden/answer", "application/json", strings.NewReader(fmt.Sprintf(`{"token":%q,"score":8}`, cfg.Token)),
		"Origin", "https://tuin.example.nl")
	if res.status != 200 {
		t.Errorf("the garden centre's visitor, with the shop at its share: %d %s, want 200", res.status, res.body)
	}
}

// TestWidgetTokenCountedOnceAcrossSitesOfOneSurvey: a showing's token is the survey's, not a
// site's, so any site showing that survey takes it. Its one answer and two changes are counted
// once, wherever they are sent: counted per site, the token took three at the shop and three
// more at the shop's Belgian site showing the same survey.
func TestWidgetTokenCountedOnceAcrossSitesOfOneSurvey(t *testing.T) {
	ls := startLoopServer(t)
	ls.widgetSite(t)
	shop, err := ls.app.Site(context.Background(), "site_test")
	if err != nil {
		t.Fatal(err)
	}
	if err := ls.app.CreateSite(context.Background(), &cx.Site{Key: "site_be", Name: "Webshop België", SurveyID: shop.SurveyID,
		Origins: []string{"https://shop.example.be"}}); err != nil {
		t.Fatal(err)
	}
	v := ls.from("127.0.0.6")
	tok := widgetToken(t, v)
	var got []int
	for i := range 3 {
		got = append(got, widgetPost(v, fmt.Sprintf(`{"token":%q,"score":%d}`, tok, i)).status)
	}
	res := v.do("POST", "/w/site_be/answer", "application/json", strings.NewReader(fmt.Sprintf(`{"token":%q,"score":9}`, tok)),
		"Origin", "https://shop.example.be")
	got = append(got, res.status)
	if fmt.Sprint(got) != "[200 200 200 429]" {
		t.Errorf("one token at the shop, then at its Belgian site: %v, want [200 200 200 429]", got)
	}
}
