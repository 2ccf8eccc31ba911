package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/smtptest"
	"github.com/klantpuls/klantpuls/internal/web"
)

// `klantpuls digest schedule` stores a user's schedule and audits it; `digest send` sends their
// digest through the [mail] server now, here a real SMTP server on loopback.
func TestDigestCommands(t *testing.T) {
	inEnglish(t)
	srv := smtptest.Start(t)
	p := newProject(t).withLead(srv)
	for _, bad := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"digest", "schedule", "lead@example.com"}, 2, "choose one of --daily, --weekly DAY, --monthly or --none"},
		{[]string{"digest", "schedule", "lead@example.com", "--weekly", "vrij"}, 2, `--weekly: "vrij" is not a day`},
		// Read by its first three letters, a typo was Monday.
		{[]string{"digest", "schedule", "lead@example.com", "--weekly", "monkey"}, 2, `--weekly: "monkey" is not a day (mon, tue,`},
		{[]string{"digest", "schedule", "lead@example.com", "--daily", "25:00"}, 2, `time "25:00" is not HH:MM`},
		{[]string{"digest", "schedule", "lead@example.com", "--daily", "--monthly"}, 2, "--daily and --monthly can't be used together"},
		{[]string{"digest", "schedule", "nobody@example.com", "--daily"}, 1, "nobody@example.com"},
	} {
		if _, stderr, code := p.run(bad.args...); code != bad.code || !strings.Contains(stderr, bad.want) {
			t.Errorf("%v: exit %d %s; want %d saying %q", bad.args, code, stderr, bad.code, bad.want)
		}
	}
	stdout, stderr, code := p.run("digest", "schedule", "lead@example.com", "--weekly", "Monday", "07:45", "--lang", "en")
	if code != 0 || !strings.Contains(stdout, "weekly on Monday at 07:45 Europe/Amsterdam, in en") {
		t.Fatalf("digest schedule: exit %d %s %s", code, stdout, stderr)
	}
	ctx := context.Background()
	a, err := app.Open(ctx, p.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := a.UserByEmail(ctx, "lead@example.com")
	s, err := a.DigestSchedule(ctx, u.ID)
	if err != nil || s.Frequency != "weekly" || s.Weekday != time.Monday || s.Hour != 7 || s.Minute != 45 || s.Lang != "en" {
		t.Errorf("stored schedule %+v, %v", s, err)
	}
	entries, err := a.AuditLog(ctx, app.AuditQuery{})
	if err != nil || len(entries) == 0 || entries[0].Action != cx.AuditDigestChange || entries[0].Subject != "lead@example.com" ||
		web.AuditDetail("en", entries[0]) != "Weekly on Monday at 07:45, language en" {
		t.Errorf("audit: %+v %v", entries, err)
	}
	a.Close()

	// Set again without --lang: the digest stays English. A daily one names no weekday in the
	// audit trail.
	stdout, stderr, code = p.run("digest", "schedule", "lead@example.com", "--daily", "07:30")
	if code != 0 || !strings.Contains(stdout, "daily at 07:30 Europe/Amsterdam, in en") {
		t.Fatalf("digest schedule again: exit %d %s %s", code, stdout, stderr)
	}
	if a, err = app.Open(ctx, p.db, nil); err != nil {
		t.Fatal(err)
	}
	if s, err := a.DigestSchedule(ctx, u.ID); err != nil || s.Lang != "en" {
		t.Errorf("stored schedule %+v, %v; want its language kept, en", s, err)
	}
	if entries, err := a.AuditLog(ctx, app.AuditQuery{}); err != nil || len(entries) == 0 || web.AuditDetail("en", entries[0]) != "Daily at 07:30, language en" {
		t.Errorf("audit: %+v %v; want daily 07:30 en", entries, err)
	}
	a.Close()

	if _, stderr, code := p.run("digest", "send", "lead@example.com", "--base-url", "https://klantpuls.example.nl"); code != 0 {
		t.Fatalf("digest send: exit %d %s", code, stderr)
	}
	m := srv.Wait(t, 1, 10*time.Second)[0]
	if m.To[0] != "lead@example.com" || !strings.HasPrefix(m.Subject, "klantpuls daily digest: ") ||
		!strings.Contains(m.TextBody, "https://klantpuls.example.nl/digest/unsubscribe?") {
		t.Errorf("sent %q to %v:\n%s", m.Subject, m.To, m.TextBody)
	}
	// A user not there is said plainly, not in the store's words ("store: user … not found").
	for _, args := range [][]string{
		{"digest", "send", "nobody@example.com", "--base-url", "https://klantpuls.example.nl"},
		{"digest", "schedule", "nobody@example.com", "--daily"},
	} {
		if _, stderr, code := p.run(args...); code != 1 || !strings.Contains(stderr, "klantpuls: no user nobody@example.com (klantpuls user list shows them)") {
			t.Errorf("%v: exit %d, want 1 saying there is no such user\n%s", args, code, stderr)
		}
	}
}

