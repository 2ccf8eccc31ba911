package mail

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// refusal is what a failed send means for the message and its recipient, as IsPermanent and
// IsBounce read it.
type refusal int

const (
	// temporary: a 4xx, no connection, a failed login — try again later.
	temporary refusal = iota
	// permanent: this message is refused for good — sent again as it is, it is refused again
	// (RFC 5321 section 4.2.1: a 5yz is not to be repeated as is) — but the refusal says nothing
	// against the recipient's address: a relay not allowed, the sender's SPF or DMARC failing,
	// the content, the size, or a message klantpuls could not write.
	permanent
	// bounce: permanent, and of the recipient's address: every mail to it is refused again.
	bounce
)

// refusalOf tells what the server's reply to the message (MAIL FROM, RCPT TO or DATA) means;
// the one rule of what a bounce is. Failures before MAIL FROM — greeting, STARTTLS, AUTH — are
// the connection's or the configuration's, and go-mail reports them as plain errors, not as a
// SendError: temporary, so a wrong password marks no recipient.
//
// A 4xx is temporary. A 5xx is permanent, and a bounce only when it speaks of the recipient's
// address. RFC 3463's enhanced status code (class.subject.detail, at the start of the reply's
// text) says what it speaks of:
//   - subject 1, addressing: 5.1.1 no such mailbox, 5.1.2 no such domain, 5.1.6 moved, 5.1.10
//     null MX (RFC 7505) — a bounce; but 5.1.7 and 5.1.8 are the sender's address, not the
//     recipient's;
//   - subject 2, mailbox: 5.2.1 disabled, 5.2.0 and 5.2.4 — a bounce; but 5.2.2 mailbox full
//     passes once its owner makes room (RFC 3463 section 3.3: "a persistent transient failure";
//     mailbox providers count it a soft bounce), and 5.2.3 is this message's length;
//   - subject 4, routing: only 5.4.1 at RCPT TO. RFC 3463 has it "no answer from host", but
//     Microsoft 365 answers an unknown recipient of its tenants at RCPT TO so ("550 5.4.1
//     Recipient address rejected: Access denied", directory-based edge blocking); elsewhere
//     subject 4 is the path to the server, not the address;
//   - subjects 3 (the mail system: 5.3.4 too big), 5 (protocol), 6 (content: 5.6.0) and 7
//     (security or policy: 5.7.1 relay access denied, 5.7.26 DMARC) refuse this message, not
//     the address.
//
// A reply without an enhanced code, or with X.0.0 (RFC 3463 section 3.1: only the class is
// known), is read by RFC 5321's basic code: at RCPT TO, 550 (mailbox unavailable), 551 (not
// local), 553 (mailbox name not allowed) and 556 (the domain accepts no mail, RFC 7504) are the
// address's; 552 (storage), 554 (transaction failed, a policy's answer) and the 50x syntax
// replies are not. Nothing at MAIL FROM is a bounce: the recipient has not been named yet. At
// DATA only a code of subject 1 or 2 is, as a server that checks its recipients once it has the
// message answers.
func refusalOf(err error) refusal {
	var se *gomail.SendError
	if !errors.As(err, &se) || se.ErrorCode()/100 != 5 {
		return temporary
	}
	code := se.ErrorCode()
	subject, detail := enhancedCode(se)
	switch se.Reason {
	case gomail.ErrSMTPMailFrom:
		return permanent
	case gomail.ErrSMTPRcptTo, gomail.ErrSMTPData, gomail.ErrSMTPDataClose:
	default:
		return temporary // RSET and the like: not an answer to this message
	}
	rcpt := se.Reason == gomail.ErrSMTPRcptTo
	switch {
	case subject == 1 && detail != 7 && detail != 8,
		subject == 2 && detail != 2 && detail != 3,
		subject == 4 && detail == 1 && rcpt,
		subject == 0 && rcpt && (code == 550 || code == 551 || code == 553 || code == 556):
		return bounce
	}
	return permanent
}

// enhancedStatus is a 5xx reply as go-mail keeps it, `550 "5.1.1 user unknown"` (net/textproto
// quotes the text): the basic code, then an enhanced status code of class 5 where the server
// gives one.
var enhancedStatus = regexp.MustCompile(`^5\d\d "?5\.(\d{1,3})\.(\d{1,3})(?:[^\d.]|$)`)

// enhancedCode is the subject and detail of the enhanced status code (RFC 3463) that opens the
// reply in se, 0 and 0 without one. It is read where RFC 2034 puts it, right after the basic
// code, whether the server advertised ENHANCEDSTATUSCODES or not (go-mail's own
// EnhancedStatusCode reads none without, and takes the first x.y.z anywhere in the text, such
// as one in an IP address).
func enhancedCode(se *gomail.SendError) (subject, detail int) {
	// go-mail keeps the reply only in its text, after the name of the command it answered.
	text := strings.TrimPrefix(se.Error(), se.Reason.String()+": ")
	m := enhancedStatus.FindStringSubmatch(text)
	if m == nil {
		return 0, 0
	}
	subject, _ = strconv.Atoi(m[1])
	detail, _ = strconv.Atoi(m[2])
	return subject, detail
}
