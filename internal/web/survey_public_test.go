package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// webLink invites by channel web and returns the hosted page's path.
func (ls *loopServer) webLink(t *testing.T, sv *cx.Survey, body string) string {
	t.Helper()
	_, page := ls.webInvitation(t, sv, body)
	return page
}

// webInvitation invites by channel web and returns the invitation's id and the hosted page's path.
func (ls *loopServer) webInvitation(t *testing.T, sv *cx.Survey, body string) (id, page string) {
	t.Helper()
	res := ls.withToken("adminWrite").postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"channel":"web"%s}`, sv.ID, body))
	var out struct {
		Invitations []struct{ ID, URL string }
	}
	json.Unmarshal([]byte(res.body), &out)
	if res.status != 200 || len(out.Invitations) != 1 {
		t.Fatalf("invite: %d %s", res.status, res.body)
	}
	return out.Invitations[0].ID, strings.TrimPrefix(out.Invitations[0].URL, ls.url)
}

var (
	scaleEnds     = regexp.MustCompile(`<p class="ends"><span[^>]*>([^<]*)</span><span[^>]*>([^<]*)</span>`)
	followUpLabel = regexp.MustCompile(`<label for="comment">([^<]*)`)
)

// TestCESPageNamesTheEndsAsTheMailDoes: the CES question asks for effort; the e-mail names the
// ends "veel moeite" and "heel makkelijk", turned round with direction = "effort". The hosted
// page, the one-click page and the widget called them "slecht" and "uitstekend" whatever the
// direction: with "effort" (7 = much effort) a customer who found it excellent clicked 7 and
// was counted as not easy (metrics.md CES: x becomes min + max − x).
func TestCESPageNamesTheEndsAsTheMailDoes(t *testing.T) {
	for _, tt := range []struct{ direction, low, high string }{
		{"easy", "veel moeite", "heel makkelijk"},
		{"effort", "heel makkelijk", "veel moeite"},
	} {
		t.Run(tt.direction, func(t *testing.T) {
			ls := startLoopServer(t)
			ls.app.Config.CES.Direction = tt.direction
			sv := ls.survey(t, cx.SurveyCES)
			// The mail says it right: the reference.
			mail := ls.invite(t, sv, "C1")
			if want := fmt.Sprintf("(1 = %s, 7 = %s)", tt.low, tt.high); !strings.Contains(mail, want) {
				t.Fatalf("the mail lacks %q:\n%s", want, mail)
			}
			page := ls.anonymous().get(ls.webLink(t, sv, `,"customer_id":"C1"`)).body
			m := scaleEnds.FindStringSubmatch(page)
			if m == nil || m[1] != tt.low || m[2] != tt.high {
				t.Errorf("hosted page ends %q, want %q … %q", m, tt.low, tt.high)
			}
			one := answerLinks(t, ls, mail)[7]
			m = scaleEnds.FindStringSubmatch(ls.anonymous().get(one).body)
			if m == nil || m[1] != tt.low || m[2] != tt.high {
				t.Errorf("one-click page ends %q, want %q … %q", m, tt.low, tt.high)
			}
			if err := ls.app.CreateSite(context.Background(), &cx.Site{Key: "site_test", Name: "Webshop", SurveyID: sv.ID,
				Origins: []string{"https://shop.example.nl"}}); err != nil {
				t.Fatal(err)
			}
			var cfg struct{ Low, High string }
			ls.anonymous().do("GET", "/w/site_test?lang=nl", "", nil, "Origin", "https://shop.example.nl").json(t, &cfg)
			if cfg.Low != tt.low || cfg.High != tt.high {
				t.Errorf("widget ends %q … %q, want %q … %q", cfg.Low, cfg.High, tt.low, tt.high)
			}
		})
	}
}

// TestCESEffortFollowUp: with direction = "effort" a 1 is "heel makkelijk" (metrics.md: 7, easy,
// after turning round), yet the page asked the low follow-up, "what went wrong?"; the widget's
// answer names the same question as the page.
func TestCESEffortFollowUp(t *testing.T) {
	ls := startLoopServer(t)
	ls.app.Config.CES.Direction = "effort"
	sv := ls.survey(t, cx.SurveyCES)
	page := ls.webLink(t, sv, `,"email":"x@example.nl"`)
	c := ls.anonymous()
	if err := ls.app.CreateSite(context.Background(), &cx.Site{Key: "site_test", Name: "Webshop", SurveyID: sv.ID,
		Origins: []string{"https://shop.example.nl"}}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		score     string
		want, not string
	}{
		{"1", "Wat ging er goed?", "Wat ging er mis?"}, // 1 = very easy: 7 after turning round
		{"3", "Wat ging er goed?", "Wat ging er mis?"}, // 5 after turning round: above the middle 4
		{"4", "Wat ging er mis?", "Wat ging er goed?"}, // the middle: not easy
		{"7", "Wat ging er mis?", "Wat ging er goed?"}, // 7 = much effort: 1 after turning round
	} {
		res := c.form("POST", page, url.Values{"score": {tt.score}})
		if res.status != 200 || !strings.Contains(res.body, tt.want) || strings.Contains(res.body, tt.not) {
			t.Errorf("score %s (effort): follow-up %q, want %q", tt.score, followUpLabel.FindStringSubmatch(res.body), tt.want)
		}
		var out struct {
			FollowUp string `json:"follow_up"`
		}
		widgetPost(ls.from("127.0.0.4"), fmt.Sprintf(`{"token":%q,"score":%s}`, widgetToken(t, ls.from("127.0.0.4")), tt.score)).json(t, &out)
		if out.FollowUp != tt.want {
			t.Errorf("score %s (effort) in the widget: follow-up %q, want %q", tt.score, out.FollowUp, tt.want)
		}
	}
}

// TestCSATFollowUpByPositiveMin: on a CSAT scale of 1–10, positive from 9 (metrics.md: the top
// two points), an 8 is above the middle but not positive: the CSAT figure counts it as not
// satisfied, so the follow-up asks what went wrong, as it asks a 6. The page asked "what went
// well?" of every score above 5.
func TestCSATFollowUpByPositiveMin(t *testing.T) {
	ls := startLoopServer(t)
	ls.app.Config.CSAT.Min, ls.app.Config.CSAT.Max, ls.app.Config.CSAT.PositiveMin = 1, 10, 9
	sv := ls.survey(t, cx.SurveyCSAT)
	page := ls.webLink(t, sv, `,"email":"x@example.nl"`)
	c := ls.anonymous()
	for _, tt := range []struct{ score, want string }{
		{"5", "Wat ging er mis?"},
		{"6", "Wat ging er mis?"},
		{"8", "Wat ging er mis?"},
		{"9", "Wat ging er goed?"},
		{"10", "Wat ging er goed?"},
	} {
		res := c.form("POST", page, url.Values{"score": {tt.score}})
		if m := followUpLabel.FindStringSubmatch(res.body); res.status != 200 || m == nil || m[1] != tt.want {
			t.Errorf("CSAT %s on 1–10 positive from 9: %d, follow-up %q, want %q", tt.score, res.status, m, tt.want)
		}
	}
}

// answered answers sv's hosted page with score and returns the page's comment form fields.
func answered(t *testing.T, ls *loopServer, sv *cx.Survey, score string) (c *client, page, response string) {
	t.Helper()
	page = ls.webLink(t, sv, `,"email":"x@example.nl"`)
	c = ls.anonymous()
	res := c.form("POST", page, url.Values{"score": {score}})
	m := regexp.MustCompile(`name="response" value="([^"]+)"`).FindStringSubmatch(res.body)
	if res.status != 200 || m == nil {
		t.Fatalf("answer: %d %s", res.status, res.body)
	}
	return c, page, m[1]
}

