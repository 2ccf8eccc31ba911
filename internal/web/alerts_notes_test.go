package web

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/alert"
)

// TestHeldAlertIsNoDelivery: an alert whose e-mail a bounce held back (its address refused for
// good now, or before) showed the time it was settled under Afgeleverd, as though it reached
// the lead, and an alert the flood limit held back did too; and the notes under Probleem —
// why it was held — were English on the Dutch page. Now such an alert, gone out by no way, is
// Tegengehouden / Held back, and every note klantpuls writes is in the reader's language; what
// a mail server said stays as it said it.
func TestHeldAlertIsNoDelivery(t *testing.T) {
	ls := startLoopServer(t)
	ls.alerts.MaxPerWindow = 2 // R1 and R2 go on their own, R3 is held for the summary
	admin := ls.login("admin@example.com")
	if res := admin.form("POST", "/alerts", url.Values{"name": {"Criticasters"}, "condition": {"nps_detractor"},
		"email": {"lead@example.nl"}, "webhook_format": {"slack"}}); res.status != 303 {
		t.Fatalf("rule: %d %s", res.status, res.body)
	}
	ls.smtp.RejectRecipient("lead@example.nl", 550, "5.1.1 user unknown")
	for _, id := range []string{"R1", "R2", "R3"} {
		ls.withToken("adminWrite").postJSON("/api/v1/responses",
			fmt.Sprintf(`{"response_id":%q,"survey":"nps","score":2,"submitted_at":"2026-03-09 10:00","customer_id":"C1"}`, id))
		ls.deliver(t)
	}
	for _, tc := range []struct {
		lang, held string
		notes      map[string]string // per answer, the note that starts its Probleem
		english    []string          // what the page said in English before, whatever its language
	}{
		{lang: "nl", held: "Tegengehouden", notes: map[string]string{
			"R1": "E-mail geweigerd: een mailserver weigerde het adres voorgoed (een bounce); klantpuls mailt het niet meer tot een beheerder het vrijgeeft onder Enquêtes, Onbestelbare adressen; ",
			"R2": "E-mail niet verstuurd: een mailserver weigerde het adres eerder voorgoed (een bounce); klantpuls mailt het niet meer tot een beheerder het vrijgeeft onder Enquêtes, Onbestelbare adressen",
			"R3": "Tegengehouden: meer dan 2 meldingen van deze regel binnen 10 minuten; meegeteld in één samenvattend bericht"},
			english: []string{"not sent", "held back", "refused", "summary"}},
		{lang: "en", held: "Held back", notes: map[string]string{
			"R1": "E-mail refused: a mail server refused the address for good (a bounce); klantpuls mails it no more until an admin clears it under Surveys, Undeliverable addresses; ",
			"R2": "E-mail not sent: a mail server refused the address for good before (a bounce); klantpuls mails it no more until an admin clears it under Surveys, Undeliverable addresses",
			"R3": "Held back: more than 2 alerts of this rule within 10 minutes; counted in one summary message"}},
	} {
		page := admin.get("/alerts?lang=" + tc.lang).body
		for id, note := range tc.notes {
			row := regexp.MustCompile(`<a href="/followups\?response=` + id + `&amp;all=1">` + id + `</a></td><td>([^<]*)</td><td>\d+</td><td>([^<]*)</td>`).FindStringSubmatch(page)
			if row == nil {
				t.Fatalf("%s: no row of %s on the alerts page:\n%s", tc.lang, id, page)
			}
			if row[1] != tc.held {
				t.Errorf("%s: %s delivered %q, want %q: its e-mail went nowhere", tc.lang, id, row[1], tc.held)
			}
			if !strings.HasPrefix(row[2], note) {
				t.Errorf("%s: %s's note\n%q\nwant it to begin\n%q", tc.lang, id, row[2], note)
			}
			if id == "R1" && !strings.Contains(row[2], "550") {
				t.Errorf("%s: R1's note %q leaves out what the mail server said (550)", tc.lang, row[2])
			}
			for _, w := range tc.english {
				if strings.Contains(row[2], w) {
					t.Errorf("%s: %s's note says %q in English: %q", tc.lang, id, w, row[2])
				}
			}
		}
	}
}

