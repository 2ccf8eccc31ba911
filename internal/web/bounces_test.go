package web

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestHeldAddressesOnTheSurveysPage: an alert e-mail refused for good (550) holds its address
// back from invitations too, one record for every kind of mail. The surveys page, where the
// hold is cleared, did not show which addresses were held at all: the admin had to know an
// address to type it in. Now it lists each held address and since when (the first refusal, in
// the account's time zone), each with its own clear button (a POST, CSRF-protected as every
// form, for an admin only, audited as the form's clearing is); in Dutch and English.
func TestHeldAddressesOnTheSurveysPage(t *testing.T) {
	ls := startLoopServer(t)
	ctx := context.Background()
	admin := ls.login("admin@example.com")
	if res := admin.form("POST", "/alerts", url.Values{"name": {"Criticasters"}, "condition": {"nps_detractor"},
		"email": {"lead@example.nl"}, "webhook_format": {"slack"}}); res.status != 303 {
		t.Fatalf("rule: %d %s", res.status, res.body)
	}
	ls.smtp.RejectRecipient("lead@example.nl", 550, "5.1.1 user unknown")
	ls.withToken("adminWrite").postJSON("/api/v1/responses",
		`{"response_id":"R1","survey":"nps","score":2,"submitted_at":"2026-03-09 10:00","customer_id":"C1"}`)
	ls.deliver(t)
	sv := ls.survey(t, cx.SurveyNPS)
	if got := ls.inviteAs(t, sv, "Lead <LEAD@example.nl>"); got != cx.InviteBounceHeld {
		t.Errorf("invitation to the address an alert e-mail bounced at: %s, want %s", got, cx.InviteBounceHeld)
	}

	// 09:00 UTC on 10 March is 10:00 in Amsterdam (winter time until 29 March).
	row := regexp.MustCompile(`(?s)<tr><th scope="row">lead@example\.nl</th><td>10 mrt 2026 10:00</td><td><form method="post" action="/surveys/bounces/clear">` +
		`<input type="hidden" name="email" value="lead@example\.nl"><button type="submit">Weer mailen</button></form></td></tr>`)
	page := admin.get("/surveys").body
	if !row.MatchString(page) {
		t.Errorf("the surveys page does not list lead@example.nl as held since 10 mrt 2026 10:00 with its button:\n%s", page)
	}
	if en := admin.get("/surveys?lang=en").body; !strings.Contains(en, "<th scope=\"col\">Held since</th>") ||
		!strings.Contains(en, "<td>10 Mar 2026 10:00</td>") || !strings.Contains(en, ">Mail again</button>") {
		t.Errorf("the English surveys page does not list the hold in English:\n%s", en)
	}

	// A manager may not clear it; the admin's button does, once, audited.
	if res := ls.login("manager@example.com").form("POST", "/surveys/bounces/clear", url.Values{"email": {"lead@example.nl"}}); res.status != 403 {
		t.Errorf("a manager's clearing: %d, want 403", res.status)
	}
	if held, err := ls.app.Bounced(ctx, "lead@example.nl"); err != nil || !held {
		t.Errorf("held after the manager's try = %v, %v; want true", held, err)
	}
	res := admin.form("POST", "/surveys/bounces/clear", url.Values{"email": {"lead@example.nl"}})
	if res.status != 303 {
		t.Fatalf("clear: %d %s", res.status, res.body)
	}
	if page := admin.get(res.header.Get("Location") + "&lang=nl").body; strings.Contains(page, ">lead@example.nl</th>") ||
		!strings.Contains(page, "Nu geen onbestelbare adressen.") {
		t.Errorf("the surveys page still lists the cleared address:\n%s", page)
	}
	if log, err := ls.app.AuditLog(ctx, app.AuditQuery{Action: cx.AuditBounceClear}); err != nil || len(log) != 1 {
		t.Errorf("audit entries of the clearing: %+v, %v; want 1", log, err)
	}
}
