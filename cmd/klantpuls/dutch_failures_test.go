package main

import (
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/smtptest"
)

// TestPasswordRefusedInTheCommandsLanguage: a password from $KLANTPULS_USER_PASSWORD that
// `user add` or `user password` refuses is said in the command's language, in the words the
// password pages say it in (pw_too_short, pw_common). A Dutch run said "password: a password
// needs at least 10 characters" in English: app named the field around the keyed refusal, and a
// wrapped refusal was said as it is.
func TestPasswordRefusedInTheCommandsLanguage(t *testing.T) {
	for _, lang := range []string{"nl", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Setenv("KLANTPULS_LANG", lang)
			p := newProject(t)
			in := inLang(lang)
			t.Setenv("KLANTPULS_USER_PASSWORD", "kort")
			p.says(in("klantpuls: Een wachtwoord heeft minstens 10 tekens nodig.", "klantpuls: password: a password needs at least 10 characters"), 1,
				"user", "add", "--email", "lead@example.com")
			t.Setenv("KLANTPULS_USER_PASSWORD", "klantpuls-demo")
			p.says(in("gebruiker lead@example.com (manager) toegevoegd", "user lead@example.com (manager) added"), 0,
				"user", "add", "--email", "lead@example.com")
			t.Setenv("KLANTPULS_USER_PASSWORD", "aaaaaaaaaaaa")
			p.says(in("klantpuls: Dit wachtwoord bestaat uit herhaalde of opeenvolgende tekens (zoals aaaaaaaaaa of 1234abcd). Kies een ander.",
				"klantpuls: password: this password is made of repeated or sequential characters (like aaaaaaaaaa or 1234abcd); choose another"), 1,
				"user", "password", "--email", "lead@example.com")
		})
	}
}

// TestDatabaseSaidInTheCommandsLanguage: the line under a refusal that gives what the database
// said keeps the database's words and says its own in the command's language: "the database
// said:" was English in a Dutch run.
func TestDatabaseSaidInTheCommandsLanguage(t *testing.T) {
	t.Setenv("KLANTPULS_LANG", "nl")
	p := newProject(t)
	p.adminThenNoAuditLog()
	_, stderr, code := p.run("user", "add", "--email", "lead@example.com")
	if code != 1 || !strings.Contains(stderr, "\nklantpuls: de database zei: ") || strings.Contains(stderr, "the database said") {
		t.Errorf("user add with the audit log refusing: exit %d\n%s\nwant 1 and the line \"klantpuls: de database zei: …\"", code, stderr)
	}
}

// TestDigestRefusalInTheCommandsLanguage: `digest send` refused for good by the mail server says
// what that means in the command's language, the server's reply as it came. A Dutch run said
// "the mail server refused this message for good, …" in English, and so of an address held
// back after a bounce.
func TestDigestRefusalInTheCommandsLanguage(t *testing.T) {
	t.Setenv("KLANTPULS_LANG", "nl")
	srv := smtptest.Start(t)
	p := newProject(t).withLead(srv)
	srv.RejectSender("noreply@example.com", 550, "5.7.1 Client does not have permissions to send as this sender")
	_, stderr, code := p.run("digest", "send", "lead@example.com", "--base-url", "https://klantpuls.example.nl")
	for _, want := range []string{
		"klantpuls: overzicht aan lead@example.com: de mailserver weigerde dit bericht voorgoed, niet het adres " +
			"(er wordt niets tegengehouden); zijn antwoord zegt waarom, vaak de afzender onder [mail] (from, en de SPF, DKIM " +
			"en DMARC van zijn domein), een volle mailbox of de grootte van het bericht: ",
		"5.7.1 Client does not have permissions to send as this sender",
	} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("digest send from a refused sender: exit %d\n%s\nwant 1 saying %q", code, stderr, want)
		}
	}

	srv.AcceptSender("noreply@example.com")
	srv.RejectRecipient("lead@example.com", 550, "5.1.1 no such mailbox")
	_, stderr, code = p.run("digest", "send", "lead@example.com", "--base-url", "https://klantpuls.example.nl")
	for _, want := range []string{
		"klantpuls: overzicht aan lead@example.com: de mailserver weigerde het adres voorgoed (een bounce); het wordt bij " +
			"elke mail tegengehouden tot een beheerder het vrijgeeft op de pagina Enquêtes: ",
		"5.1.1 no such mailbox",
	} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("digest send to a refused address: exit %d\n%s\nwant 1 saying %q", code, stderr, want)
		}
	}

	srv.AcceptRecipient("lead@example.com")
	p.says("klantpuls: overzicht aan lead@example.com: niet verstuurd: een mailserver weigerde het adres eerder voorgoed "+
		"(een bounce); het wordt tegengehouden tot een beheerder het vrijgeeft", 1,
		"digest", "send", "lead@example.com", "--base-url", "https://klantpuls.example.nl")
}
