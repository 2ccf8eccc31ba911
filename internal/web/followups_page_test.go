package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestFollowUpsPage: 53 NPS detractors and 2 low CSAT ratings in March (and a promoter, who is
// no follow-up) make 55 open items: a count, pages of 50, filters, and a bulk assignment that
// changes the owners and writes one audit entry an answer.
func TestFollowUpsPage(t *testing.T) {
	ts := startServer(t, func(o *Options) {
		o.Now = func() time.Time { return time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC) }
	})
	ctx := context.Background()
	w := ts.withToken("adminWrite")
	post := func(id, survey string, score, day int) {
		body := fmt.Sprintf(`{"response_id":%q,"survey":%q,"score":%d,"submitted_at":"2026-03-%02d 10:00","customer_id":"C1"}`, id, survey, score, day)
		if res := w.postJSON("/api/v1/responses", body); res.status != 200 {
			t.Fatalf("answer %s: %d %s", id, res.status, res.body)
		}
	}
	for i := range 53 {
		post("N"+strconv.Itoa(i), "nps", i%7, 1+i%20)
	}
	post("C1", "csat", 1, 21)
	post("C2", "csat", 2, 22)
	post("P1", "nps", 10, 23)
	// CES on the default 1–7 "easy" scale: 1 and 2 are the hardest, 3 is not critical.
	post("E1", "ces", 1, 24)
	post("E2", "ces", 2, 24)
	post("E3", "ces", 3, 24)
	users, err := ts.app.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var manager int64
	for _, u := range users {
		if u.Email == "manager@example.com" {
			manager = u.ID
		}
	}
	admin := ts.login("admin@example.com")
	items := func(page string) int { return strings.Count(page, `<li class="item`) }
	for _, tt := range []struct {
		name, query, count string
		items              int
		next               bool
	}{
		{"the first page", "", "57 open", 50, true},
		{"the second page", "&page=2", "57 open", 7, false},
		// Oldest first, C2 (22 March) is the 55th: an alert's link without a page opens page 2.
		{"the page of an alert's answer", "&response=C2", "57 open", 7, false},
		{"an alert's answer and a page asked for", "&response=C2&page=1", "57 open", 50, true},
		{"CSAT only", "&kind=csat", "2 open", 2, false},
		{"CES only", "&kind=ces", "2 open", 2, false},
		{"scores of 0", "&score=0", "8 open", 8, false},   // i%7 == 0 for i = 0, 7, …, 49
		{"scores of 2", "&score=2", "10 open", 10, false}, // 8 NPS (i%7 == 2), C2 and E2
		{"nobody's", "&owner=unassigned", "57 open", 50, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := admin.get("/followups?period=month" + tt.query)
			if res.status != 200 || !strings.Contains(res.body, `<p class="count">`+tt.count+`</p>`) ||
				items(res.body) != tt.items || strings.Contains(res.body, `rel="next"`) != tt.next {
				t.Errorf("%d, %d items, next %v; want %q, %d items, next %v", res.status, items(res.body),
					strings.Contains(res.body, `rel="next"`), tt.count, tt.items, tt.next)
			}
		})
	}

	// A form posted from another site is refused (routes.go's cross-origin protection).
	if res := admin.form("POST", "/followups", url.Values{"id": {"C1"}, "owner": {strconv.FormatInt(manager, 10)}},
		"Sec-Fetch-Site", "cross-site"); res.status != 403 {
		t.Errorf("a cross-site bulk assignment: %d", res.status)
	}
	// One answer that does not exist: nothing is assigned.
	owner := strconv.FormatInt(manager, 10)
	if res := admin.form("POST", "/followups", url.Values{"id": {"C1", "NOPE"}, "owner": {owner}}); res.status != 404 {
		t.Errorf("assigning an unknown answer: %d %s", res.status, res.body)
	}
	if got, _ := ts.app.FollowUps(ctx, []string{"C1"}); len(got) != 0 {
		t.Errorf("assigned anyway: %+v", got)
	}
	res := admin.form("POST", "/followups", url.Values{"id": {"C1", "C2"}, "owner": {owner},
		"back": {"/followups?period=month&kind=csat"}})
	if res.status != 303 || res.header.Get("Location") != "/followups?period=month&kind=csat" {
		t.Fatalf("bulk assign: %d %s %s", res.status, res.header.Get("Location"), res.body)
	}
	got, err := ts.app.FollowUps(ctx, []string{"C1", "C2"})
	if err != nil || got["C1"].OwnerID != manager || got["C2"].OwnerID != manager || got["C1"].Status != cx.FollowUpOpen {
		t.Errorf("owners: %+v %v", got, err)
	}
	log, err := ts.app.AuditLog(ctx, app.AuditQuery{Action: cx.AuditFollowUpAssign})
	if err != nil || len(log) != 2 || log[0].Actor != "admin@example.com" || AuditDetail("en", log[0]) != "owner "+owner {
		t.Errorf("audit: %+v %v", log, err)
	}
	if page := admin.get("/followups?period=month&owner=unassigned").body; !strings.Contains(page, `<p class="count">55 open</p>`) {
		t.Error("the assigned two are still unassigned")
	}
	mine := ts.login("manager@example.com").get("/followups?period=month&owner=me").body
	if !strings.Contains(mine, `<p class="count">2 open</p>`) || items(mine) != 2 {
		t.Errorf("the manager's own: %d items", items(mine))
	}
	// A single assignment is audited too.
	if res := admin.form("POST", "/followups/N1", url.Values{"owner": {owner}}); res.status != 303 {
		t.Fatalf("single assign: %d %s", res.status, res.body)
	}
	if log, _ := ts.app.AuditLog(ctx, app.AuditQuery{Action: cx.AuditFollowUpAssign}); len(log) != 3 || log[0].Subject != "response N1" {
		t.Errorf("audit after a single assignment: %+v", log)
	}
}

