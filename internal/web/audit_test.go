package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestAuditLog (issue 9, point 4): sign-ins, failed ones too, and changes of users, tokens,
// surveys, sites, alert rules and targets are recorded with who, when and from where, and
// admins read them on a page and in the API, newest first, filtered and a page at a time.
func TestAuditLog(t *testing.T) {
	c := newClock()
	ts := startServer(t, behindProxy(c))
	const office = "198.51.100.10"
	h := []string{"X-Forwarded-For", office}

	if res := ts.signIn(office, "admin@example.com", "Geheim-123-fout"); res.status != 401 {
		t.Fatalf("wrong password: %d", res.status)
	}
	if res := ts.signIn(office, `<b>x</b>@example.com`, "whatever else"); res.status != 401 {
		t.Fatalf("unknown address: %d", res.status)
	}
	admin := ts.anonymous()
	if res := admin.form("POST", "/login", url.Values{"email": {"admin@example.com"}, "password": {testPassword}}, h...); res.status != 303 {
		t.Fatalf("sign in: %d", res.status)
	}
	steps := []struct {
		method, path string
		form         url.Values
		json         string
	}{
		{"POST", "/tokens", url.Values{"name": {"Power BI"}, "scope": {"read"}, "expires": {"90d"}}, ""},
		{"POST", "/api/v1/users", nil, `{"email":"bram@example.com","password":"` + testPassword + `","role":"agent","agent":"Bram"}`},
		{"POST", "/surveys", url.Values{"kind": {"nps"}, "name": {"Kwartaal"}, "question_nl": {"Aanbevelen?"}, "question_en": {"Recommend?"}, "active": {"on"}}, ""},
		{"POST", "/sites", url.Values{"name": {"<b>x</b> Webshop"}, "survey_id": {"1"}, "origins": {"https://www.example.nl"}}, ""},
		{"POST", "/alerts", url.Values{"name": {"Criticaster"}, "condition": {"nps_detractor"}, "email": {"lead@example.nl"}}, ""},
		{"POST", "/alerts/1/delete", url.Values{}, ""},
		{"POST", "/targets", url.Values{"target.nps": {"40"}, "target.csat": {""}}, ""},
	}
	for _, st := range steps {
		var res response
		if st.form != nil {
			res = admin.form(st.method, st.path, st.form, h...)
		} else {
			res = admin.do(st.method, st.path, "application/json", strings.NewReader(st.json), h...)
		}
		if res.status >= 400 {
			t.Fatalf("%s %s: %d %s", st.method, st.path, res.status, res.body)
		}
	}
	var tokens struct{ Tokens []cx.Token }
	admin.get("/api/v1/tokens").json(t, &tokens)
	last := tokens.Tokens[len(tokens.Tokens)-1]
	if res := admin.do("DELETE", fmt.Sprintf("/api/v1/tokens/%d", last.ID), "", nil, h...); res.status != 204 {
		t.Fatalf("delete token: %d", res.status)
	}

	var log struct {
		Entries []cx.AuditEntry
		Next    string
	}
	res := admin.get("/api/v1/audit")
	res.json(t, &log)
	if strings.Contains(res.body, "Geheim-123-fout") || strings.Contains(res.body, "kp_") {
		t.Error("the audit log holds a password or a token's secret")
	}
	tokenSubject := fmt.Sprintf("token %d", last.ID)
	want := []struct{ action, actor, subject, detail string }{
		{cx.AuditTokenDelete, "admin@example.com", tokenSubject, "Power BI (read) for admin@example.com, expires 2026-05-31"},
		{cx.AuditTargetsChange, "admin@example.com", "targets", `target.nps "" → "40"`},
		{cx.AuditAlertRuleDelete, "admin@example.com", "alert rule 1", "Criticaster (nps_detractor)"}, // named: the rule is gone
		{cx.AuditAlertRuleCreate, "admin@example.com", "alert rule 1", "Criticaster (nps_detractor)"},
		{cx.AuditSiteCreate, "admin@example.com", "", "<b>x</b> Webshop: https://www.example.nl"},
		{cx.AuditSurveyCreate, "admin@example.com", "survey 1", "Kwartaal (nps)"},
		{cx.AuditUserCreate, "admin@example.com", "bram@example.com", "role agent"},
		{cx.AuditTokenCreate, "admin@example.com", tokenSubject, "Power BI (read) for admin@example.com, expires 2026-05-31"},
		{cx.AuditSignIn, "admin@example.com", "", ""},
		{cx.AuditSignInFailed, "(no address)", "", ""}, // no e-mail address: never what was typed
		{cx.AuditSignInFailed, "admin@example.com", "", ""},
	}
	if len(log.Entries) != len(want) {
		t.Fatalf("%d entries, want %d:\n%s", len(log.Entries), len(want), res.body)
	}
	for i, w := range want {
		e := log.Entries[i]
		if e.Action != w.action || e.Actor != w.actor || (w.subject != "" && e.Subject != w.subject) ||
			AuditDetail("en", e) != w.detail || e.From != office || !e.At.Equal(c.now()) {
			t.Errorf("entry %d = %+v\nwant %s by %s on %q (%q) from %s at %v", i, e, w.action, w.actor, w.subject, w.detail, office, c.now())
		}
	}
	if admin := log.Entries[len(want)-1]; admin.UserID == 0 {
		t.Error("a failed sign-in on a known address does not name the user")
	}

	// Filters and pages.
	var page struct {
		Entries []cx.AuditEntry
		Next    string
	}
	admin.get("/api/v1/audit?action=sign_in_failed&user=ADMIN@example.com").json(t, &page)
	if len(page.Entries) != 1 || page.Entries[0].ID != log.Entries[len(want)-1].ID || page.Next != "" {
		t.Errorf("failed sign-ins of the admin: %+v", page)
	}
	admin.get("/api/v1/audit?limit=4").json(t, &page)
	if len(page.Entries) != 4 || page.Next != fmt.Sprintf("/api/v1/audit?before=%d&limit=4", log.Entries[3].ID) {
		t.Fatalf("first page of 4: %d entries, next %q", len(page.Entries), page.Next)
	}
	admin.get(page.Next).json(t, &page)
	if len(page.Entries) != 4 || page.Entries[0].ID != log.Entries[4].ID {
		t.Errorf("second page: %+v", page.Entries)
	}

	// The page: in the dashboard's frame, newest first, text escaped, filtered.
	page1 := admin.get("/audit").body
	if !strings.Contains(page1, `aria-current="page">Auditlog</a>`) || strings.Contains(page1, `name="period"`) {
		t.Error("the audit page is not in the dashboard's menu, or has period controls it has no use for")
	}
	rows := tableOf(page1)
	for _, want := range []string{"Inloggen mislukt", "Token verwijderd", "&lt;b&gt;x&lt;/b&gt; Webshop", office} {
		if !strings.Contains(rows, want) {
			t.Errorf("the audit page lacks %q", want)
		}
	}
	if strings.Contains(page1, "<b>x</b>") {
		t.Error("the audit page shows unescaped text")
	}
	if strings.Index(rows, "Token verwijderd") > strings.Index(rows, "Token aangemaakt") {
		t.Error("the audit page is not newest first")
	}
	filtered := tableOf(admin.get("/audit?action=sign_in").body)
	if !strings.Contains(filtered, "Ingelogd") || strings.Contains(filtered, "Inloggen mislukt") {
		t.Error("the action filter does not filter")
	}
	if older := admin.get("/audit?limit=2").body; !strings.Contains(older, fmt.Sprintf(`<a href="/audit?before=%d&amp;limit=2">Oudere regels</a>`, log.Entries[1].ID)) {
		t.Error("the audit page has no link to older entries")
	}
	if res := admin.get("/audit?action=drop"); res.status != 422 {
		t.Errorf("an unknown action: %d, want 422", res.status)
	}
	// Admins only: a manager's menu has no audit log.
	if strings.Contains(ts.login("manager@example.com").get("/").body, `href="/audit"`) {
		t.Error("a manager is offered the audit log")
	}
}

