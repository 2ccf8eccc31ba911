package web

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestSurveyKindChangeKeepsWhatWasAsked: an NPS invitation was sent (0 = zeer onwaarschijnlijk,
// 10 = zeer waarschijnlijk); the admin then changes the survey's kind to CSAT. The customer's
// click on 4 answered the NPS question: a detractor (metrics.md, NPS 0–6). Before the fix it
// was recorded as a CSAT 4, satisfied. The change is refused, in the page's language; a survey
// nobody was invited to may still change its kind, and an invited one everything but its kind.
func TestSurveyKindChangeKeepsWhatWasAsked(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyNPS)
	links := answerLinks(t, ls, ls.invite(t, sv, "C1"))
	admin := ls.login("admin@example.com")
	change := func(sv *cx.Survey, kind, name string) response {
		return admin.form("POST", "/surveys", url.Values{"id": {fmt.Sprint(sv.ID)}, "kind": {kind}, "name": {name},
			"question_nl": {sv.QuestionNL}, "question_en": {sv.QuestionEN}, "active": {"on"}})
	}
	res := change(sv, cx.SurveyCSAT, sv.Name)
	if want := "Soort: deze enquête heeft al uitnodigingen, en hun links stellen de vraag als NPS; een antwoord daarop mag niet als CSAT tellen."; res.status != 422 || !strings.Contains(res.body, want) {
		t.Errorf("kind change after an invitation: %d, want 422 saying %q", res.status, want)
	}
	if got, _ := ls.app.Survey(context.Background(), sv.ID); got.Kind != cx.SurveyNPS {
		t.Errorf("kind after the refused change: %s, want nps", got.Kind)
	}
	ls.anonymous().form("POST", links[4], nil)
	r := ls.withToken("adminRead")
	if n, d, csat := r.reportFigure("nps.n"), r.reportFigure("nps.detractors"), r.reportFigure("csat.n"); n != 1 || d != 1 || csat != 0 {
		t.Errorf("the click on 4: nps.n %v, nps.detractors %v, csat.n %v; want 1, 1, 0", n, d, csat)
	}
	if res := change(sv, cx.SurveyNPS, "NPS na contact, nieuw"); res.status != 303 {
		t.Errorf("a new name for an invited survey: %d", res.status)
	}
	fresh := ls.survey(t, cx.SurveyNPS)
	if res := change(fresh, cx.SurveyCES, fresh.Name); res.status != 303 {
		t.Errorf("kind change of a survey nobody was invited to: %d", res.status)
	}
	if got, _ := ls.app.Survey(context.Background(), fresh.ID); got.Kind != cx.SurveyCES {
		t.Errorf("kind after the change: %s, want ces", got.Kind)
	}
}

// TestWidgetResponseRateIsNotMeasured: widget showings are not recorded (a GET writes nothing),
// so an invitation exists only for an answered showing. Before the fix the surveys page showed
// the widget's open and response rates as 100%, which nobody measured; metrics.md asks for
// "not measured" rather than an unmeasured 100%. The e-mail row keeps its rates.
func TestWidgetResponseRateIsNotMeasured(t *testing.T) {
	ls := startLoopServer(t)
	ls.widgetSite(t)
	c := ls.from("127.0.0.3")
	for i := 0; i < 5; i++ { // five showings, one answered
		tok := widgetToken(t, c)
		if i == 0 {
			if res := widgetPost(c, fmt.Sprintf(`{"token":%q,"score":9}`, tok)); res.status != 200 {
				t.Fatalf("answer: %d %s", res.status, res.body)
			}
		}
	}
	list, _ := ls.app.ListSurveys(context.Background())
	ls.invite(t, &list[0], "C1") // by e-mail: sent 1, opened 0, answered 0
	admin := ls.login("admin@example.com")
	for _, tt := range []struct{ path, widget, email string }{
		{"/surveys?period=custom&from=2026-01-01&to=2027-01-01", "<td>–</td><td>–</td><td>1</td><td>Niet gemeten</td><td>Niet gemeten</td>", "<td>e-mail</td><td>1</td><td>0</td><td>0</td><td>0,0%</td><td>0,0%</td>"},
		{"/surveys?period=custom&from=2026-01-01&to=2027-01-01&lang=en", "<td>–</td><td>–</td><td>1</td><td>Not measured</td><td>Not measured</td>", "<td>e-mail</td><td>1</td><td>0</td><td>0</td><td>0.0%</td><td>0.0%</td>"},
	} {
		page := admin.get(tt.path).body
		row := regexp.MustCompile(`<tr><th scope="row">[^<]*</th><td>widget</td>.*?</tr>`).FindString(page)
		if !strings.HasSuffix(row, tt.widget+"</tr>") || strings.Contains(row, "100") {
			t.Errorf("%s: the widget's row %q, want its sent, opened, answered and rates %q", tt.path, row, tt.widget)
		}
		if !strings.Contains(page, tt.email) {
			t.Errorf("%s: the e-mail row lacks %q", tt.path, tt.email)
		}
	}
	// The Feedback page shows the response rate the same way.
	if page := admin.get("/feedback?period=custom&from=2026-01-01&to=2027-01-01&lang=nl").body; !regexp.MustCompile(`<td>widget</td><td>–</td><td>–</td><td>1</td><td>Niet gemeten</td>`).MatchString(page) {
		t.Errorf("feedback page: the widget's response rate is not 'Niet gemeten'")
	}
}

