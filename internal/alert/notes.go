package alert

import (
	"slices"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// What klantpuls says of an alert's delivery in its own words is kept as notes (cx.Alert.Notes):
// codes with the numbers they speak of, which the alerts page words in its reader's language
// (the web package's alert_note_* words). What a mail server or webhook answered is kept as it
// said it (cx.Alert.Error): no page can translate it.

// The notes' codes.
const (
	// NoteFlood: held back, its rule sent more than its share lately (limit.go); numbers: the
	// alerts a rule sends on its own, the window's minutes.
	NoteFlood = "flood"
	// NoteEmailHeld: its e-mail not sent, the address held back after an earlier bounce.
	NoteEmailHeld = "email_held"
	// NoteEmailBounced: its e-mail refused for good now (a bounce; Error says how): the address
	// is held back from now on.
	NoteEmailBounced = "email_bounced"
	// NoteEmailRefused: its e-mail refused for good now, but not its address (mail.IsBounce
	// false: a relay not allowed, the sender's SPF or DMARC, a full mailbox, the size, the
	// content, a sending limit; Error has the server's reply, which says why): not tried again,
	// and nothing is held back.
	NoteEmailRefused = "email_refused"
	// NoteWebhookNotTried: its webhook failed for an earlier alert in the round; the next tries.
	NoteWebhookNotTried = "webhook_not_tried"
	// NoteNoMailServer: its e-mail cannot go, the configuration has no [mail].
	NoteNoMailServer = "no_mail_server"
)

// NoteCodes are every note's code.
var NoteCodes = []string{NoteFlood, NoteEmailHeld, NoteEmailBounced, NoteEmailRefused, NoteWebhookNotTried, NoteNoMailServer}

// Note is one note: its code and the numbers it speaks of.
type Note struct {
	Code    string
	Numbers []int
}

// String is the note as cx.Alert.Notes keeps it: "flood:10:10", "email_held".
func (n Note) String() string {
	parts := []string{n.Code}
	for _, x := range n.Numbers {
		parts = append(parts, strconv.Itoa(x))
	}
	return strings.Join(parts, ":")
}

// NotesOf reads an alert's notes, in the order they were written.
func NotesOf(a *cx.Alert) []Note {
	var out []Note
	for _, f := range strings.Fields(a.Notes) {
		parts := strings.Split(f, ":")
		n := Note{Code: parts[0]}
		for _, p := range parts[1:] {
			x, _ := strconv.Atoi(p)
			n.Numbers = append(n.Numbers, x)
		}
		out = append(out, n)
	}
	return out
}

// notesText keeps notes as cx.Alert.Notes does.
func notesText(notes []Note) string {
	var out []string
	for _, n := range notes {
		out = append(out, n.String())
	}
	return strings.Join(out, " ")
}

// holds tells whether a note settles its alert without sending it: nothing a later attempt
// does changes it.
func holds(n Note) bool {
	return n.Code == NoteFlood || heldEmail(n)
}

// heldEmail tells whether a note holds the e-mail back for a bounce.
func heldEmail(n Note) bool { return n.Code == NoteEmailHeld || n.Code == NoteEmailBounced }

// settlesEmail tells whether a note settles the e-mail of its alert or summary without sending
// it — held back, bounced or refused — so no later attempt tries it again: a held address stays
// held until an admin clears it, and a 5xx is not to be repeated as it was (RFC 5321 section
// 4.2.1).
func settlesEmail(n Note) bool { return heldEmail(n) || n.Code == NoteEmailRefused }

// HeldBack tells whether a settled alert went out by no way because it was held back — by the
// flood limit, or by a bounce its only way, the e-mail — so it was delivered to nobody.
func HeldBack(a *cx.Alert) bool {
	return !a.DeliveredAt.IsZero() && a.SentBy == "" && slices.ContainsFunc(NotesOf(a), holds)
}

// Refused tells whether a settled alert went out by no way because the mail server refused its
// only way, the e-mail, for good, not as a bounce (email_refused): delivered to nobody, though
// nothing held it back.
func Refused(a *cx.Alert) bool {
	return !a.DeliveredAt.IsZero() && a.SentBy == "" && !HeldBack(a) &&
		slices.ContainsFunc(NotesOf(a), func(n Note) bool { return n.Code == NoteEmailRefused })
}
