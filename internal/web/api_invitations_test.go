package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// surveyOnAndOff makes a CSAT survey to invite to and an NPS survey that is switched off.
func (ls *loopServer) surveyOnAndOff(t *testing.T) (on, off *cx.Survey) {
	t.Helper()
	on = ls.survey(t, cx.SurveyCSAT)
	off = ls.survey(t, cx.SurveyNPS)
	off.Active = false
	if err := ls.app.UpdateSurvey(context.Background(), off); err != nil {
		t.Fatal(err)
	}
	return on, off
}

// TestInvitationBatchErrorNamesTheItem: before the fix a batch whose second invitation was bad
// answered 422 with a detail that did not say which item, and the first was already queued
// and would be mailed, though the caller, seeing an error, did not know it. Now every item is
// checked first: a refused one is named by its JSON pointer (RFC 6901, as the ingest API
// names a record's field) and nothing is made. A member that is not an invitation's is
// refused by name, not ignored.
func TestInvitationBatchErrorNamesTheItem(t *testing.T) {
	ls := startLoopServer(t)
	sv, off := ls.surveyOnAndOff(t)
	w := ls.withToken("adminWrite")
	if _, err := ls.app.Ingest(context.Background(), []cx.Record{&cx.Customer{ID: "C1", AcquiredAt: ls.now.Add(-time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		body   string
		status int
		want   []string // pointer: detail, as the problem lists them
	}{
		{"a customer without an address", `[{"survey_id":{sv},"email":"a@example.nl"},{"survey_id":{sv},"customer_id":"C1"}]`, 422,
			[]string{`"pointer":"/1/email","detail":"no address given, and none known for customer \"C1\""`}},
		{"a customer not stored", `[{"survey_id":{sv},"email":"a@example.nl"},{"survey_id":{sv},"customer_id":"C404"}]`, 422,
			[]string{`"pointer":"/1/customer_id","detail":"no customer \"C404\" is stored, and no address given"`}},
		{"a ticket not stored", `{"survey_id":{sv},"ticket_id":"T404"}`, 422,
			[]string{`"pointer":"/ticket_id","detail":"no ticket \"T404\" is stored, and no address given"`}},
		{"every bad item is named", `[{"survey_id":{off},"email":"a@example.nl"},{"survey_id":{sv},"email":"b@example.nl","channel":"sms"},{"survey_id":999,"email":"c@example.nl"}]`, 422,
			[]string{`"pointer":"/0/survey_id","detail":"survey {off} is not active"`, `"pointer":"/1/channel","detail":"\"sms\" is not email or web"`,
				`"pointer":"/2/survey_id","detail":"no survey 999"`}},
		{"a misspelt member", `[{"survey_id":{sv},"email":"a@example.nl"},{"survey_id":{sv},"emial":"b@example.nl"}]`, 422,
			[]string{`"pointer":"/1/emial","detail":"not a member of an invitation: survey_id, customer_id, ticket_id, email, lang, channel"`}},
		{"a survey id as text", `{"survey_id":"{sv}","email":"a@example.nl"}`, 422,
			[]string{`"pointer":"/survey_id","detail":"must be a whole number"`}},
		// Named as the caller wrote it: encoding/json filled survey_id from "Survey_ID".
		{"a survey id as text, in other letters", `[{"survey_id":{sv},"email":"a@example.nl"},{"email":"b@example.nl", "Survey_ID" : "{sv}"}]`, 422,
			[]string{`"pointer":"/1/Survey_ID","detail":"must be a whole number"`}},
		{"an address twice", `{"survey_id":{sv},"email":"a@example.nl","email":"b@example.nl"}`, 422,
			[]string{`"pointer":"","detail":"duplicate member \"email\""`}},
		{"an item that is no object", `[{"survey_id":{sv},"email":"a@example.nl"},7]`, 422,
			[]string{`"pointer":"/1","detail":"not a JSON object"`}},
		// {"survey_id":1, is 15 bytes; after [ and a space (2), {"survey_id":1,"email":"a@example.nl"}
		// (38) and a comma, the ] is the 42nd; the x after the object and a space is the 40th.
		{"no JSON", `{"survey_id":1,`, 400, []string{`not valid JSON at byte 15 (unexpected end of JSON input); send an invitation object or an array of them`}},
		{"a stray ]", `[ {"survey_id":1,"email":"a@example.nl"},]`, 400, []string{`not valid JSON at byte 42 (invalid character ']'`}},
		{"text after the object", `{"survey_id":1,"email":"a@example.nl"} x`, 400, []string{`not valid JSON at byte 40 (invalid character 'x' after top-level value); send an invitation`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids := strings.NewReplacer("{sv}", fmt.Sprint(sv.ID), "{off}", fmt.Sprint(off.ID))
			res := w.postJSON("/api/v1/invitations", ids.Replace(tt.body))
			if res.status != tt.status {
				t.Errorf("status %d, want %d: %s", res.status, tt.status, res.body)
			}
			for _, want := range tt.want {
				if want = ids.Replace(want); !strings.Contains(res.body, want) {
					t.Errorf("the answer lacks %s:\n%s", want, res.body)
				}
			}
			if q, _ := ls.app.QueuedInvitations(context.Background(), ls.now.Add(time.Hour), 0); len(q) != 0 {
				t.Errorf("a refused request left %d invitation(s) queued", len(q))
			}
		})
	}
	if res := w.postJSON("/api/v1/invitations", fmt.Sprintf(`[{"survey_id":%[1]d,"email":"a@example.nl"},{"survey_id":%[1]d,"email":"b@example.nl"}]`, sv.ID)); res.status != 200 {
		t.Errorf("a good batch: %d %s", res.status, res.body)
	}
	if q, _ := ls.app.QueuedInvitations(context.Background(), ls.now, 0); len(q) != 2 {
		t.Errorf("a good batch of 2 queued %d", len(q))
	}
}

// TestWebInvitationRespectsUnsubscribe: the unsubscribe page promises "U ontvangt geen
// enquêtes meer van ons", but before the fix a web invitation to the same customer still got a
// live link. Now it is recorded as unsubscribed, without a link; another address gets one.
func TestWebInvitationRespectsUnsubscribe(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyNPS)
	if err := ls.app.Unsubscribe(context.Background(), "klant@example.nl", ls.now); err != nil {
		t.Fatal(err)
	}
	w := ls.withToken("adminWrite")
	w.postJSON("/api/v1/customers", `{"customer_id":"C1","acquired_at":"2025-01-01 10:00","email":"Klant@Example.nl"}`)
	for _, tt := range []struct{ name, who, status string }{
		{"the address", `"email":"klant@example.nl"`, cx.InviteUnsubscribed},
		{"the customer's address", `"customer_id":"C1"`, cx.InviteUnsubscribed},
		{"another address", `"email":"ander@example.nl"`, cx.InviteSent},
		{"no address known", `"customer_id":"C2"`, cx.InviteSent},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out struct {
				Invitations []struct{ Status, URL string }
			}
			res := w.postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"channel":"web",%s}`, sv.ID, tt.who))
			res.json(t, &out)
			if res.status != 200 || len(out.Invitations) != 1 {
				t.Fatalf("%d %s", res.status, res.body)
			}
			if got := out.Invitations[0]; got.Status != tt.status || (got.URL != "") != (tt.status == cx.InviteSent) {
				t.Errorf("status %q, link %q; want %q, a link only when sent", got.Status, got.URL, tt.status)
			}
		})
	}
}

// TestInvitationToWhatIsNoAddressIsRefused: an invitation to text that is no e-mail address
// ("jan.example.nl", two addresses on one line, a customer whose address column holds a phone
// number) was queued — the API answered 200 "queued", the surveys page counted it — and the
// sender, unable to write the message, recorded it as a bounce, as if a mail server had
// refused the address. Now it is refused when it is asked for, naming the field, as a customer
// without an address is; an address with a name ("Jan <jan@example.nl>") is one.
func TestInvitationToWhatIsNoAddressIsRefused(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyNPS)
	w := ls.withToken("adminWrite")
	w.postJSON("/api/v1/customers", `{"customer_id":"C7","acquired_at":"2025-01-01 10:00","email":"06-12345678"}`)
	for _, tt := range []struct{ body, want string }{
		{`{"survey_id":{sv},"email":"jan.example.nl"}`, `"pointer":"/email","detail":"\"jan.example.nl\" is not an e-mail address"`},
		{`[{"survey_id":{sv},"email":"a@example.nl"},{"survey_id":{sv},"email":"a@example.nl, b@example.nl"}]`,
			`"pointer":"/1/email","detail":"\"a@example.nl, b@example.nl\" is not an e-mail address"`},
		{`{"survey_id":{sv},"customer_id":"C7"}`, `"pointer":"/email","detail":"the address of customer \"C7\", \"06-12345678\", is not an e-mail address"`},
		{`{"survey_id":{sv},"channel":"web","email":"jan@"}`, `"pointer":"/email","detail":"\"jan@\" is not an e-mail address"`},
	} {
		body := strings.ReplaceAll(tt.body, "{sv}", fmt.Sprint(sv.ID))
		res := w.postJSON("/api/v1/invitations", body)
		if res.status != 422 || !strings.Contains(res.body, tt.want) {
			t.Errorf("%s: %d %s\nwant 422 with %s", body, res.status, res.body, tt.want)
		}
	}
	if res := w.postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,"email":"Jan de Vries <jan@example.nl>"}`, sv.ID)); res.status != 200 {
		t.Errorf("an address with a name: %d %s", res.status, res.body)
	}
	// The surveys page names the line and why, in the page's language.
	admin := ls.login("admin@example.com")
	res := admin.form("POST", fmt.Sprintf("/surveys/%d/invite", sv.ID), url.Values{"customers": {"piet@example\nC7\nkees@@example.nl"}, "lang": {"nl"}})
	if res.status != 303 {
		t.Fatalf("invite list: %d %s", res.status, res.body)
	}
	m := flashText.FindStringSubmatch(admin.get(res.header.Get("Location") + "&lang=nl").body)
	want := "1 uitnodiging klaargezet om te versturen. Niet uitgenodigd: regel 2 (C7): geen geldig e-mailadres; " +
		"regel 3 (kees@@example.nl): geen geldig e-mailadres."
	if m == nil || m[1] != want {
		t.Errorf("flash %q\nwant  %q", m, want)
	}
	if _, err := ls.surveys.SendQueued(context.Background(), 10); err != nil {
		t.Fatal(err)
	}
	counts, err := ls.app.CountInvitations(context.Background(), ls.now.Add(-time.Hour), ls.now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range counts {
		if c.Sent != 2 {
			t.Errorf("sent %d, want the two addresses", c.Sent)
		}
	}
}