// tableOf is the body of a page's table.
func tableOf(page string) string {
	_, rows, _ := strings.Cut(page, "<tbody>")
	rows, _, _ = strings.Cut(rows, "</tbody>")
	return rows
}

// TestInvitationsAndRepliesAreAudited: mailing a survey to a list on the surveys page, a batch
// of invitations by the API and marking an answer replied to are in the audit log, with who,
// which survey and how many — never the addresses. Before the fix none of them was.
func TestInvitationsAndRepliesAreAudited(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyNPS)
	admin := ls.login("admin@example.com")
	res := admin.form("POST", fmt.Sprintf("/surveys/%d/invite", sv.ID), url.Values{"customers": {"x1@example.org\nx2@example.org"}})
	if res.status != 303 {
		t.Fatalf("invite on the page: %d %s", res.status, res.body)
	}
	w := ls.withToken("adminWrite")
	if res := w.postJSON("/api/v1/invitations", fmt.Sprintf(`[{"survey_id":%d,"email":"x3@example.org","channel":"web"},
		{"survey_id":%d,"email":"x4@example.org"}]`, sv.ID, sv.ID)); res.status != 200 {
		t.Fatalf("invite by the API: %d %s", res.status, res.body)
	}
	if res := w.postJSON("/api/v1/responses", `{"response_id":"R1","survey":"nps","score":2,"submitted_at":"2026-03-09 16:00","comment":"traag"}`); res.status != 200 {
		t.Fatalf("response: %d %s", res.status, res.body)
	}
	if res := admin.form("POST", "/feedback/responses/R1/replied", nil); res.status != 303 {
		t.Fatalf("mark replied: %d %s", res.status, res.body)
	}
	var log struct{ Entries []cx.AuditEntry }
	body := ls.withToken("adminRead").get("/api/v1/audit")
	body.json(t, &log)
	var got []string
	for _, e := range log.Entries {
		if e.Action == cx.AuditSurveyInvite || e.Action == cx.AuditMarkReplied {
			got = append(got, e.Action+" by "+e.Actor+": "+e.Subject+" ("+AuditDetail("en", e)+")")
		}
	}
	survey := fmt.Sprintf("survey %d", sv.ID)
	want := []string{
		"mark_replied by admin@example.com: responses R1 ()",
		"survey_invite by admin@example.com: " + survey + " (1 queued; 1 sent)",
		"survey_invite by admin@example.com: " + survey + " (2 queued)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("audit entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(body.body, "x1@example.org") || strings.Contains(body.body, "x3@example.org") {
		t.Error("the audit log names the invited addresses")
	}
}