// TestEveryAlertNoteHasItsWords: each note the alert package writes has its sentence in both
// languages, so no alert shows a key.
func TestEveryAlertNoteHasItsWords(t *testing.T) {
	for _, lang := range []string{"nl", "en"} {
		p := &page{Lang: lang}
		for _, code := range alert.NoteCodes {
			n := alert.Note{Code: code}
			if code == alert.NoteFlood {
				n.Numbers = []int{10, 10}
			}
			if got := alertNote(p, n); got == n.String() || strings.Contains(got, "%!") {
				t.Errorf("%s: note %q reads %q", lang, n, got)
			}
		}
	}
}

// TestRefusedAlertIsNoDelivery: an alert whose only way, the e-mail, the mail server refused for
// good as a message ("550 5.7.1 Relay access denied", no bounce) was noted a bounce and held
// the lead's address. It holds nothing now; the alerts page says Geweigerd / Refused under
// Afgeleverd, not a time, and its note says the message was refused, not the address, and that
// the mail server's reply, after it, says why — the sender settings, among others.
func TestRefusedAlertIsNoDelivery(t *testing.T) {
	ls := startLoopServer(t)
	admin := ls.login("admin@example.com")
	if res := admin.form("POST", "/alerts", url.Values{"name": {"Criticasters"}, "condition": {"nps_detractor"},
		"email": {"lead@example.nl"}, "webhook_format": {"slack"}}); res.status != 303 {
		t.Fatalf("rule: %d %s", res.status, res.body)
	}
	ls.smtp.RejectRecipient("lead@example.nl", 550, "5.7.1 Relay access denied")
	ls.withToken("adminWrite").postJSON("/api/v1/responses",
		`{"response_id":"R1","survey":"nps","score":2,"submitted_at":"2026-03-09 10:00","customer_id":"C1"}`)
	ls.deliver(t)
	if held, err := ls.app.Bounced(context.Background(), "lead@example.nl"); err != nil || held {
		t.Errorf("Bounced(lead@) after a 550 5.7.1 = %v, %v; want false", held, err)
	}
	for _, tc := range []struct{ lang, refused, note string }{
		{"nl", "Geweigerd", "E-mail geweigerd: de mailserver weigerde dit bericht blijvend, niet het adres (dat wordt niet tegengehouden); " +
			"waarom staat in het antwoord van de mailserver: vaak zijn het de afzenderinstellingen onder [mail] in het " +
			"configuratiebestand, een volle mailbox of de grootte van het bericht; e-mail: "},
		{"en", "Refused", "E-mail refused: the mail server refused this message for good, not the address (which is not held back); " +
			"its reply says why: often the sender settings under [mail] in the configuration file, a full mailbox or " +
			"the message&#39;s size; e-mail: "},
	} {
		page := admin.get("/alerts?lang=" + tc.lang).body
		row := regexp.MustCompile(`<a href="/followups\?response=R1&amp;all=1">R1</a></td><td>([^<]*)</td><td>\d+</td><td>([^<]*)</td>`).FindStringSubmatch(page)
		if row == nil {
			t.Fatalf("%s: no row of R1 on the alerts page:\n%s", tc.lang, page)
		}
		if row[1] != tc.refused {
			t.Errorf("%s: R1 delivered %q, want %q", tc.lang, row[1], tc.refused)
		}
		if !strings.HasPrefix(row[2], tc.note) || !strings.Contains(row[2], "550") || !strings.Contains(row[2], "Relay access denied") {
			t.Errorf("%s: R1's note\n%q\nwant it to begin\n%q\nand give the server's 550 Relay access denied", tc.lang, row[2], tc.note)
		}
	}
}