// TestFollowUpsAgent: an agent sees the critical answers about their own contacts, without the
// TestFollowUpGoesBackOnlyToItsList: a follow-up form goes back to the list it names, never to
// another host through a path that passes a prefix check and is cleaned to "/\evil.example".
func TestFollowUpGoesBackOnlyToItsList(t *testing.T) {
	ts := startServer(t)
	ts.withToken("adminWrite").postJSON("/api/v1/responses", `{"response_id":"R1","survey":"nps","score":2,"submitted_at":"2026-03-09 10:00","customer_id":"C1","comment":"Nooit meer"}`)
	admin := ts.login("admin@example.com")
	for _, form := range []struct{ path, back string }{
		{"/followups/R1", `/followups/../\evil.example`},
		{"/followups", `/risico/../\evil.example`},
	} {
		res := admin.form("POST", form.path, url.Values{"id": {"R1"}, "owner": {""}, "reply": {"Gebeld"}, "back": {form.back}})
		if loc := res.header.Get("Location"); res.status != http.StatusSeeOther || openRedirect(loc) || loc != "/followups" {
			t.Errorf("%s: %d Location %q, want the follow-up list", form.path, res.status, loc)
		}
	}
}

// forms to assign or reply, and may not assign.
func TestFollowUpsAgent(t *testing.T) {
	ts := startServer(t, func(o *Options) {
		o.Now = func() time.Time { return time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC) }
	})
	w := ts.withToken("adminWrite")
	for _, body := range []string{
		`{"response_id":"A1","survey":"nps","score":3,"submitted_at":"2026-03-10 10:00","agent":"Anna","comment":"Anna was kortaf"}`,
		`{"response_id":"B1","survey":"nps","score":2,"submitted_at":"2026-03-11 10:00","agent":"Bram","comment":"Bram hing op"}`,
	} {
		if res := w.postJSON("/api/v1/responses", body); res.status != 200 {
			t.Fatalf("answer: %d %s", res.status, res.body)
		}
	}
	anna := ts.login("anna@example.com")
	res := anna.get("/followups?period=month")
	if res.status != 200 || !strings.Contains(res.body, `<p class="count">1 open</p>`) ||
		!strings.Contains(res.body, "Anna was kortaf") || strings.Contains(res.body, "Bram hing op") {
		t.Errorf("the agent's list: %d\n%s", res.status, res.body)
	}
	if strings.Contains(res.body, `action="/followups/`) || strings.Contains(res.body, `type="checkbox"`) {
		t.Error("the agent is offered forms to assign or reply")
	}
	// Nor the colleagues' addresses in the owner menu, nor their names in the agent filter.
	for _, not := range []string{"manager@example.com", "admin@example.com", "bram@example.com", ">Bram<"} {
		if strings.Contains(res.body, not) {
			t.Errorf("the agent's page shows %q", not)
		}
	}
	if res := anna.form("POST", "/followups", url.Values{"id": {"A1"}, "owner": {""}}); res.status != 403 {
		t.Errorf("an agent's bulk assignment: %d", res.status)
	}
	if page := ts.login("manager@example.com").get("/followups?period=month").body; !strings.Contains(page, `<p class="count">2 open</p>`) {
		t.Error("the manager does not see both")
	}
}

