package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/alert"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
	"github.com/klantpuls/klantpuls/internal/mail"
	"github.com/klantpuls/klantpuls/internal/smtptest"
	"github.com/klantpuls/klantpuls/internal/survey"
)

// loopServer is a test server with surveys and alerts wired as `klantpuls serve` wires them,
// sending e-mail to a real SMTP server on loopback.
type loopServer struct {
	*testServer
	smtp    *smtptest.Server
	surveys *survey.Service
	alerts  *alert.Service
	now     time.Time
}

func startLoopServer(t *testing.T, opts ...func(*Options)) *loopServer {
	t.Helper()
	ls := &loopServer{smtp: smtptest.Start(t), now: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return ls.now }
	ls.testServer = startServer(t, func(o *Options) {
		o.Now = clock
		ctx := context.Background()
		a := o.App
		signer, err := survey.NewSigner(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		sender, err := mail.NewSMTP(mail.Config{Host: ls.smtp.Host(), Port: ls.smtp.Port(), From: "Klantenservice <service@example.nl>", TLS: "none"})
		if err != nil {
			t.Fatal(err)
		}
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		// The base URL is known once the listener is; links are made after that.
		ls.surveys = &survey.Service{App: a, Invitations: a, Signer: signer, Mail: sender, Now: clock, Log: log}
		ls.alerts = alert.New(alert.Service{Rules: a, Mail: sender, Hook: &hook.Hook{Backoff: time.Millisecond}, Themes: a.Config.Themes, Now: clock, Log: log})
		a.OnCommit(ls.alerts.Observe)
		o.Surveys = ls.surveys
		for _, opt := range opts {
			opt(o)
		}
	})
	ls.surveys.BaseURL = ls.url
	ls.alerts.BaseURL = ls.url
	return ls
}

// deliver runs the alert delivery once, as the background loop does.
func (ls *loopServer) deliver(t *testing.T) {
	t.Helper()
	_, err := ls.alerts.Deliver(context.Background(), func(ctx context.Context, id string) (*cx.Response, error) {
		rec, err := ls.app.Record(ctx, cx.KindResponses, id)
		if err != nil {
			return nil, err
		}
		return rec.(*cx.Response), nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (ls *loopServer) survey(t *testing.T, kind string) *cx.Survey {
	t.Helper()
	sv := &cx.Survey{Kind: kind, Name: kind + " na contact", QuestionNL: "Hoe tevreden bent u?", QuestionEN: "How satisfied are you?",
		FollowUpLowNL: "Wat ging er mis?", FollowUpLowEN: "What went wrong?", FollowUpHighNL: "Wat ging er goed?",
		FollowUpHighEN: "What went well?", Active: true}
	if kind == cx.SurveyNPS {
		sv.QuestionNL = "Hoe waarschijnlijk is het dat u ons aanbeveelt?"
	}
	if err := ls.app.CreateSurvey(context.Background(), sv); err != nil {
		t.Fatal(err)
	}
	return sv
}

// invite makes an e-mail invitation of survey to email through the API and returns its id.
func invite(t *testing.T, c *client, survey int64, email string) string {
	t.Helper()
	res := c.postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"email":%q}`, survey, email))
	var made struct{ Invitations []struct{ ID string } }
	res.json(t, &made)
	if res.status != 200 || len(made.Invitations) != 1 {
		t.Fatalf("invite: %d %s", res.status, res.body)
	}
	return made.Invitations[0].ID
}

func TestInvitationByEmailAndOneClickAnswer(t *testing.T) {
	ls := startLoopServer(t)
	w := ls.withToken("adminWrite")
	w.postJSON("/api/v1/customers", `{"customer_id":"C1","acquired_at":"2025-01-01 10:00","email":"klant@example.nl"}`)
	w.postJSON("/api/v1/tickets", `{"ticket_id":"T1","created_at":"2026-03-09 10:00","customer_id":"C1","channel":"email","agent":"Anna","solved_at":"2026-03-09 15:00"}`)
	sv := ls.survey(t, cx.SurveyCSAT)
	// A help desk calls after the ticket is solved: the address comes from the ticket's customer.
	res := w.postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"ticket_id":"T1"}`, sv.ID))
	if res.status != 200 || !strings.Contains(res.body, `"status":"queued"`) {
		t.Fatalf("invite: %d %s", res.status, res.body)
	}
	if n, err := ls.surveys.SendQueued(context.Background(), 10); err != nil || n != 1 {
		t.Fatalf("sent %d, %v", n, err)
	}
	msgs := ls.smtp.Wait(t, 1, 5*time.Second)
	m := msgs[0]
	if m.To[0] != "klant@example.nl" || !strings.Contains(m.Header.Get("Subject"), "Hoe tevreden") || m.Header.Get("List-Unsubscribe") == "" {
		t.Errorf("mail to %v, subject %q, unsubscribe %q", m.To, m.Header.Get("Subject"), m.Header.Get("List-Unsubscribe"))
	}
	links := regexp.MustCompile(`http://127\.0\.0\.1:\d+/a/[A-Za-z0-9_.-]+`).FindAllString(m.TextBody, -1)
	if len(links) != 5 {
		t.Fatalf("%d score links in the mail, want 5 (CSAT 1..5):\n%s", len(links), m.TextBody)
	}
	// A forged, altered or expired link records nothing.
	c := ls.anonymous()
	good := strings.TrimPrefix(links[4], ls.url)
	altered := good[:len(good)-2] + map[bool]string{true: "A", false: "B"}[good[len(good)-2] != 'A'] + good[len(good)-1:]
	for _, bad := range []string{"/a/forged.token", altered} {
		if res := c.get(bad); res.status != 404 {
			t.Errorf("%s: %d, want 404", bad, res.status)
		}
	}
	if n := ls.withToken("adminRead").reportFigure("csat.n"); n != 0 {
		t.Fatalf("csat n = %v after bad links, want 0", n)
	}
	// The score 5 link's page records the answer when its form is sent, and asks the
	// follow-up question.
	res = c.form("POST", good, nil)
	if res.status != 200 || !strings.Contains(res.body, "Wat ging er goed?") {
		t.Fatalf("answer link: %d %s", res.status, res.body)
	}
	csat := func() float64 { return ls.withToken("adminRead").reportFigure("csat.positive") }
	if csat() != 1 {
		t.Errorf("the answer is not in the report")
	}
	// The comment page adds the comment to that answer.
	token := regexp.MustCompile(`action="/s/([^"]+)"`).FindStringSubmatch(res.body)[1]
	resp := regexp.MustCompile(`name="response" value="([^"]+)"`).FindStringSubmatch(res.body)[1]
	if res := c.form("POST", "/s/"+token, url.Values{"response": {resp}, "comment": {"Snel <geholpen>"}}); res.status != 200 {
		t.Errorf("comment: %d", res.status)
	}
	if got := ls.withToken("adminRead").reportFigure("feedback_response.n"); got != 1 {
		t.Errorf("feedback items %v, want the comment", got)
	}
	// Changing the answer (the score 1 link) keeps the history; the latest counts.
	ls.now = ls.now.Add(time.Hour)
	c.form("POST", strings.TrimPrefix(links[0], ls.url), nil)
	if n, pos := ls.withToken("adminRead").reportFigure("csat.n"), csat(); n != 1 || pos != 0 {
		t.Errorf("after a changed answer csat n %v positive %v, want 1 and 0", n, pos)
	}
	page := ls.login("admin@example.com").get("/customers/C1").body
	if !strings.Contains(page, `class="superseded"`) {
		t.Error("the customer page does not show the earlier answer as history")
	}
	// Expired: the link of 30 days ago no longer works.
	ls.now = ls.now.Add(31 * 24 * time.Hour)
	if res := c.get(good); res.status != 404 {
		t.Errorf("an expired link: %d", res.status)
	}
}

func TestThrottleUnsubscribeBounce(t *testing.T) {
	ls := startLoopServer(t)
	w := ls.withToken("adminWrite")
	sv := ls.survey(t, cx.SurveyNPS)
	invite := func(email string) string {
		res := w.postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"email":%q}`, sv.ID, email))
		var out struct{ Invitations []struct{ Status string } }
		json.Unmarshal([]byte(res.body), &out)
		if len(out.Invitations) != 1 {
			t.Fatalf("invite %s: %d %s", email, res.status, res.body)
		}
		return out.Invitations[0].Status
	}
	invite("a@example.nl")
	ls.surveys.SendQueued(context.Background(), 10)
	msgs := ls.smtp.Wait(t, 1, 5*time.Second)
	// Asked again within 30 days: throttled, not sent.
	ls.now = ls.now.Add(10 * 24 * time.Hour)
	if got := invite("A@example.nl"); got != cx.InviteThrottled {
		t.Errorf("second invitation within the throttle: %s", got)
	}
	// The unsubscribe link works (after a confirmation, so a link scanner cannot unsubscribe).
	u := regexp.MustCompile(`/u/[A-Za-z0-9_.-]+`).FindString(msgs[0].TextBody)
	c := ls.anonymous()
	if res := c.get(u); res.status != 200 {
		t.Fatalf("unsubscribe page: %d", res.status)
	}
	if res := c.form("POST", u, nil); res.status != 200 || !strings.Contains(res.body, "afgemeld") {
		t.Errorf("unsubscribe: %d", res.status)
	}
	ls.now = ls.now.Add(60 * 24 * time.Hour)
	if got := invite("a@example.nl"); got != cx.InviteUnsubscribed {
		t.Errorf("after unsubscribing: %s", got)
	}
	// A refused address is a bounce, recorded.
	ls.smtp.RejectRecipient("nobody@example.nl", 550, "5.1.1 no such user")
	invite("nobody@example.nl")
	ls.surveys.SendQueued(context.Background(), 10)
	page := ls.login("admin@example.com").get("/surveys?period=custom&from=2026-01-01&to=2027-01-01").body
	if !strings.Contains(page, "<td>e-mail</td><td>1</td><td>0</td><td>0</td>") {
		t.Errorf("response rate row: one sent, none opened or answered:\n%s", page[strings.Index(page, "h-rates"):][:600])
	}
}

func TestWidgetFromAnotherOrigin(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyNPS)
	site := &cx.Site{Key: "site_test", Name: "Webshop", SurveyID: sv.ID, Origins: []string{"https://shop.example.nl"}}
	if err := ls.app.CreateSite(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	c := ls.anonymous()
	if res := c.do("GET", "/w/site_test?lang=nl", "", nil, "Origin", "https://evil.example"); res.status != 403 {
		t.Errorf("another origin: %d", res.status)
	}
	res := c.do("GET", "/w/site_test?lang=nl", "", nil, "Origin", "https://shop.example.nl")
	if res.header.Get("Access-Control-Allow-Origin") != "https://shop.example.nl" {
		t.Fatalf("config: %d %v", res.status, res.header)
	}
	var cfg struct{ Token string }
	res.json(t, &cfg)
	pre := c.do("OPTIONS", "/w/site_test/answer", "", nil, "Origin", "https://shop.example.nl", "Access-Control-Request-Method", "POST")
	if pre.status != 204 || pre.header.Get("Access-Control-Allow-Methods") == "" {
		t.Errorf("preflight: %d", pre.status)
	}
	post := func(origin, body string) response {
		return c.do("POST", "/w/site_test/answer", "application/json", strings.NewReader(body), "Origin", origin, "Sec-Fetch-Site", "cross-site")
	}
	if res := post("https://evil.example", fmt.Sprintf(`{"token":%q,"score":10}`, cfg.Token)); res.status != 403 {
		t.Errorf("an answer from another origin: %d", res.status)
	}
	res = post("https://shop.example.nl", fmt.Sprintf(`{"token":%q,"score":3}`, cfg.Token))
	if res.status != 200 {
		t.Fatalf("answer: %d %s", res.status, res.body)
	}
	var out struct{ Response string }
	res.json(t, &out)
	if res := post("https://shop.example.nl", fmt.Sprintf(`{"token":%q,"response":%q,"comment":"Te duur"}`, cfg.Token, out.Response)); res.status != 200 {
		t.Errorf("comment: %d %s", res.status, res.body)
	}
	if n := ls.withToken("adminRead").reportFigure("nps.detractors"); n != 1 {
		t.Errorf("detractors %v, want the widget's answer", n)
	}
	if res := post("https://shop.example.nl", `{"token":"forged","score":10}`); res.status != 403 {
		t.Errorf("a forged token: %d", res.status)
	}
}

func TestAlertsAndFollowUp(t *testing.T) {
	ls := startLoopServer(t)
	var got []map[string]any
	var mu sync.Mutex
	hookSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		got = append(got, body)
		mu.Unlock()
	}))
	defer hookSrv.Close()
	admin := ls.login("admin@example.com")
	res := admin.form("POST", "/alerts", url.Values{"name": {"Criticaster"}, "condition": {"nps_detractor"},
		"email": {"lead@example.nl"}, "webhook": {hookSrv.URL}})
	if res.status != 303 {
		t.Fatalf("rule: %d %s", res.status, res.body)
	}
	w := ls.withToken("adminWrite")
	w.postJSON("/api/v1/responses", `[{"response_id":"R1","survey":"nps","score":2,"submitted_at":"2026-03-09 10:00","customer_id":"C1","comment":"Nooit meer"},
		{"response_id":"R2","survey":"nps","score":9,"submitted_at":"2026-03-09 10:00","customer_id":"C2"}]`)
	ls.deliver(t)
	mu.Lock()
	if len(got) != 1 || !strings.Contains(fmt.Sprint(got[0]["text"]), "Criticaster: NPS 2") || !strings.Contains(fmt.Sprint(got[0]["text"]), "Nooit meer") {
		t.Errorf("webhook calls: %v", got)
	}
	mu.Unlock()
	mails := ls.smtp.Wait(t, 1, 5*time.Second)
	if mails[0].To[0] != "lead@example.nl" || !strings.Contains(mails[0].TextBody, "Nooit meer") {
		t.Errorf("alert mail: %v %q", mails[0].To, mails[0].TextBody)
	}
	// Sending the same answer again raises no second alert.
	w.postJSON("/api/v1/responses", `{"response_id":"R1","survey":"nps","score":2,"submitted_at":"2026-03-09 10:00","customer_id":"C1","comment":"Nooit meer!"}`)
	ls.deliver(t)
	if len(got) != 1 {
		t.Errorf("a second alert for the same answer")
	}
	// The follow-up list: the detractor, assigned and done; the reply feeds the response rate.
	page := admin.get("/followups?period=month").body
	if !strings.Contains(page, "Nooit meer!") || strings.Contains(page, ">R2<") {
		t.Errorf("follow-up list")
	}
	before := ls.withToken("adminRead").reportFigure("feedback_response.replied")
	res = admin.form("POST", "/followups/R1", url.Values{"owner": {"1"}, "reply": {"Gebeld, excuses aangeboden"}, "done": {"1"}})
	if res.status != 303 {
		t.Errorf("done: %d", res.status)
	}
	if after := ls.withToken("adminRead").reportFigure("feedback_response.replied"); after != before+1 {
		t.Errorf("replied %v → %v", before, after)
	}
	if strings.Contains(admin.get("/followups?period=month").body, "Nooit meer!") {
		t.Error("a handled detractor is still in the open list")
	}
}

func TestSurveyAdmin(t *testing.T) {
	ls := startLoopServer(t)
	admin := ls.login("admin@example.com")
	form := url.Values{"kind": {"ces"}, "name": {"Na de chat"}, "question_nl": {"Hoe makkelijk was het?"},
		"question_en": {"How easy was it?"}, "follow_up_low_nl": {"Wat kostte moeite?"}, "active": {"on"}}
	if res := admin.form("POST", "/surveys", form); res.status != 303 {
		t.Fatalf("create: %d %s", res.status, res.body)
	}
	list, _ := ls.app.ListSurveys(context.Background())
	if len(list) != 1 || list[0].Kind != "ces" || list[0].FollowUpLowNL != "Wat kostte moeite?" || !list[0].Active {
		t.Fatalf("surveys: %+v", list)
	}
	form.Set("id", fmt.Sprint(list[0].ID))
	form.Set("question_nl", "Hoe makkelijk was het om geholpen te worden?")
	form.Del("active")
	admin.form("POST", "/surveys", form)
	sv, _ := ls.app.Survey(context.Background(), list[0].ID)
	if sv.QuestionNL != "Hoe makkelijk was het om geholpen te worden?" || sv.Active {
		t.Errorf("edited survey: %+v", sv)
	}
	// An inactive survey invites nobody.
	if res := ls.withToken("adminWrite").postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"email":"x@example.nl"}`, sv.ID)); res.status != 422 {
		t.Errorf("inviting to an inactive survey: %d", res.status)
	}
	form.Set("question_en", "")
	if res := admin.form("POST", "/surveys", form); res.status != 422 {
		t.Errorf("a survey without the English question: %d", res.status)
	}
	if res := ls.login("manager@example.com").get("/surveys"); res.status != 403 {
		t.Errorf("a manager edits surveys: %d", res.status)
	}
	// A list of customers invited from the page: one address twice is throttled the second time.
	form = url.Values{"kind": {"nps"}, "name": {"Kwartaal-NPS"}, "question_nl": {"Aanbevelen?"}, "question_en": {"Recommend?"}, "active": {"on"}}
	admin.form("POST", "/surveys", form)
	list, _ = ls.app.ListSurveys(context.Background())
	res := admin.form("POST", fmt.Sprintf("/surveys/%d/invite", list[1].ID), url.Values{"customers": {"a@example.nl\nb@example.nl\n"}, "lang": {"en"}})
	if res.status != 303 || !strings.Contains(admin.get(res.header.Get("Location")).body, "2 uitnodigingen klaargezet om te versturen.") {
		t.Errorf("invite list: %d %s", res.status, res.header.Get("Location"))
	}
}

