package web

import (
	"fmt"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestAnswerPagesAreLimited: the hosted page (/s/) and the one-click page (/a/) had no limit:
// one address posting 200 changes to one link, the clock standing still, got 200 writes. Now an
// invitation takes 10 answers at once, then one a minute, whatever the address; an address 60,
// then one every 10 seconds; past either the page says so in the invitation's language (429,
// Retry-After). A customer who answers, changes it twice and comments never meets a limit.
func TestAnswerPagesAreLimited(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyCSAT)
	alert := regexp.MustCompile(`role="alert"[^>]*>([^<]*)`)

	t.Run("ordinary use", func(t *testing.T) {
		c := ls.from("127.0.0.5")
		one := answerLinks(t, ls, ls.invite(t, sv, "C1"))
		var got []int
		for _, score := range []int{2, 4, 5} { // from the mail, then changed on its page twice
			got = append(got, c.form("POST", one[score], url.Values{"score": {fmt.Sprint(score)}}).status)
		}
		res := c.form("POST", one[5], url.Values{"score": {"5"}})
		m := regexp.MustCompile(`action="([^"]+)"[^>]*>\s*<input type="hidden" name="response" value="([^"]+)"`).FindStringSubmatch(res.body)
		got = append(got, res.status)
		if m != nil {
			got = append(got, c.form("POST", strings.TrimPrefix(m[1], ls.url), url.Values{"response": {m[2]}, "comment": {"Snel geholpen"}}).status)
		}
		if fmt.Sprint(got) != "[200 200 200 200 200]" {
			t.Errorf("answer, two changes, the same again and a comment: %v, want 200 each", got)
		}
	})

	t.Run("per invitation", func(t *testing.T) {
		page := ls.webLink(t, sv, `,"email":"x@example.nl"`)
		c := ls.from("127.0.0.6")
		accepted := 0
		var refused response
		for i := range 200 {
			res := c.form("POST", page, url.Values{"score": {[]string{"1", "5"}[i%2]}})
			if res.status == 200 {
				accepted++
			} else {
				refused = res
				break
			}
		}
		said := alert.FindStringSubmatch(refused.body)
		if accepted != 10 || refused.status != 429 || refused.header.Get("Retry-After") != "60" || said == nil ||
			said[1] != "Te veel verzoeken kort na elkaar. Probeer het over 60 seconden opnieuw." {
			t.Errorf("one link, one address: %d accepted, then %d (Retry-After %q) %q; want 10, then 429 (60) in Dutch",
				accepted, refused.status, refused.header.Get("Retry-After"), said)
		}
		if res := ls.from("127.0.0.7").form("POST", page, url.Values{"score": {"3"}}); res.status != 429 {
			t.Errorf("the same link from another address: %d, want 429 (the invitation's share is spent)", res.status)
		}
		ls.now = ls.now.Add(time.Minute)
		if res := c.form("POST", page, url.Values{"score": {"3"}}); res.status != 200 {
			t.Errorf("a minute later: %d, want 200", res.status)
		}
	})

	t.Run("per address", func(t *testing.T) {
		c := ls.from("127.0.0.8")
		var got []int
		for i := range 62 {
			page := ls.webLink(t, sv, fmt.Sprintf(`,"email":"a%d@example.nl","lang":"en"`, i))
			res := c.form("POST", page, url.Values{"score": {"1"}})
			got = append(got, res.status)
			if i == 61 {
				said := alert.FindStringSubmatch(res.body)
				if res.header.Get("Retry-After") != "10" || !strings.Contains(res.body, `<html lang="en"`) || said == nil ||
					said[1] != "Too many requests in a short time. Try again in 10 seconds." {
					t.Errorf("past the address's share: Retry-After %q, %q; want 10, in English", res.header.Get("Retry-After"), said)
				}
			}
		}
		want := strings.TrimSpace(strings.Repeat("200 ", 60) + "429 429")
		if fmt.Sprint(got) != "["+want+"]" {
			t.Errorf("62 links from one address: %v, want 60 answered, then 429", got)
		}
	})
}

// TestAnswerLimitsKeepNoAddressOfARefusedLink: the share of an address was taken before the
// invitation's, so every answer to one link kept its address's bucket for 10 minutes, those
// refused by the invitation's limit too. One forwarded link posted from a new IPv6 /64 each
// time (a /48 holds 65,536 of them) grew the map of addresses without bound. Now an address
// is kept only for an answer its invitation takes: one link keeps at most 10 at once.
func TestAnswerLimitsKeepNoAddressOfARefusedLink(t *testing.T) {
	ls := startLoopServer(t)
	ls.srv.opts.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	sv := ls.survey(t, cx.SurveyCSAT)
	page := ls.webLink(t, sv, `,"email":"x@example.nl"`)
	c := ls.anonymous()
	accepted := 0
	for i := range 200 {
		xff := fmt.Sprintf("2001:db8:%x:%x::1", i/256, i%256)
		if res := c.form("POST", page, url.Values{"score": {"4"}}, "X-Forwarded-For", xff); res.status == 200 {
			accepted++
		}
	}
	l := ls.srv.pageAnswers.perAddress
	l.mu.Lock()
	kept := len(l.buckets)
	l.mu.Unlock()
	if accepted != 10 || kept > 10 {
		t.Errorf("one link from 200 networks: %d answers taken and %d addresses kept; want 10 and at most 10", accepted, kept)
	}
}

// TestCommentOverTheLimitIsKept: a comment sent past a limit was answered by the error page
// alone, and the customer's text was lost — the page keeps a too long comment for the same
// reason. Now the comment form comes back with the comment in it and the wait in the
// invitation's language (429, Retry-After), and sent again after the wait it is kept.
func TestCommentOverTheLimitIsKept(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyCSAT)
	page := ls.webLink(t, sv, `,"email":"x@example.nl"`)
	c := ls.from("127.0.0.9")
	var last response
	for range 10 {
		last = c.form("POST", page, url.Values{"score": {"2"}})
	}
	m := regexp.MustCompile(`name="response" value="([^"]+)"`).FindStringSubmatch(last.body)
	if last.status != 200 || m == nil {
		t.Fatalf("the tenth answer: %d, no comment form", last.status)
	}
	comment := "Het pakket kwam & te laat"
	res := c.form("POST", page, url.Values{"response": {m[1]}, "comment": {comment}})
	said := regexp.MustCompile(`id="comment-error">([^<]*)`).FindStringSubmatch(res.body)
	if res.status != 429 || res.header.Get("Retry-After") != "60" || !strings.Contains(res.body, ">Het pakket kwam &amp; te laat</textarea>") ||
		said == nil || said[1] != "Te veel verzoeken kort na elkaar. Probeer het over 60 seconden opnieuw." {
		t.Errorf("a comment past the invitation's limit: %d (Retry-After %q), said %q; want 429 (60) with the comment kept in the box, in Dutch",
			res.status, res.header.Get("Retry-After"), said)
	}
	ls.now = ls.now.Add(time.Minute)
	if res := c.form("POST", page, url.Values{"response": {m[1]}, "comment": {comment}}); res.status != 200 {
		t.Errorf("the comment a minute later: %d, want 200", res.status)
	}
}
