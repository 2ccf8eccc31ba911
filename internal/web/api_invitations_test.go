package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestInvitationBatchErrorNamesTheItem: before the fix a batch whose second invitation was bad
// answered 422 with a detail that did not say which item, and the first was already queued
// and would be mailed, though the caller, seeing an error, did not know it. Now every item is
// checked first: a refused one is named by its JSON pointer (RFC 6901, as the ingest API
// names a record's field) and nothing is made. A member that is not an invitation's is
// refused by name, not ignored.
func TestInvitationBatchErrorNamesTheItem(t *testing.T) {
	ls := startLoopServer(t)
	sv := ls.survey(t, cx.SurveyCSAT)
	off := ls.survey(t, cx.SurveyNPS)
	off.Active = false
	if err := ls.app.UpdateSurvey(context.Background(), off); err != nil {
		t.Fatal(err)
	}
	w := ls.withToken("adminWrite")
	tests := []struct {
		name   string
		body   string
		status int
		want   []string // pointer: detail, as the problem lists them
	}{
		{"a customer without an address", `[{"survey_id":{sv},"email":"a@example.nl"},{"survey_id":{sv},"customer_id":"C404"}]`, 422,
			[]string{`"pointer":"/1/email","detail":"no address given, and none known for customer \"C404\""`}},
		{"every bad item is named", `[{"survey_id":{off},"email":"a@example.nl"},{"survey_id":{sv},"email":"b@example.nl","channel":"sms"},{"survey_id":999,"email":"c@example.nl"}]`, 422,
			[]string{`"pointer":"/0/survey_id","detail":"survey {off} is not active"`, `"pointer":"/1/channel","detail":"\"sms\" is not email or web"`,
				`"pointer":"/2/survey_id","detail":"no survey 999"`}},
		{"a misspelt member", `[{"survey_id":{sv},"email":"a@example.nl"},{"survey_id":{sv},"emial":"b@example.nl"}]`, 422,
			[]string{`"pointer":"/1/emial","detail":"not a member of an invitation: survey_id, customer_id, ticket_id, email, lang, channel"`}},
		{"a survey id as text", `{"survey_id":"{sv}","email":"a@example.nl"}`, 422,
			[]string{`"pointer":"/survey_id","detail":"must be a whole number"`}},
		{"an address twice", `{"survey_id":{sv},"email":"a@example.nl","email":"b@example.nl"}`, 422,
			[]string{`"pointer":"","detail":"duplicate member \"email\""`}},
		{"an item that is no object", `[{"survey_id":{sv},"email":"a@example.nl"},7]`, 422,
			[]string{`"pointer":"/1","detail":"not a JSON object"`}},
		{"no JSON", `{"survey_id":{sv},`, 400, []string{`send an invitation object or an array of them`}},
		{"text after the object", `{"survey_id":{sv},"email":"a@example.nl"} x`, 400, []string{`send an invitation object or an array of them`}},
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