// TestEmptyCommentIsNotThanked: "Versturen" with an empty box records nothing (Comment keeps
// none), yet the page said "Bedankt, we hebben uw toelichting ontvangen."
func TestEmptyCommentIsNotThanked(t *testing.T) {
	ls := startLoopServer(t)
	c, page, resp := answered(t, ls, ls.survey(t, cx.SurveyCSAT), "2")
	res := c.form("POST", page, url.Values{"response": {resp}, "comment": {"   "}})
	if strings.Contains(res.body, "we hebben uw toelichting ontvangen") || !strings.Contains(res.body, "Bedankt voor uw antwoord!") {
		t.Errorf("an empty comment: %d, want the plain thanks and not the comment's:\n%s", res.status, res.body)
	}
	// An empty comment on an answer of another invitation still names no answer of this one.
	if res := c.form("POST", page, url.Values{"response": {"elders-2"}, "comment": {""}}); res.status != 404 {
		t.Errorf("an empty comment on an unknown answer: %d, want 404", res.status)
	}
}

// TestLongCommentWithLineBreaksIsKept: the box has maxlength="4000", which counts a line break
// as one character; a browser sends each line break as CR LF. A comment of 3,990 letters and
// 10 line breaks fits the box (4,000) but arrived as 4,010 characters and was refused: the
// customer's comment was lost, with an English error on a Dutch page. It is kept, with LF line
// breaks; one longer than the box comes back in the box with the reason in the page's language.
func TestLongCommentWithLineBreaksIsKept(t *testing.T) {
	ls := startLoopServer(t)
	c, page, resp := answered(t, ls, ls.survey(t, cx.SurveyCSAT), "2")
	comment := strings.Repeat(strings.Repeat("a", 399)+"\r\n", 10)
	res := c.form("POST", page, url.Values{"response": {resp}, "comment": {comment}})
	if res.status != 200 {
		t.Errorf("a comment that fits the box: %d %s", res.status, regexp.MustCompile(`role="alert"[^>]*>([^<]*)`).FindStringSubmatch(res.body))
	}
	rec, err := ls.app.Record(context.Background(), cx.KindResponses, resp)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rec.(*cx.Response).Comment, strings.TrimSpace(strings.Repeat(strings.Repeat("a", 399)+"\n", 10)); got != want {
		t.Errorf("kept comment of %d characters, want the 3,999 sent with LF line breaks", len(got))
	}

	tooLong := strings.Repeat("b", 4001)
	res = c.form("POST", page, url.Values{"response": {resp}, "comment": {tooLong}})
	if res.status != 422 || !strings.Contains(res.body, "Uw toelichting is te lang: hoogstens 4000 tekens") ||
		!strings.Contains(res.body, ">"+tooLong+"</textarea>") || !strings.Contains(res.body, `value="`+resp+`"`) {
		t.Errorf("a comment of 4,001 characters: %d, want 422 with the comment in the box and why in Dutch:\n%.600s", res.status, res.body)
	}
	if rec, _ := ls.app.Record(context.Background(), cx.KindResponses, resp); strings.HasPrefix(rec.(*cx.Response).Comment, "b") {
		t.Error("the refused comment was kept")
	}
}

