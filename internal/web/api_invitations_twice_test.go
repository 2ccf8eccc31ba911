package web

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestInvitationBatchSkipsAnAddressGivenTwice: a help desk's batch names Jan three times — his
// address, the same address with his name and in capitals, and his customer number — and Piet
// once. Each item was queued, and with throttle_days = 0 (nothing else holds a repeat back)
// Jan got three mails of one survey. The surveys page invites an address once (one rule,
// survey.Repeats); the API now does too: a repeat makes no invitation, and its entry — still
// at its item's place, so a caller matching answers to items by position is not misled —
// names the earlier item whose invitation it is (duplicate_of) and carries that invitation.
func TestInvitationBatchSkipsAnAddressGivenTwice(t *testing.T) {
	ls := startLoopServer(t, func(o *Options) { o.App.Config.Invitations.ThrottleDays = 0 })
	sv := ls.survey(t, cx.SurveyNPS)
	if _, err := ls.app.Ingest(context.Background(), []cx.Record{&cx.Customer{ID: "C1", AcquiredAt: ls.now.Add(-time.Hour), Email: "Jan@Example.nl"}}); err != nil {
		t.Fatal(err)
	}
	res := ls.withToken("adminWrite").postJSON("/api/v1/invitations", fmt.Sprintf(`[{"survey_id":%[1]d,"email":"jan@example.nl"},
		{"survey_id":%[1]d,"email":"Jan de Vries <JAN@example.nl>"},{"survey_id":%[1]d,"email":"piet@example.nl"},
		{"survey_id":%[1]d,"customer_id":"C1"}]`, sv.ID))
	if res.status != 200 {
		t.Fatalf("batch: %d %s", res.status, res.body)
	}
	var out struct {
		Invitations []struct {
			ID, Status  string
			DuplicateOf string `json:"duplicate_of"`
		}
	}
	res.json(t, &out)
	if len(out.Invitations) != 4 {
		t.Fatalf("%d entries, want one an item (4): %s", len(out.Invitations), res.body)
	}
	jan, piet := out.Invitations[0], out.Invitations[2]
	if jan.Status != cx.InviteQueued || jan.DuplicateOf != "" || piet.Status != cx.InviteQueued || piet.DuplicateOf != "" || jan.ID == piet.ID {
		t.Errorf("Jan's first and Piet's: %+v, %+v; want each queued, distinct, no duplicate_of", jan, piet)
	}
	for _, i := range []int{1, 3} {
		if got := out.Invitations[i]; got.DuplicateOf != "/0" || got.ID != jan.ID || got.Status != jan.Status {
			t.Errorf("item /%d: %+v; want Jan's invitation %s with duplicate_of /0", i, got, jan.ID)
		}
	}
	if q, _ := ls.app.QueuedInvitations(context.Background(), ls.now.Add(time.Hour), 0); len(q) != 2 {
		t.Errorf("%d invitations queued, want 2", len(q))
	}
	if sent, err := ls.surveys.SendQueued(context.Background(), 10); sent != 2 || err != nil {
		t.Errorf("sent %d (%v), want 2", sent, err)
	}
	if n, jan := len(ls.smtp.Messages()), ls.smtp.AskedFor("jan@example.nl"); n != 2 || jan != 1 {
		t.Errorf("the mail server got %d mails, %d for Jan; want 2, one for Jan", n, jan)
	}
}
