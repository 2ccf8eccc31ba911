package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
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
		if strings.HasPrefix(a.Error, "held back") {
			held++
		}
	}
	if len(alerts) != 120 || held != 110 {
		t.Errorf("%d alerts recorded, %d held back; want 120 and 110", len(alerts), held)
	}
}