// TestPastedControlCharacterIsASpace: a Dutch customer pastes a comment holding a form feed
// (from a PDF) or a vertical tab. The Dutch page answered 422 with the English, technical
// "comment: control character U+000C not allowed" and the comment was gone. The box showed
// the character as a space, and a space it is.
func TestPastedControlCharacterIsASpace(t *testing.T) {
	ls := startLoopServer(t)
	c, page, resp := answered(t, ls, ls.survey(t, cx.SurveyCSAT), "2")
	res := c.form("POST", page, url.Values{"response": {resp}, "comment": {"Pakket kwam te laat\fen\vbeschadigd"}})
	if res.status != 200 || !strings.Contains(res.body, "Bedankt, we hebben uw toelichting ontvangen.") {
		t.Errorf("a pasted comment with a form feed: %d %q, want it thanked", res.status, regexp.MustCompile(`role="alert"[^>]*>([^<]*)`).FindStringSubmatch(res.body))
	}
	rec, err := ls.app.Record(context.Background(), cx.KindResponses, resp)
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.(*cx.Response).Comment; got != "Pakket kwam te laat en beschadigd" {
		t.Errorf("kept comment %q, want the form feed and vertical tab as spaces", got)
	}
}

// TestSurveyPageErrorsInTheInvitationsLanguage: the customer's page is in the invitation's
// language whatever the browser prefers, yet its errors followed Accept-Language: an English
// invitation opened in a Dutch browser said "Dat kon niet" on a page of <html lang="nl">, and
// the reason itself was English on a Dutch page ("score: choose a whole number from 1 to 5",
// "the form could not be read" for a body over the server's bound, "too many requests").
func TestSurveyPageErrorsInTheInvitationsLanguage(t *testing.T) {
	ls := startLoopServer(t, func(o *Options) { o.MaxBody = 1 << 20 })
	sv := ls.survey(t, cx.SurveyCSAT)
	alert := regexp.MustCompile(`role="alert"[^>]*>([^<]*)`)
	for _, tt := range []struct {
		lang, browser string
		form          url.Values
		status        int
		heading, says string
	}{
		{"en", "nl-NL,nl;q=0.9,en;q=0.8", url.Values{"score": {"11"}}, 422, "That did not work", "Choose a whole number from 1 to 5."},
		{"nl", "en-GB,en;q=0.9", url.Values{"score": {"11"}}, 422, "Dat kon niet", "Kies een heel getal van 1 tot 5."},
		{"nl", "en-GB", url.Values{"score": {"1", "5"}}, 422, "Dat kon niet", "Het formulier stuurde een veld twee keer."},
		{"nl", "en-GB", url.Values{"score": {"4"}, "comment": {strings.Repeat("x", 2<<20)}}, 413, "Dat kon niet",
			"Wat u verstuurde is te groot (hoogstens 1 MB). Een toelichting heeft hoogstens 4000 tekens."},
	} {
		page := ls.webLink(t, sv, fmt.Sprintf(`,"email":"%s@example.nl","lang":%q`, tt.lang, tt.lang))
		res := ls.anonymous().form("POST", page, tt.form, "Accept-Language", tt.browser)
		h1 := regexp.MustCompile(`<h1[^>]*>([^<]*)`).FindStringSubmatch(res.body)
		said := alert.FindStringSubmatch(res.body)
		if res.status != tt.status || !strings.Contains(res.body, `<html lang="`+tt.lang+`"`) || h1 == nil || h1[1] != tt.heading ||
			said == nil || !strings.HasPrefix(html.UnescapeString(said[1]), tt.says) {
			t.Errorf("%s invitation, browser %s, %.40v: %d, heading %q, saying %q; want %d, %q, %q", tt.lang, tt.browser, tt.form, res.status, h1, said, tt.status, tt.heading, tt.says)
		}
	}
}