// TestFollowUpsCountEveryOpenAnswer: 5,001 NPS detractors in March, one every five minutes from
// 1 March 08:00 (N00000 the oldest) — more than the 5,000 a kind the list once read, newest
// first, before it sorted them oldest first and left out the done ones. All open: 5,001 open,
// N00000 first in the queue. The newest 5,000 done: 1 open, N00000, in the list and in its
// download. Picked by the engine and, with a filter every answer has (channel web), by the
// database.
func TestFollowUpsCountEveryOpenAnswer(t *testing.T) {
	ts := startServer(t, func(o *Options) {
		o.Now = func() time.Time { return time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC) }
	})
	ctx := context.Background()
	const n = 5001
	var recs []cx.Record
	for i := range n {
		recs = append(recs, &cx.Response{ID: fmt.Sprintf("N%05d", i), Survey: cx.SurveyNPS, Score: i % 7, Channel: "web",
			SubmittedAt: time.Date(2026, 3, 1, 8, 5*i, 0, 0, time.UTC), CustomerID: fmt.Sprintf("K%d", i)})
	}
	if _, err := ts.app.Ingest(ctx, recs); err != nil {
		t.Fatal(err)
	}
	admin := ts.login("admin@example.com")
	check := func(when, count string) {
		t.Helper()
		for _, filter := range []string{"", "&channel=web"} {
			page := admin.get("/followups?period=month&lang=en" + filter).body
			if !strings.Contains(page, `<p class="count">`+count+`</p>`) || !strings.Contains(page, `id="r-N00000"`) {
				t.Errorf("%s, filter %q: want %q with N00000 first in the queue", when, filter, count)
			}
		}
	}
	check("all open", "5,001 open")
	for i := 1; i < n; i++ {
		if err := ts.app.SaveFollowUp(ctx, &cx.FollowUp{ResponseID: fmt.Sprintf("N%05d", i), Reply: "Gebeld"}, true, app.FollowUpFields{Owner: true, Reply: true, Status: true}); err != nil {
			t.Fatal(err)
		}
	}
	check("the newest 5,000 done", "1 open")
	res := admin.get("/export.xlsx?page=followups&period=month&lang=en")
	if _, rows, _ := sheetRows(t, []byte(res.body), "Open critical answers", "Date"); len(rows) != 1 || rows[0][6] != "K0" {
		t.Errorf("the download of the open ones: %q, want N00000's row (customer K0)", rows)
	}
}

