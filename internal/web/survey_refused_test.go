package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestRefusedInvitationHoldsNoAddress: every 5xx to an invitation was a bounce, which holds the
// customer's address back from every mail — so a company whose mail server will not relay for
// its [mail] sender ("550 5.7.1 Relay access denied") saw every customer it invited held, each
// to be cleared one by one. Such a refusal is of the message, not of the address: the
// invitation is failed at once with the server's reply (RFC 5321: a 5yz is not repeated as
// is), the address is not held, and it is invited again once the setting is right. A 550 5.1.1
// (no such user) still holds its address.
func TestRefusedInvitationHoldsNoAddress(t *testing.T) {
	ls := startLoopServer(t)
	ctx := context.Background()
	sv := ls.survey(t, cx.SurveyNPS)
	ls.smtp.RejectRecipient("klant@example.nl", 550, "5.7.1 <klant@example.nl>: Relay access denied")
	ls.smtp.RejectRecipient("gone@example.nl", 550, "5.1.1 <gone@example.nl>: user unknown")
	refused := ls.queueInvitation(t, sv, "Klant <klant@example.nl>")
	gone := ls.queueInvitation(t, sv, "gone@example.nl")
	if sent, err := ls.surveys.SendQueued(ctx, 10); sent != 0 || err != nil {
		t.Fatalf("sent %d (%v) to refusing addresses", sent, err)
	}

	inv, err := ls.app.Invitation(ctx, refused)
	if err != nil || inv.Status != cx.InviteFailed || !strings.Contains(inv.Error, "550") || !strings.Contains(inv.Error, "Relay access denied") {
		t.Errorf("the refused invitation: %+v, %v; want failed with the server's 550 Relay access denied", inv, err)
	}
	if held, err := ls.app.Bounced(ctx, "klant@example.nl"); err != nil || held {
		t.Errorf("Bounced(klant@) after a 550 5.7.1 = %v, %v; want false: the relay refused the message, not the address", held, err)
	}
	inv, err = ls.app.Invitation(ctx, gone)
	if err != nil || inv.Status != cx.InviteBounced {
		t.Errorf("the invitation to gone@: %+v, %v; want bounced", inv, err)
	}
	if held, err := ls.app.Bounced(ctx, "gone@example.nl"); err != nil || !held {
		t.Errorf("Bounced(gone@) after a 550 5.1.1 = %v, %v; want true", held, err)
	}

	// Not tried again, later either; the server was asked once.
	ls.now = ls.now.Add(48 * time.Hour)
	if sent, err := ls.surveys.SendQueued(ctx, 10); sent != 0 || err != nil {
		t.Fatalf("sent %d (%v) later", sent, err)
	}
	if asked := ls.smtp.AskedFor("klant@example.nl"); asked != 1 {
		t.Errorf("the server was asked for klant@ %d times, want once", asked)
	}

	// The relay takes the sender now: the next invitation goes, where a hold would have kept it.
	ls.smtp.AcceptRecipient("klant@example.nl")
	if got := ls.inviteAs(t, sv, "klant@example.nl"); got != cx.InviteQueued {
		t.Fatalf("invitation to klant@ after the refusal: %s, want queued", got)
	}
	if sent, err := ls.surveys.SendQueued(ctx, 10); sent != 1 || err != nil {
		t.Errorf("sent %d (%v) once the relay took the sender, want 1", sent, err)
	}
}