// TestDigestSendHonoursABounce: `digest send` sends as the scheduled digests do — a mail server
// that refuses the address for good (550) holds it back, and the next `digest send` to it is
// not put to the server again (it went out, and was refused, each time).
func TestDigestSendHonoursABounce(t *testing.T) {
	inEnglish(t)
	srv := smtptest.Start(t)
	p := newProject(t).withLead(srv)
	srv.RejectRecipient("lead@example.com", 550, "5.1.1 no such mailbox")
	if _, stderr, code := p.run("digest", "send", "lead@example.com", "--base-url", "https://klantpuls.example.nl"); code == 0 || !strings.Contains(stderr, "no such mailbox") {
		t.Fatalf("digest send to a refused address: exit %d %s; want a failure naming the server's refusal", code, stderr)
	}
	held, err := p.bounced("lead@example.com")
	if err != nil || !held {
		t.Fatalf("after a 550 the address is held: %v, %v; want held", held, err)
	}
	// The server would take it now; the hold keeps it from being asked.
	srv.AcceptRecipient("lead@example.com")
	if _, stderr, code := p.run("digest", "send", "lead@example.com", "--base-url", "https://klantpuls.example.nl"); code == 0 || !strings.Contains(stderr, "held back") {
		t.Errorf("digest send to a held address: exit %d %s; want a failure saying it is held back", code, stderr)
	}
	if got := len(srv.Messages()); got != 0 {
		t.Errorf("%d messages reached the server; want none", got)
	}
}

// TestDigestSendRefusalHoldsNothing: `digest send` is how an admin tries a new [mail] setup, and
// every 5xx was a bounce: a server that refuses the sender ("550 5.7.1 Client does not have
// permissions to send as this sender" at MAIL FROM, a wrong from) held the lead's own address
// back from every mail. It holds nothing now, and the command says the message was refused, not
// the address, with the server's reply; the next `digest send`, the setting fixed, goes.
func TestDigestSendRefusalHoldsNothing(t *testing.T) {
	inEnglish(t)
	srv := smtptest.Start(t)
	p := newProject(t).withLead(srv)
	srv.RejectSender("noreply@example.com", 550, "5.7.1 Client does not have permissions to send as this sender")
	_, stderr, code := p.run("digest", "send", "lead@example.com", "--base-url", "https://klantpuls.example.nl")
	if code == 0 || !strings.Contains(stderr, "5.7.1 Client does not have permissions to send as this sender") ||
		!strings.Contains(stderr, "refused this message for good, not the address (nothing is held back); its reply says why, often the [mail] sender settings") {
		t.Fatalf("digest send from a refused sender: exit %d %s; want a failure giving the server's reply, saying the address is not held", code, stderr)
	}
	held, err := p.bounced("lead@example.com")
	if err != nil || held {
		t.Fatalf("after a 550 5.7.1 to MAIL FROM the address is held: %v, %v; want not held", held, err)
	}
	srv.AcceptSender("noreply@example.com")
	if _, stderr, code := p.run("digest", "send", "lead@example.com", "--base-url", "https://klantpuls.example.nl"); code != 0 {
		t.Fatalf("digest send once the server takes the sender: exit %d %s", code, stderr)
	}
	srv.Wait(t, 1, 10*time.Second)
}

// withLead is p mailing through srv ([mail] from noreply@example.com, no TLS) with a manager,
// lead@example.com, to send digests to.
func (p *project) withLead(srv *smtptest.Server) *project {
	p.t.Helper()
	p.withConfig(fmt.Sprintf("[mail]\nhost = %q\nport = %d\ntls = \"none\"\nfrom = \"klantpuls <noreply@example.com>\"\n", srv.Host(), srv.Port()))
	p.t.Setenv("KLANTPULS_USER_PASSWORD", "klantpuls-demo")
	if _, stderr, code := p.run("user", "add", "--email", "lead@example.com", "--role", "manager"); code != 0 {
		p.t.Fatalf("user add: %s", stderr)
	}
	return p
}

// bounced tells whether p's database holds address back after a bounce.
func (p *project) bounced(address string) (bool, error) {
	ctx := context.Background()
	a, err := app.Open(ctx, p.db, nil)
	if err != nil {
		return false, err
	}
	defer a.Close()
	return a.Bounced(ctx, address)
}
