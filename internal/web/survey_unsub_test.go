package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// inviteAs invites address to sv by e-mail through the API and returns what became of it.
func (ls *loopServer) inviteAs(t *testing.T, sv *cx.Survey, address string) string {
	t.Helper()
	res := ls.withToken("adminWrite").postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"email":%q}`, sv.ID, address))
	var out struct{ Invitations []struct{ ID, Status string } }
	json.Unmarshal([]byte(res.body), &out)
	if res.status != 200 || len(out.Invitations) != 1 {
		t.Fatalf("invite %q: %d %s", address, res.status, res.body)
	}
	return out.Invitations[0].Status
}

// sendOne sends the queue and returns the one e-mail it sent, the n-th of the server's.
func (ls *loopServer) sendOne(t *testing.T, n int) (to, unsubscribe string) {
	t.Helper()
	if sent, err := ls.surveys.SendQueued(context.Background(), 10); sent != 1 || err != nil {
		t.Fatalf("sent %d (%v), want 1", sent, err)
	}
	m := ls.smtp.Wait(t, n, 5*time.Second)[n-1]
	return strings.Join(m.To, ","), strings.Trim(m.Header.Get("List-Unsubscribe"), "<>")
}

// TestUnsubscribeHoldsTheAddressHoweverWritten: an address is the same address however an
// invitation writes it — with a name, quoted or not, in any case of letters. An unsubscribe was
// matched on the address as written, lower-cased: Jan, invited as "Jan de Vries
// <jan@example.nl>", unsubscribed, and an invitation to "jan@example.nl" was answered "queued"
// and mailed, against the Telecommunicatiewet and the AVG. The throttle (throttle_days) had the
// same gap: "Piet <piet@example.nl>" asked today, "PIET@example.nl" was asked again at once.
func TestUnsubscribeHoldsTheAddressHoweverWritten(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyNPS)
	if got := ls.inviteAs(t, sv, "Jan de Vries <jan@example.nl>"); got != cx.InviteQueued {
		t.Fatalf("the first invitation: %s, want queued", got)
	}
	_, link := ls.sendOne(t, 1)
	res := ls.anonymous().do("POST", strings.TrimPrefix(link, ls.url), "application/x-www-form-urlencoded",
		strings.NewReader("List-Unsubscribe=One-Click"), "Origin", "https://mail.example.org", "Sec-Fetch-Site", "cross-site")
	if res.status != 200 {
		t.Fatalf("one-click unsubscribe: %d %s", res.status, res.body)
	}
	for _, address := range []string{"jan@example.nl", "JAN@Example.NL", `"Jan" <jan@example.nl>`, "<Jan@Example.nl>",
		"J. de Vries <JAN@EXAMPLE.NL>", "Jan de Vries <jan@example.nl>"} {
		if got := ls.inviteAs(t, sv, address); got != cx.InviteUnsubscribed {
			t.Errorf("invitation to %q after the unsubscribe: %s, want %s", address, got, cx.InviteUnsubscribed)
		}
	}
	if sent, err := ls.surveys.SendQueued(context.Background(), 10); sent != 0 || err != nil {
		t.Errorf("sent %d (%v) to an address that unsubscribed, want 0", sent, err)
	}

	if got := ls.inviteAs(t, sv, "Piet <piet@example.nl>"); got != cx.InviteQueued {
		t.Fatalf("Piet's first invitation: %s, want queued", got)
	}
	ls.sendOne(t, 2)
	for _, address := range []string{"PIET@example.nl", `"Piet Jansen" <Piet@Example.NL>`} {
		if got := ls.inviteAs(t, sv, address); got != cx.InviteThrottled {
			t.Errorf("invitation to %q the day Piet was asked: %s, want %s", address, got, cx.InviteThrottled)
		}
	}
}

// TestBouncedAddressIsHeldUntilCleared: a mail server that refuses an address for good (5xx on
// RCPT) was told so again with every next invitation to it — each one sent, each one bounced,
// the sender's reputation with the mailbox providers worse every time. An address with a
// permanent bounce is held back now, by the same key as an unsubscribe, however it is written;
// the API and the surveys page say why. A temporary refusal (4xx) holds nothing. An admin clears
// the hold for one address (a POST from the surveys page, audited); after it the address is
// invited again.
func TestBouncedAddressIsHeldUntilCleared(t *testing.T) {
	ls := startLoopServer(t)
	ctx := context.Background()
	sv := ls.survey(t, cx.SurveyNPS)
	ls.smtp.RejectRecipient("gone@example.nl", 550, "5.1.1 user unknown")
	if got := ls.inviteAs(t, sv, "Gone <Gone@Example.nl>"); got != cx.InviteQueued {
		t.Fatalf("the first invitation: %s, want queued", got)
	}
	if sent, err := ls.surveys.SendQueued(ctx, 10); sent != 0 || err != nil {
		t.Fatalf("sent %d (%v) to a refused address", sent, err)
	}
	for _, address := range []string{"gone@example.nl", `"G. One" <GONE@example.nl>`} {
		if got := ls.inviteAs(t, sv, address); got != cx.InviteBounceHeld {
			t.Errorf("invitation to %q after its bounce: %s, want %s", address, got, cx.InviteBounceHeld)
		}
	}

	// A temporary refusal holds nothing: the invitation is tried again, and a new one is queued.
	ls.smtp.Fail(true)
	if got := ls.inviteAs(t, sv, "later@example.nl"); got != cx.InviteQueued {
		t.Fatalf("invitation to later@: %s, want queued", got)
	}
	if sent, err := ls.surveys.SendQueued(ctx, 10); sent != 0 || err != nil {
		t.Fatalf("sent %d (%v) while the server refused for the time being", sent, err)
	}
	if got := ls.inviteAs(t, sv, "Later <later@example.nl>"); got != cx.InviteQueued {
		t.Errorf("invitation after a 4xx: %s, want queued", got)
	}

	// The surveys page tells the held line's reason in Dutch.
	admin := ls.login("admin@example.com")
	res := admin.form("POST", fmt.Sprintf("/surveys/%d/invite", sv.ID), url.Values{"customers": {"GONE@example.nl"}})
	if res.status != 303 {
		t.Fatalf("invite from the page: %d %s", res.status, res.body)
	}
	page := admin.get(res.header.Get("Location")).body
	if !strings.Contains(page, "niet verstuurd omdat het adres eerder onbestelbaar bleek") {
		t.Errorf("the surveys page does not say the invitation was held for the bounce:\n%s", page)
	}

	// What is no address is refused, saying so in the page's language.
	if res := admin.form("POST", "/surveys/bounces/clear", url.Values{"email": {"gone at example.nl"}}); res.status != 422 ||
		!strings.Contains(res.body, "geen geldig e-mailadres") {
		t.Errorf("clear the hold of what is no address: %d, want 422 saying geen geldig e-mailadres:\n%s", res.status, res.body)
	}
	// The admin clears the hold: audited, and the address is invited again.
	res = admin.form("POST", "/surveys/bounces/clear", url.Values{"email": {"Gone <GONE@example.nl>"}})
	if res.status != 303 {
		t.Fatalf("clear the hold: %d %s", res.status, res.body)
	}
	if page := admin.get(res.header.Get("Location")).body; !strings.Contains(page, "wordt weer gemaild") {
		t.Errorf("the surveys page does not say the hold was cleared:\n%s", page)
	}
	if log, err := ls.app.AuditLog(ctx, app.AuditQuery{Action: cx.AuditBounceClear}); err != nil || len(log) != 1 {
		t.Errorf("audit entries of the clearing: %+v, %v; want 1", log, err)
	}
	if got := ls.inviteAs(t, sv, "gone@example.nl"); got != cx.InviteQueued {
		t.Errorf("invitation after the hold was cleared: %s, want queued", got)
	}
	// Clearing never lifts an unsubscribe.
	if err := ls.app.Unsubscribe(ctx, "left@example.nl", ls.now); err != nil {
		t.Fatal(err)
	}
	admin.form("POST", "/surveys/bounces/clear", url.Values{"email": {"left@example.nl"}})
	if got := ls.inviteAs(t, sv, "left@example.nl"); got != cx.InviteUnsubscribed {
		t.Errorf("invitation to an unsubscribed address after a clearing: %s, want %s", got, cx.InviteUnsubscribed)
	}
}
