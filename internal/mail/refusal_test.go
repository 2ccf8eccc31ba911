package mail

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/smtptest"
)

// TestIsBounce: every 5xx reply to MAIL FROM, RCPT TO or DATA was a bounce, which holds the
// recipient's address back from all mail; a wrong [mail] setting or the sender's SPF then held
// every address a message went to. Then a submission server's refusals of the sender or the
// relay still were: any 5.1.x or 5.2.x (Microsoft 365's 554 5.2.0 for a wrong From, Postfix's
// 550 5.1.0 unknown sender), 5.4.1 at RCPT TO (Exchange Online's relay access denied), and a 550,
// 551 or 553 at RCPT TO without an enhanced code (Exim's and cPanel's relay refusals). A bounce
// now needs a code that names the recipient (5.1.1, 5.1.2, 5.1.3, 5.1.6, 5.1.10; 5.2.1 at RCPT
// TO; 5.4.1 at RCPT TO when the reply speaks of the recipient), read at the start of the reply
// or, as qmail writes it, at its end; the other 5xx refuse this message for good and hold
// nothing. Each reply is a real server's, over SMTP, at the command that server answers with it.
func TestIsBounce(t *testing.T) {
	const to, from = "jan@example.nl", "noreply@example.com"
	valid := Message{To: to, Subject: "Onderwerp", Text: "Tekst"}
	tests := []struct {
		name              string
		at                string // the command refused: MAIL, RCPT or DATA (its end); "" none
		code              int
		reply             string
		msg               Message
		permanent, bounce bool
	}{
		{"550 5.1.1 user unknown at RCPT TO", "RCPT", 550, "5.1.1 <jan@example.nl>: Recipient address rejected: User unknown", valid, true, true},
		{"550 5.1.10 recipient not found at RCPT TO", "RCPT", 550, "5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", valid, true, true},
		{"550 5.2.1 mailbox disabled at RCPT TO", "RCPT", 550, "5.2.1 The email account that you tried to reach is disabled", valid, true, true},
		{"550 5.4.1 at RCPT TO, Microsoft's unknown recipient", "RCPT", 550, "5.4.1 Recipient address rejected: Access denied", valid, true, true},
		{"550 5.1.1 at the end of DATA", "DATA", 550, "5.1.1 user unknown", valid, true, true},
		{"550 5.1.1 at RCPT TO over several lines, Gmail's", "RCPT", 550, "5.1.1 The email account that you tried to reach does not exist. Please try\n" +
			"5.1.1 double-checking the recipient's email address for typos or\n" +
			"5.1.1 unnecessary spaces. For more information, go to\n" +
			"5.1.1  https://support.google.com/mail/?p=NoSuchUser a1si123456wrb.42 - gsmtp", valid, true, true},
		{"511 at RCPT TO, qmail's code at the end (chkuser)", "RCPT", 511, "sorry, no mailbox here by that name (#5.1.1 - chkuser)", valid, true, true},
		// A submission server's refusals of the sender or of relaying, at RCPT TO or DATA:
		// every address a message goes to would be held.
		{"554 5.2.0 at the end of DATA, Microsoft 365's wrong From", "DATA", 554, "5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message Cannot submit message.", valid, true, false},
		{"554 5.2.252 at the end of DATA, Microsoft 365's wrong From", "DATA", 554, "5.2.252 SendAsDenied; noreply@example.com not allowed to send as klantpuls@example.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message Cannot submit message.", valid, true, false},
		{"554 5.2.0 at the end of DATA, Microsoft 365's blocked sender", "DATA", 554, "5.2.0 STOREDRV.Submission.Exception:OutboundSpamException; Failed to process message due to a permanent exception with message WASCL UserAction verdict is not None. Actual verdict is Suspend, ShowTierUpgrade.", valid, true, false},
		{"554 5.2.0 at the end of DATA, Microsoft 365's sending quota", "DATA", 554, "5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message due to a permanent exception with message Cannot submit message.", valid, true, false},
		{"550 5.1.0 at RCPT TO, Postfix's unlisted sender", "RCPT", 550, "5.1.0 <noreply@example.com>: Sender address rejected: User unknown in virtual mailbox table", valid, true, false},
		{"550 5.4.1 at RCPT TO, Exchange Online's relay access denied", "RCPT", 550, "5.4.1 Relay Access Denied [AM4PEPF00027A5F.eurprd04.prod.outlook.com]", valid, true, false},
		{"550 at RCPT TO without an enhanced code, Exim's relay not permitted", "RCPT", 550, "relay not permitted", valid, true, false},
		{"550 at RCPT TO over several lines without an enhanced code, cPanel's", "RCPT", 550, "Please turn on SMTP Authentication in your mail client, or login to the\n" +
			"IMAP/POP3 server before sending your message. (klantpuls) [127.0.0.1]:41234\n" +
			"is not permitted to relay through this server without authentication.", valid, true, false},
		{"553 at RCPT TO, qmail's relay refused (#5.7.1)", "RCPT", 553, "sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", valid, true, false},
		// Without an enhanced code, or with the class alone, nothing says whose the fault is.
		{"550 RCPT TO without an enhanced code", "RCPT", 550, "Requested action not taken: mailbox unavailable", valid, true, false},
		{"551 RCPT TO without an enhanced code", "RCPT", 551, "User not local; please try <jan@example.com>", valid, true, false},
		{"553 RCPT TO without an enhanced code", "RCPT", 553, "Requested action not taken: mailbox name not allowed", valid, true, false},
		{"550 5.0.0 RCPT TO, the class alone", "RCPT", 550, "5.0.0 no such user", valid, true, false},
		{"550 5.7.1 relay access denied at RCPT TO", "RCPT", 550, "5.7.1 <jan@example.nl>: Relay access denied", valid, true, false},
		{"552 5.2.2 mailbox full at RCPT TO", "RCPT", 552, "5.2.2 The email account that you tried to reach is over quota", valid, true, false},
		{"550 5.4.5 at the end of DATA, Gmail's sending limit", "DATA", 550, "5.4.5 Daily user sending limit exceeded. For more information on Gmail sending limits go to https://support.google.com/a/answer/166852 - gsmtp", valid, true, false},
		{"554 RCPT TO without an enhanced code", "RCPT", 554, "Transaction failed: client host blocked", valid, true, false},
		{"550 5.4.1 at the end of DATA", "DATA", 550, "5.4.1 no answer from host", valid, true, false},
		{"550 5.7.26 DMARC at the end of DATA", "DATA", 550, "5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy", valid, true, false},
		{"554 5.6.0 content rejected at the end of DATA", "DATA", 554, "5.6.0 Message content rejected", valid, true, false},
		{"552 5.3.4 message too big at the end of DATA", "DATA", 552, "5.3.4 Message size exceeds fixed maximum message size", valid, true, false},
		{"552 5.2.3 message too long for the mailbox at the end of DATA", "DATA", 552, "5.2.3 Message length exceeds administrative limit", valid, true, false},
		{"550 at the end of DATA without an enhanced code", "DATA", 550, "Message rejected", valid, true, false},
		{"553 at MAIL FROM", "MAIL", 553, "Sender address rejected: not owned by user", valid, true, false},
		{"550 5.1.8 at MAIL FROM, the sender's domain", "MAIL", 550, "5.1.8 Sender address rejected: Domain not found", valid, true, false},
		{"550 5.7.1 at MAIL FROM", "MAIL", 550, "5.7.1 Client does not have permissions to send as this sender", valid, true, false},
		{"450 4.1.1 at RCPT TO", "RCPT", 450, "4.1.1 Recipient address rejected: try again later", valid, false, false},
		{"a message without a subject", "", 0, "", Message{To: to, Text: "x"}, true, false},
		{"an address that does not parse", "", 0, "", Message{To: "jan at example", Subject: "x", Text: "x"}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := smtptest.Start(t)
			switch tt.at {
			case "MAIL":
				s.RejectSender(from, tt.code, tt.reply)
			case "RCPT":
				s.RejectRecipient(to, tt.code, tt.reply)
			case "DATA":
				s.RejectData(tt.code, tt.reply)
			}
			err := send(t, config(s), tt.msg)
			if err == nil {
				t.Fatal("sent, want a refusal")
			}
			if got := IsPermanent(err); got != tt.permanent {
				t.Errorf("IsPermanent = %v, want %v (err: %v)", got, tt.permanent, err)
			}
			if got := IsBounce(err); got != tt.bounce {
				t.Errorf("IsBounce = %v, want %v (err: %v)", got, tt.bounce, err)
			}
			// The server's reply is kept in the error (the address as "the recipient"): it
			// says what to fix. net/textproto quotes it, its lines joined by "\n".
			reply := strconv.Quote(strings.ReplaceAll(tt.reply, to, "the recipient"))
			reply = reply[1 : len(reply)-1]
			if tt.at != "" && (!strings.Contains(err.Error(), strconv.Itoa(tt.code)) || !strings.Contains(err.Error(), reply)) {
				t.Errorf("err %q leaves out the server's reply %d %s", err, tt.code, reply)
			}
		})
	}
	t.Run("held", func(t *testing.T) {
		if !IsPermanent(ErrHeld) || IsBounce(ErrHeld) {
			t.Errorf("ErrHeld: IsPermanent %v, IsBounce %v; want permanent, no new bounce", IsPermanent(ErrHeld), IsBounce(ErrHeld))
		}
		if IsBounce(errors.New("550 5.1.1 user unknown")) {
			t.Error("an error not from a send is a bounce")
		}
	})
}