// TestFollowUpsAlertLinkToDoneAnswer: an alert links to R1 (/followups?response=R1), which the
// team has marked done since. The list shows R1 but counts nothing open, and its download
// opens on no answer: its sheet of open critical answers is empty. Of all answers
// (all=1) R1 is the one.
func TestFollowUpsAlertLinkToDoneAnswer(t *testing.T) {
	ts := startServer(t, func(o *Options) {
		o.Now = func() time.Time { return time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC) }
	})
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses", `{"response_id":"R1","survey":"nps","score":2,`+
		`"submitted_at":"2026-03-09 10:00","customer_id":"C1","comment":"Nooit meer"}`); res.status != 200 {
		t.Fatal(res.body)
	}
	admin := ts.login("admin@example.com")
	if res := admin.form("POST", "/followups/R1", url.Values{"owner": {""}, "reply": {"Gebeld"}, "done": {"1"}}); res.status != 303 {
		t.Fatalf("done: %d %s", res.status, res.body)
	}
	for _, tt := range []struct{ query, count string }{
		{"", "0 open"},
		{"&all=1", "1 in all"},
	} {
		page := admin.get("/followups?period=month&lang=en&response=R1" + tt.query).body
		if !strings.Contains(page, `<p class="count">`+tt.count+`</p>`) || !strings.Contains(page, `id="r-R1"`) {
			t.Errorf("opened on R1%s: want %q with R1 shown", tt.query, tt.count)
		}
		link := regexp.MustCompile(`href="(/export\.xlsx\?[^"]*)"`).FindStringSubmatch(page)
		if link == nil {
			t.Fatalf("opened on R1%s: no download link", tt.query)
		}
		if strings.Contains(link[1], "response=") {
			t.Errorf("the download keeps the alert's answer: %s", link[1])
		}
	}
	res := admin.get("/export.xlsx?page=followups&period=month&lang=en&response=R1")
	if _, rows, _ := sheetRows(t, []byte(res.body), "Open critical answers", "Date"); len(rows) != 0 {
		t.Errorf("the download of the open ones, asked with response=R1, lists %q", rows)
	}
}

// TestFollowUpReplyChangesAreAudited: every change is audited (the project's non-negotiables).
// Writing a follow-up's reply, rewriting it, removing it and reopening a done answer each leave
// one followup_change entry saying which — never the reply's text, which may hold what the
// customer told; a save that changes neither leaves none.
func TestFollowUpReplyChangesAreAudited(t *testing.T) {
	ts := startServer(t)
	ts.withToken("adminWrite").postJSON("/api/v1/responses", `{"response_id":"R1","survey":"nps","score":2,"submitted_at":"2026-03-09 10:00","customer_id":"C1","comment":"Nooit meer"}`)
	admin, manager := ts.login("admin@example.com"), ts.login("manager@example.com")
	for _, step := range []struct {
		name, reply, done string
		want              string // the new entry's detail, "" for none
	}{
		{"written and done", "Gebeld, excuses gemaakt", "1", "reply written"},
		{"saved again as it was", "Gebeld, excuses gemaakt", "1", ""},
		{"rewritten and reopened", "Niet gebeld", "", "reply changed; reopened"},
		{"rewritten", "Mail gestuurd", "", "reply changed"},
		{"removed", "", "", "reply removed"},
	} {
		before := len(auditOf(t, admin, cx.AuditFollowUpChange))
		if res := manager.form("POST", "/followups/R1", url.Values{"owner": {""}, "reply": {step.reply}, "done": {step.done}}); res.status != 303 {
			t.Fatalf("%s: %d %s", step.name, res.status, res.body)
		}
		got, _ := ts.app.FollowUps(context.Background(), []string{"R1"})
		if got["R1"].Reply != step.reply || (got["R1"].Status == cx.FollowUpDone) != (step.done != "") {
			t.Fatalf("%s: the change was not stored: %+v", step.name, got["R1"])
		}
		entries := auditOf(t, admin, cx.AuditFollowUpChange)
		switch {
		case step.want == "" && len(entries) != before:
			t.Errorf("%s: a save that changed nothing added %+v", step.name, entries[0])
		case step.want != "" && len(entries) != before+1:
			t.Errorf("%s: %d entries after, want one more than %d", step.name, len(entries), before)
		case step.want != "" && (entries[0].Subject != "response R1" || AuditDetail("en", entries[0]) != step.want || entries[0].Actor != "manager@example.com"):
			t.Errorf("%s: entry %+v, want %q on response R1 by the manager", step.name, entries[0], step.want)
		}
		for _, e := range entries {
			if step.reply != "" && strings.Contains(e.Subject+AuditDetail("en", e), step.reply) {
				t.Errorf("%s: the audit log holds the reply: %+v", step.name, e)
			}
		}
	}
}

