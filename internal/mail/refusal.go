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

// What a refusal for good means for its recipient, in English for a command's output and the
// server's log, before the mail server's reply (RefusalSaid picks one for an error). A refusal
// of the message must not read as one of the address, nor as the sender settings' fault alone:
// a full mailbox (5.2.2), a message too big (5.3.4), its content (5.6.x) or a sending limit are
// refusals of the message too. The pages say the same in their reader's language (the web
// package's alert_note_email_* and digest_outcome_* words).
const (
	BounceSaid = "the mail server refused the address for good (a bounce); it is held back from every mail until an " +
		"admin clears it on the surveys page"
	RefusedSaid = "the mail server refused this message for good, not the address (nothing is held back); its reply " +
		"says why, often the [mail] sender settings (from, and its domain's SPF, DKIM and DMARC), a full mailbox or " +
		"the message's size"
)

// RefusalSaid is what err, a failed send, means for its recipient when it is a refusal for good
// now: BounceSaid or RefusedSaid; "" for any other error, and for ErrHeld, which says it itself.
func RefusalSaid(err error) string {
	switch {
	case errors.Is(err, ErrHeld):
	case IsBounce(err):
		return BounceSaid
	case IsPermanent(err):
		return RefusedSaid
	}
	return ""
}

// refusalOf tells what the server's reply to the message (MAIL FROM, RCPT TO or DATA) means;
// the one rule of what a bounce is. Failures before MAIL FROM — greeting, STARTTLS, AUTH — are
// the connection's or the configuration's, and go-mail reports them as plain errors, not as a
// SendError: temporary, so a wrong password marks no recipient.
//
// A 4xx is temporary. A 5xx is permanent, and a bounce only when the reply gives evidence
// against the recipient's address. The two mistakes do not cost the same: a bounce missed costs
// one more refused mail to that address later; a bounce wrongly seen holds a good customer's
// address back from every mail for good, until an admin clears it. And klantpuls hands its
// mail to a submission server (its own provider's, Microsoft 365, Gmail), whose 5xx are mostly
// about the sender or the relay, not about the recipient — so a bounce needs the recipient
// named by RFC 3463's enhanced status code (class.subject.detail; read where RFC 2034 puts it,
// at the start of the reply's text, or where qmail does, at its end: "(#5.1.1)"):
//   - 5.1.1 no such mailbox, 5.1.2 no such domain, 5.1.3 bad address syntax, 5.1.6 moved,
//     5.1.10 null MX (RFC 7505) — at RCPT TO, or at DATA, as a server that checks its
//     recipients once it has the message answers;
//   - 5.2.1 mailbox disabled, at RCPT TO only: at DATA subject 2 is the sending account's too
//     (Microsoft 365's "554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException" for a
//     From it may not send as, OutboundSpamException for a blocked account,
//     SubmissionQuotaExceededException; "554 5.2.252 SendAsDenied");
//   - 5.4.1 at RCPT TO only when the text speaks of the recipient: Microsoft 365 answers an
//     unknown recipient of its tenants so ("550 5.4.1 Recipient address rejected: Access
//     denied", directory-based edge blocking), but Exchange Online Protection refuses to relay
//     with the same code ("550 5.4.1 Relay Access Denied"); RFC 3463 has it "no answer from
//     host".
//
// Everything else is a permanent refusal of this message, no bounce: 5.1.0 (Postfix's
// reject_unlisted_sender, checked at RCPT TO: "550 5.1.0 <noreply@…>: Sender address rejected:
// User unknown in virtual mailbox table"), 5.1.7 and 5.1.8 (the sender's address), 5.2.0 and
// 5.2.252 anywhere, 5.2.2 mailbox full (RFC 3463 section 3.3: "a persistent transient
// failure"), 5.2.3 and 5.3.4 this message's size, 5.4.5 a sending limit (Gmail's "Daily user
// sending limit exceeded"), 5.6.x the content, 5.7.x security or policy (5.7.1 relay access
// denied, 5.7.26 DMARC); X.0.0 (RFC 3463 section 3.1: only the class is known); and a reply
// without an enhanced code, whatever its basic code — RFC 5321's 550 is "mailbox unavailable",
// but Exim says "550 relay not permitted" with it, cPanel "550-Please turn on SMTP
// Authentication" and qmail "553 sorry, that domain isn't in my list of allowed rcpthosts".
// Nothing at MAIL FROM is a bounce: the recipient has not been named yet.
func refusalOf(err error) refusal {
	var se *gomail.SendError
	if !errors.As(err, &se) || se.ErrorCode()/100 != 5 {
		return temporary
	}
	switch se.Reason {
	case gomail.ErrSMTPMailFrom:
		return permanent
	case gomail.ErrSMTPRcptTo, gomail.ErrSMTPData, gomail.ErrSMTPDataClose:
	default:
		return temporary // RSET and the like: not an answer to this message
	}
	rcpt := se.Reason == gomail.ErrSMTPRcptTo
	text := replyText(se)
	subject, detail := enhancedCode(text)
	switch {
	case subject == 1 && (detail == 1 || detail == 2 || detail == 3 || detail == 6 || detail == 10),
		subject == 2 && detail == 1 && rcpt,
		subject == 4 && detail == 1 && rcpt && strings.Contains(strings.ToLower(text), "recipient"):
		return bounce
	}
	return permanent
}

// replyText is the text of the server's reply in se, after its basic code: go-mail keeps it only
// in its error's text, after the name of the command it answered, as net/textproto writes it
// (`550 "5.1.1 user unknown"`, quoted, the lines of a reply of several joined by "\n").
func replyText(se *gomail.SendError) string {
	text := strings.TrimPrefix(se.Error(), se.Reason.String()+": ")
	if len(text) < 4 || text[3] != ' ' {
		return text
	}
	text = text[4:]
	if q, err := strconv.QuotedPrefix(text); err == nil {
		if unquoted, err := strconv.Unquote(q); err == nil {
			return unquoted
		}
	}
	return text
}

// enhancedStatus is an enhanced status code of class 5 where RFC 2034 puts it, at the start of
// a reply's text; qmailStatus is one where qmail puts it, at the end ("… rcpthosts (#5.7.1)",
// chkuser's "(#5.1.1 - chkuser)").
var (
	enhancedStatus = regexp.MustCompile(`^5\.(\d{1,3})\.(\d{1,3})(?:[^\d.]|$)`)
	qmailStatus    = regexp.MustCompile(`\(#5\.(\d{1,3})\.(\d{1,3})(?: [^()]*)?\)$`)
)

// enhancedCode is the subject and detail of the enhanced status code (RFC 3463) of a reply's
// text, 0 and 0 without one. It is read whether the server advertised ENHANCEDSTATUSCODES or not
// (go-mail's own EnhancedStatusCode reads none without, and takes the first x.y.z anywhere in
// the text, such as one in an IP address).
func enhancedCode(text string) (subject, detail int) {
	m := enhancedStatus.FindStringSubmatch(text)
	if m == nil {
		m = qmailStatus.FindStringSubmatch(strings.TrimSpace(text))
	}
	if m == nil {
		return 0, 0
	}
	subject, _ = strconv.Atoi(m[1])
	detail, _ = strconv.Atoi(m[2])
	return subject, detail
}
