// Package mail sends e-mail (survey invitations, alerts, reports) through the account's SMTP
// server, and tells a bounce (do not send this again) from a failure worth retrying.
package mail

import (
	"context"
	"errors"
	netmail "net/mail"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Message is one e-mail to one recipient. Text is required: HTML, when given, goes out as its
// alternative, because mail clients that show no HTML (and spam filters) want the text.
type Message struct {
	To      string // "jan@example.nl" or "Jan de Vries <jan@example.nl>"
	Subject string
	Text    string
	HTML    string
	// Headers are extra header fields, such as List-Unsubscribe. The ones the sender sets
	// itself (From, To, Subject, Date, Message-ID, MIME and Content headers) are refused;
	// Reply-To is allowed.
	Headers map[string]string
	// Inline are images the HTML shows by Content-ID (<img src="cid:…">): mail clients strip
	// images in data: URIs. They make the message multipart/related around its alternatives.
	Inline []Inline
}

// Inline is one image embedded in a message and referenced from its HTML as cid:ContentID.
type Inline struct {
	ContentID string // without angle brackets, e.g. "nps@klantpuls"
	Name      string // a file name, e.g. "nps.png"
	Type      string // a media type, e.g. "image/png"
	Data      []byte
}

// Address reads a recipient as Send does: one address, with or without a name ("Jan
// <jan@example.nl>"). Anything else is refused here, so a caller can say so when the address
// is asked for, not learn it from a message that could not be written.
func Address(to string) (*netmail.Address, error) { return cx.ParseAddress(to) }

// Sender sends one message. Code that sends mail depends on this, so a test can hand it a
// sender of its own; *SMTP is the real one.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// IsPermanent reports whether err means that sending this message again will not help: the
// server refused it with a 5xx reply (an unknown recipient, a rejected sender or content), or
// the message itself is unusable (an address that does not parse). Everything else — a 4xx
// reply, a refused or timed-out connection, a failed login or TLS handshake — is temporary:
// retry later. A failed login is temporary on purpose: it is the server's configuration that
// is wrong, not the recipient, so the recipient must not be marked as bouncing.
func IsPermanent(err error) bool {
	var e *sendError
	return errors.As(err, &e) && e.refusal >= permanent
}

// IsBounce reports whether err is a refusal of the recipient's address for good (a bounce):
// every mail to it will be refused, so it is held back from all of them (SendNotingBounce).
// A permanent refusal that is no bounce — a relay not allowed, a From the sending account may
// not use, the sender's SPF or DMARC, a full mailbox, the content or size of this message, a
// message that cannot be written, a reply that does not name the recipient — is this
// message's: the sender keeps the server's reply and holds no address. refusalOf has the rule.
func IsBounce(err error) bool {
	var e *sendError
	return errors.As(err, &e) && e.refusal == bounce
}

// sendError carries the refusal IsPermanent and IsBounce read; its text is the underlying
// error's without the recipient's address (failed).
type sendError struct {
	refusal refusal
	err     error
	text    string
}

func (e *sendError) Error() string { return e.text }
func (e *sendError) Unwrap() error { return e.err }

// failed is err of sending m, classified. Its text says "the recipient" where err named m's
// recipient (the SMTP library lists the affected recipients, a server's reply often quotes the
// address): it goes into logs, where no erasure reaches it. Whoever sent m knows to whom.
func failed(m Message, r refusal, err error) error {
	text := err.Error()
	who := []string{strings.TrimSpace(m.To)}
	if to, perr := Address(m.To); perr == nil {
		who = append(who, to.Address)
	}
	for _, w := range who {
		text = withoutText(text, w, "the recipient")
	}
	return &sendError{refusal: r, err: err, text: text}
}

// withoutText is text with every occurrence of old, in any case of letters, replaced by new.
func withoutText(text, old, new string) string {
	lower, key := strings.ToLower(text), strings.ToLower(old)
	if key == "" || len(lower) != len(text) { // a letter whose lower case is longer: exact only
		return strings.ReplaceAll(text, old, new)
	}
	var b strings.Builder
	for i := strings.Index(lower, key); i >= 0; i = strings.Index(lower, key) {
		b.WriteString(text[:i])
		b.WriteString(new)
		text, lower = text[i+len(key):], lower[i+len(key):]
	}
	b.WriteString(text)
	return b.String()
}
