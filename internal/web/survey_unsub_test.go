package web

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

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