// TestBackupOnTheAuditPage: a backup made on the command line is on the audit page, named in the
// page's language, and the action filter offers it and keeps to it. It was no action the page
// knew: a backup, a copy of every record, password hash and secret, left no line.
func TestBackupOnTheAuditPage(t *testing.T) {
	ts := startServer(t)
	entry := app.CommandLine(cx.AuditBackup, "/backup/klantpuls-2026-03-01.db", cx.Phrase("backup_of", "klantpuls.db"))
	if err := ts.app.Audit(context.Background(), entry); err != nil {
		t.Fatal(err)
	}
	admin := ts.login("admin@example.com")
	for _, tc := range []struct{ lang, named, signIn string }{
		{"nl", "Back-up gemaakt", "Ingelogd"},
		{"en", "Backup made", "Signed in"},
	} {
		page := admin.get("/audit?action=backup&lang=" + tc.lang).body
		if want := `<option value="backup" selected>` + tc.named + `</option>`; !strings.Contains(page, want) {
			t.Errorf("%s: the filter lacks %q", tc.lang, want)
		}
		rows := tableOf(page)
		for _, want := range []string{tc.named, "/backup/klantpuls-2026-03-01.db", entry.Actor} {
			if !strings.Contains(rows, want) {
				t.Errorf("%s: the backup's line lacks %q:\n%s", tc.lang, want, rows)
			}
		}
		if strings.Contains(rows, tc.signIn) {
			t.Errorf("%s: the filter on backups shows a sign-in", tc.lang)
		}
	}
}