// TestFollowUpDoneIsAudited: marking a critical answer done on Opvolging records its reply time
// (the feedback response rate), the change "mark replied" on Feedback makes and audits as
// mark_replied; so is this one, once: saving the done follow-up again adds no entry.
func TestFollowUpDoneIsAudited(t *testing.T) {
	ts := startServer(t)
	if res := ts.withToken("adminWrite").postJSON("/api/v1/responses",
		`{"response_id":"R1","survey":"nps","score":2,"submitted_at":"2026-03-09 10:00","customer_id":"C1","comment":"Nooit meer"}`); res.status != 200 {
		t.Fatalf("response: %d %s", res.status, res.body)
	}
	manager := ts.login("manager@example.com")
	for range 2 {
		if res := manager.form("POST", "/followups/R1", url.Values{"owner": {""}, "reply": {"Gebeld"}, "done": {"1"}}); res.status != 303 {
			t.Fatalf("follow-up done: %d %s", res.status, res.body)
		}
	}
	if n := ts.withToken("adminRead").reportFigure("feedback_response.replied"); n != 1 {
		t.Fatalf("the answer is not marked replied (%v)", n)
	}
	var log struct{ Entries []cx.AuditEntry }
	ts.withToken("adminRead").get("/api/v1/audit?action=mark_replied").json(t, &log)
	if len(log.Entries) != 1 || log.Entries[0].Subject != "responses R1" || log.Entries[0].Actor != "manager@example.com" {
		t.Errorf("audit entries %+v, want one mark_replied of responses R1 by the manager", log.Entries)
	}
}

// TestAlertLinkShowsItsAnswer: an alert says "Opvolgen" with a link to
// /followups?response=<id>; the lead clicks it and sees that answer. The link carries no
// period: the list opens on the answer's day, not its default period (the last full month with
// data, February here, which misses yesterday's detractor), and shows an NPS 8 with a negative
// comment, which negative_sentiment alerts on, though the list holds critical scores only.
func TestAlertLinkShowsItsAnswer(t *testing.T) {
	ls := startLoopServer(t) // now: 10 March 2026
	hookInbox := startInbox(t)
	admin := ls.login("admin@example.com")
	for _, cond := range []string{"nps_detractor", "negative_sentiment"} {
		if res := admin.form("POST", "/alerts", url.Values{"name": {cond}, "condition": {cond},
			"webhook": {hookInbox.URL}, "webhook_format": {"generic"}}); res.status != 303 {
			t.Fatalf("rule: %d %s", res.status, res.body)
		}
	}
	w := ls.withToken("adminWrite")
	for _, body := range []string{
		`{"response_id":"F1","survey":"nps","score":9,"submitted_at":"2026-02-10 10:00","customer_id":"C0"}`,
		`{"response_id":"R1","survey":"nps","score":2,"submitted_at":"2026-03-09 10:00","customer_id":"C1"}`,
		`{"response_id":"R2","survey":"nps","score":8,"submitted_at":"2026-03-09 11:00","customer_id":"C2","language":"nl","comment":"Waardeloos, nooit meer. Het pakket kwam kapot aan en niemand helpt."}`,
	} {
		if res := w.postJSON("/api/v1/responses", body); res.status != 200 {
			t.Fatalf("answer: %d %s", res.status, res.body)
		}
	}
	ls.deliver(t)
	links := map[string]string{}
	for _, b := range hookInbox.received() {
		var got struct {
			Text     string
			Response struct {
				ID string `json:"response_id"`
			}
		}
		if err := json.Unmarshal([]byte(b), &got); err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`(?m)^(https?://\S+)$`).FindStringSubmatch(got.Text)
		if m == nil {
			t.Fatalf("no link in %q", got.Text)
		}
		links[got.Response.ID] = m[1]
	}
	for _, id := range []string{"R1", "R2"} {
		link, ok := links[id]
		if !ok {
			t.Errorf("no alert for %s (got %v)", id, links)
			continue
		}
		u, err := url.Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		page := admin.get(u.RequestURI())
		if page.status != 200 || !strings.Contains(page.body, `id="r-`+id+`"`) {
			t.Errorf("the alert's link %s (%d) does not show answer %s", u.RequestURI(), page.status, id)
		}
	}
}
