package web

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestInviteListSkipsAnAddressGivenTwice: a list pasted from a spreadsheet names Jan three times
// — his address, the same address with his name and in capitals, and his customer number — and
// Piet once. The page said "4 uitnodigingen klaargezet om te versturen", and two mails went out:
// an address is one however it is written (cx.AddressKey), so the sender throttled Jan's later
// invitations. Each address is now invited once, at its first line, and the page says how many
// lines it skipped for an address already on the list.
func TestInviteListSkipsAnAddressGivenTwice(t *testing.T) {
	ls := startLoopServer(t)
	admin := ls.login("admin@example.com")
	sv := ls.survey(t, cx.SurveyNPS)
	if _, err := ls.app.Ingest(context.Background(), []cx.Record{&cx.Customer{ID: "C1", AcquiredAt: ls.now.Add(-time.Hour), Email: "Jan@Example.nl"}}); err != nil {
		t.Fatal(err)
	}
	res := admin.form("POST", fmt.Sprintf("/surveys/%d/invite", sv.ID), url.Values{"lang": {"nl"},
		"customers": {"jan@example.nl\nJan de Vries <JAN@example.nl>\npiet@example.nl\nC1\n"}})
	if res.status != 303 {
		t.Fatalf("invite: %d %s", res.status, res.body)
	}
	for lang, want := range map[string]string{
		"nl": "2 uitnodigingen klaargezet om te versturen, 2 dubbele adressen overgeslagen (stonden al eerder in de lijst).",
		"en": "2 invitations queued to be sent, 2 duplicate addresses skipped (already earlier in the list).",
	} {
		if got := flash(admin, res.header.Get("Location")+"&lang="+lang); got != want {
			t.Errorf("flash (%s) %q\nwant       %q", lang, got, want)
		}
	}
	if sent, err := ls.surveys.SendQueued(context.Background(), 10); sent != 2 || err != nil {
		t.Errorf("sent %d (%v), want 2: one to Jan, one to Piet", sent, err)
	}
	for lang, want := range map[string]string{
		"nl": "1 uitnodiging klaargezet om te versturen, 1 dubbel adres overgeslagen (stond al eerder in de lijst).",
		"en": "1 invitation queued to be sent, 1 duplicate address skipped (already earlier in the list).",
	} {
		if got := flash(admin, "/surveys?result=invited&queued=1&duplicate=1&lang="+lang); got != want {
			t.Errorf("one duplicate (%s): flash %q\nwant                %q", lang, got, want)
		}
	}
}

// flash is the status line of the page at path, "" when none.
func flash(c *client, path string) string {
	if m := flashText.FindStringSubmatch(c.get(path).body); m != nil {
		return m[1]
	}
	return ""
}