// TestChangedAnswerKeepsHistoryWhereCountedOnce: README: a changed answer keeps its history
// where the figures count one answer per ticket (CSAT, CES) or per customer (NPS) — metrics.md
// section 1 — and replaces the earlier one elsewhere, as two answers without either would both
// count. Customer C1's CSAT invitation from the surveys page names no ticket: 2 changed to 5 is
// one answer, the 5, counted once; their NPS invitation keeps the 3 beside the 9, counted once.
func TestChangedAnswerKeepsHistoryWhereCountedOnce(t *testing.T) {
	ls := startLoopServer(t)
	w := ls.withToken("adminWrite")
	w.postJSON("/api/v1/customers", `{"customer_id":"C1","acquired_at":"2025-01-01 10:00","email":"c1@example.nl"}`)
	for _, tt := range []struct {
		kind, first, then, figure string
		want                      []int
	}{
		{cx.SurveyCSAT, "2", "5", "csat.n", []int{5}},
		{cx.SurveyNPS, "3", "9", "nps.n", []int{3, 9}},
	} {
		sv := ls.survey(t, tt.kind)
		page := ls.webLink(t, sv, `,"customer_id":"C1"`)
		for _, score := range []string{tt.first, tt.then} {
			if res := ls.anonymous().form("POST", page, url.Values{"score": {score}}); res.status != 200 {
				t.Fatalf("%s %s: %d", tt.kind, score, res.status)
			}
			ls.now = ls.now.Add(time.Minute)
		}
		var out struct {
			Responses []struct {
				Survey string
				Score  int
			} `json:"responses"`
		}
		ls.withToken("adminRead").get("/api/v1/customers/C1").json(t, &out)
		var got []int
		for _, r := range out.Responses {
			if r.Survey == tt.kind {
				got = append(got, r.Score)
			}
		}
		sort.Ints(got)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s answered %s, then %s: C1's answers %v, want %v", tt.kind, tt.first, tt.then, got, tt.want)
		}
		if n := ls.withToken("adminRead").reportFigure(tt.figure); n != 1 {
			t.Errorf("%s = %v, want 1: the changed answer counted once", tt.figure, n)
		}
	}
}