var flashText = regexp.MustCompile(`<p class="flash" role="status">([^<]*)</p>`)

// TestSurveysPageFlashIsInTheUsersLanguage: after saving a survey, adding a site or inviting a
// list, the page said the raw words "saved", "site", "1 queued, 1 error" — without the line or
// the reason (a customer id that has no e-mail address, which went to the server's log only).
func TestSurveysPageFlashIsInTheUsersLanguage(t *testing.T) {
	ls := startLoopServer(t)
	admin := ls.login("admin@example.com")
	flashAfter := func(res response, lang string) string {
		t.Helper()
		if res.status != 303 {
			t.Fatalf("%d %s", res.status, res.body)
		}
		m := flashText.FindStringSubmatch(admin.get(res.header.Get("Location") + "&lang=" + lang).body)
		if m == nil {
			return ""
		}
		return m[1]
	}
	saved := admin.form("POST", "/surveys", url.Values{"kind": {"nps"}, "name": {"Kwartaal"}, "question_nl": {"Aanbevelen?"},
		"question_en": {"Recommend?"}, "active": {"on"}})
	list, _ := ls.app.ListSurveys(context.Background())
	site := admin.form("POST", "/sites", url.Values{"name": {"Webshop"}, "survey_id": {fmt.Sprint(list[0].ID)}, "origins": {"https://shop.example.nl"}})
	invite := func(lines string) response {
		return admin.form("POST", fmt.Sprintf("/surveys/%d/invite", list[0].ID), url.Values{"customers": {lines}, "lang": {"nl"}})
	}
	// Line 2 names a customer with no address, line 3 is empty, line 4 is an address that
	// unsubscribed, line 6 a customer klantpuls does not know (a typo).
	if err := ls.app.Unsubscribe(context.Background(), "weg@example.nl", ls.now); err != nil {
		t.Fatal(err)
	}
	if _, err := ls.app.Ingest(context.Background(), []cx.Record{&cx.Customer{ID: "C1", AcquiredAt: ls.now.Add(-time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	invited := invite("a@example.nl\nC1\n\nweg@example.nl\nb@example.nl\nC404\n")
	tests := []struct {
		name string
		res  response
		lang string
		want string
	}{
		{"saved", saved, "nl", "Enquête bewaard."},
		{"saved", saved, "en", "Survey saved."},
		{"site", site, "nl", "Website toegevoegd."},
		{"invited", invited, "nl", "2 uitnodigingen klaargezet om te versturen, 1 niet verstuurd omdat het adres zich afmeldde voor enquêtes. " +
			"Niet uitgenodigd: regel 2 (C1): geen e-mailadres bekend van deze klant; regel 6 (C404): geen klant met dit klantnummer."},
		{"invited", invited, "en", "2 invitations queued to be sent, 1 not sent because the address unsubscribed from surveys. " +
			"Not invited: line 2 (C1): no e-mail address known for this customer; line 6 (C404): no customer with this id."},
		{"nobody invited", invite("C1\nC405"), "nl", "Geen uitnodigingen gemaakt. " +
			"Niet uitgenodigd: regel 1 (C1): geen e-mailadres bekend van deze klant; regel 2 (C405): geen klant met dit klantnummer."},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.lang, func(t *testing.T) {
			if got := flashAfter(tt.res, tt.lang); got != tt.want {
				t.Errorf("flash %q\nwant  %q", got, tt.want)
			}
		})
	}
	// The address carries what was done, not the text: a link cannot make the page say
	// something else, and what it names is escaped.
	if m := flashText.FindStringSubmatch(admin.get("/surveys?result=Uw+sessie+is+verlopen").body); m != nil {
		t.Errorf("a result the page does not know: flash %q, want none", m[1])
	}
	m := flashText.FindStringSubmatch(admin.get("/surveys?result=invited&no_address=1:%3Cb%3Ex%3C/b%3E").body)
	if m == nil || !strings.Contains(m[1], "regel 1 (&lt;b&gt;x&lt;/b&gt;)") {
		t.Errorf("a line named in the address: flash %q, want it escaped", m)
	}
}

// TestSurveyFormsRefuseInPageLanguage: the Enquêtes page's survey form and widget-site form say
// what they refused in the page's language.
func TestSurveyFormsRefuseInPageLanguage(t *testing.T) {
	ts := dashServer(t)
	admin := dutchAdmin(ts)
	if res := postDutch(admin, "/surveys", url.Values{"kind": {"nps"}, "name": {"NPS"}, "question_nl": {"Hoe?"},
		"question_en": {"How?"}, "active": {"on"}}); res.status != 303 {
		t.Fatalf("survey: %d", res.status)
	}
	for what, c := range map[string]struct {
		path string
		v    url.Values
	}{
		"survey without a name":     {"/surveys", url.Values{"kind": {"nps"}, "name": {" "}, "question_nl": {"a"}, "question_en": {"b"}}},
		"survey without English":    {"/surveys", url.Values{"kind": {"nps"}, "name": {"x"}, "question_nl": {"a"}, "question_en": {" "}}},
		"site origin without https": {"/sites", url.Values{"survey_id": {"1"}, "name": {"Webshop"}, "origins": {"www.webshop.nl"}}},
		"site without a name":       {"/sites", url.Values{"survey_id": {"1"}, "name": {" "}, "origins": {"https://www.webshop.nl"}}},
		"site origin a page":        {"/sites", url.Values{"survey_id": {"1"}, "name": {"Webshop"}, "origins": {"https://www.webshop.nl/enquete"}}},
	} {
		t.Run(what, func(t *testing.T) { assertDutchError(t, what, postDutch(admin, c.path, c.v)) })
	}
}

// TestSiteOriginAsTheBrowserSendsIt: the site form stored an origin as typed — capitals, the
// default port — and the widget compares the browser's Origin (lower case, no default port; RFC
// 6454 section 6.1) byte for byte, so such a site never showed the widget, and nobody was told
// why (widget.js shows nothing on a 403). A page's address (with a path) is refused naming the
// origin to give; what is saved is the origin as a browser writes it.
func TestSiteOriginAsTheBrowserSendsIt(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyNPS)
	admin := ls.login("admin@example.com")
	for typed, browser := range map[string]string{
		"https://Www.Shop.nl":         "https://www.shop.nl",
		"HTTPS://www.markt.nl:443/":   "https://www.markt.nl",
		"http://winkel.nl:80":         "http://winkel.nl",
		"https://test.winkel.nl:8443": "https://test.winkel.nl:8443",
		"https://bloemen-één.nl":      "https://xn--bloemen-n-i4aa.nl",
		"http://[2001:DB8::1]:8080":   "http://[2001:db8::1]:8080",
		// An IPv6 address as the browser writes it (the URL Standard's serialiser: the longest
		// run of zeros compressed, no dotted IPv4 part), and names a browser takes that the
		// strict rules of DNS registration do not: an underscore, hyphens at the 3rd and 4th.
		"http://[2001:db8:0:0::1]":       "http://[2001:db8::1]",
		"http://[::ffff:192.0.2.1]":      "http://[::ffff:c000:201]",
		"https://shop_test.winkel.nl":    "https://shop_test.winkel.nl",
		"https://r3---sn-4g5e.winkel.nl": "https://r3---sn-4g5e.winkel.nl",
	} {
		res := admin.form("POST", "/sites", url.Values{"name": {typed}, "survey_id": {fmt.Sprint(sv.ID)}, "origins": {typed}})
		if res.status != 303 {
			t.Errorf("%q: %d, want the site saved", typed, res.status)
			continue
		}
		sites, _ := ls.app.ListSites(context.Background())
		var site cx.Site
		for _, s := range sites {
			if s.Name == typed {
				site = s
			}
		}
		if len(site.Origins) != 1 || site.Origins[0] != browser {
			t.Errorf("%q saved as %q, want %q", typed, site.Origins, browser)
		}
		if got := ls.anonymous().do("GET", "/w/"+site.Key+"?lang=nl", "", nil, "Origin", browser); got.status != 200 {
			t.Errorf("site saved from %q: the widget on %s gets %d, want 200", typed, browser, got.status)
		}
	}
	for typed, says := range map[string]string{
		"https://www.winkel.nl/enquete": "is a page's address; give the site's origin, without a path: https://www.winkel.nl",
		"https://www.winkel.nl/?a=1":    "without a path: https://www.winkel.nl",
		"https://www.winkel.nl#top":     "without a path: https://www.winkel.nl",
		"https://www.winkel.nl:99999":   "is not an origin",
		"ftp://www.winkel.nl":           "is not an origin",
		"https://":                      "is not an origin",
		"http://[fe80::1%25eth0]":       "is not an origin",
	} {
		before, _ := ls.app.ListSites(context.Background())
		res := admin.form("POST", "/sites", url.Values{"name": {"x"}, "survey_id": {fmt.Sprint(sv.ID)}, "origins": {typed}}, "Accept-Language", "en")
		after, _ := ls.app.ListSites(context.Background())
		if res.status != 422 || !strings.Contains(pageError(res.body), says) || len(after) != len(before) {
			t.Errorf("%q: %d %q, %d sites made; want 422 saying %q and none made", typed, res.status, pageError(res.body), len(after)-len(before), says)
		}
	}
}