// TestWidgetCloseButtonInItsLanguage: the widget's close button's label, read by a screen
// reader, was Dutch on an English site.
func TestWidgetCloseButtonInItsLanguage(t *testing.T) {
	ls := startLoopServer(t)
	ls.widgetSite(t)
	for lang, want := range map[string]string{"nl": "Sluiten", "en": "Close"} {
		var cfg struct{ Close string }
		ls.anonymous().do("GET", "/w/site_test?lang="+lang, "", nil, "Origin", "https://shop.example.nl").json(t, &cfg)
		if cfg.Close != want {
			t.Errorf("lang %s: close %q, want %q", lang, cfg.Close, want)
		}
	}
	script := ls.anonymous().get("/widget.js").body
	if strings.Contains(script, "'Sluiten'") || !strings.Contains(script, "cfg.close") {
		t.Error("widget.js labels its close button in one language")
	}
}

// TestScoreControlsSayWhatTheEndsMean: on the hosted page (/s/) and the one-click page (/a/)
// the lowest and highest score controls carry their end's words (survey.Service.Ends) in what
// a screen reader announces (here aria-describedby). Named "1" … "7" only, with the words in
// a paragraph no control pointed to, a screen-reader user tabbing through the buttons (or
// arrowing through the radios) heard "1, knop" and could not tell which end is easy — with
// CES direction = "effort" it is the 1, the opposite of the usual. WCAG 1.3.1 / 3.3.2.
func TestScoreControlsSayWhatTheEndsMean(t *testing.T) {
	ls := startLoopServer(t)
	ls.app.Config.CES.Direction = "effort"
	sv := ls.survey(t, cx.SurveyCES)
	mail := ls.invite(t, sv, "C1")
	low, high := "heel makkelijk", "veel moeite" // the mail's own words: (1 = heel makkelijk, 7 = veel moeite)
	pages := map[string]string{
		"hosted page /s/":    ls.webLink(t, sv, `,"customer_id":"C1"`),
		"one-click page /a/": answerLinks(t, ls, mail)[1],
	}
	for name, path := range pages {
		t.Run(name, func(t *testing.T) {
			body := ls.anonymous().get(path).body
			doc := parseHTML(t, body)
			controls := elementsOf(doc, func(n *html.Node) bool {
				v, _ := attrOf(n, "name")
				return (n.Data == "button" || n.Data == "input") && v == "score"
			})
			if len(controls) != 7 {
				t.Fatalf("%d score controls, want 7 (CES 1–7)", len(controls))
			}
			if got := announced(doc, controls[0]); !strings.Contains(got, low) {
				t.Errorf("score 1 is announced as %q: it does not say %q", got, low)
			}
			if got := announced(doc, controls[6]); !strings.Contains(got, high) {
				t.Errorf("score 7 is announced as %q: it does not say %q", got, high)
			}
		})
	}
}

// TestSurveyPagesHaveOneHeading: each of the customer's pages has one h1 saying what it is
// (WCAG 2.4.6 / 1.3.1) — also the page after a score (the thanks and the follow-up question), a
// refused comment, the final thanks and a bad or expired link, which had none: a screen-reader
// user who jumps to the heading (H, or the headings list) of the new page found nothing and did
// not learn that the answer was received.
func TestSurveyPagesHaveOneHeading(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyNPS)
	page := ls.webLink(t, sv, `,"customer_id":"C1"`)
	c := ls.anonymous()
	followUp := c.form("POST", page, url.Values{"score": {"9"}})
	resp := regexp.MustCompile(`name="response" value="([^"]+)"`).FindStringSubmatch(followUp.body)
	if followUp.status != 200 || resp == nil {
		t.Fatalf("answer: %d %s", followUp.status, followUp.body)
	}
	tooLong := c.form("POST", page, url.Values{"response": {resp[1]}, "comment": {strings.Repeat("x", 4001)}})
	thanks := c.form("POST", page, url.Values{"response": {resp[1]}, "comment": {"Prima"}})
	bad := c.get("/s/forged.token")
	for name, res := range map[string]response{
		"the follow-up question after a score": followUp,
		"a comment too long":                   tooLong,
		"the thanks after the comment":         thanks,
		"a bad link":                           bad,
	} {
		doc := parseHTML(t, res.body)
		if n := countTags(doc, "h1"); n != 1 {
			t.Errorf("%s (HTTP %d): %d h1, want 1", name, res.status, n)
		}
	}
}
