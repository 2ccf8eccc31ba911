package web

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestInvitationToCustomerKeyedByAddress: the Shopify and Chatwoot presets key a customer by
// their e-mail address and leave the email field empty, and the Freshdesk preset gives a ticket
// the requester's address as its customer_id, with no customer record at all. An invitation
// for such a ticket or customer ("POST /api/v1/invitations with ticket_id", README, Surveys) is
// sent to that address; before, it was refused with "none known for customer".
func TestInvitationToCustomerKeyedByAddress(t *testing.T) {
	for _, tc := range []struct{ name, kind, records, invitation, address string }{
		{"a ticket of the Freshdesk preset", "tickets", `{"ticket_id":"FD-77","created_at":"2026-03-09 09:00","solved_at":"2026-03-09 11:00","customer_id":"klant@voorbeeld.nl"}`,
			`"ticket_id":"FD-77"`, "klant@voorbeeld.nl"},
		{"a customer of the Shopify preset", "customers", `{"customer_id":"anna@example.nl","acquired_at":"2026-02-14 11:20","name":"Anna de Vries"}`,
			`"customer_id":"anna@example.nl"`, "anna@example.nl"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ls := startLoopServer(t)
			sv := ls.survey(t, cx.SurveyCSAT)
			w := ls.withToken("adminWrite")
			if res := w.postJSON("/api/v1/"+tc.kind, tc.records); res.status != 200 {
				t.Fatalf("the record: %d %s", res.status, res.body)
			}
			if res := w.postJSON("/api/v1/invitations", fmt.Sprintf(`{"survey_id":%d,%s}`, sv.ID, tc.invitation)); res.status != 200 {
				t.Fatalf("the invitation: %d %s", res.status, res.body)
			}
			if _, err := ls.surveys.SendQueued(context.Background(), 10); err != nil {
				t.Fatal(err)
			}
			if got := ls.smtp.Wait(t, 1, 5*time.Second)[0].To; !slices.Equal(got, []string{tc.address}) {
				t.Errorf("sent to %v, want %s", got, tc.address)
			}
		})
	}
}
