package mail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/smtptest"
)

// config points at the test server without TLS: smtptest has none, and go-mail allows AUTH
// PLAIN without TLS to 127.0.0.1.
func config(s *smtptest.Server) Config {
	return Config{
		Host: s.Host(), Port: s.Port(), TLS: TLSNone,
		From:    "klantpuls <noreply@example.com>",
		Timeout: 5 * time.Second,
	}
}

func send(t *testing.T, c Config, m Message) error {
	t.Helper()
	sender, err := NewSMTP(c)
	if err != nil {
		t.Fatalf("NewSMTP: %v", err)
	}
	return sender.Send(context.Background(), m)
}

func TestSend(t *testing.T) {
	const (
		subject = "Hoe tevreden bent u? Café, €5 😀"
		text    = "Beste Jan,\nPrijs: €5 — café 😀\nEen regel die langer is dan zesenzeventig tekens, zodat quoted-printable hem moet afbreken.\n"
		html    = "<p>Beste Jan,</p><p>Prijs: €5 — café 😀</p>"
	)
	tests := []struct {
		name  string
		setup func(*smtptest.Server, *Config)
		msg   Message
		check func(*testing.T, smtptest.Message)
	}{
		{
			name: "text only",
			msg:  Message{To: "Jan de Vries <jan@example.nl>", Subject: subject, Text: text},
			check: func(t *testing.T, got smtptest.Message) {
				if mt, params, _ := mime.ParseMediaType(got.Header.Get("Content-Type")); mt != "text/plain" || !strings.EqualFold(params["charset"], "utf-8") {
					t.Errorf("Content-Type = %q, want text/plain; charset=UTF-8", got.Header.Get("Content-Type"))
				}
				if got.TextBody != text || got.HTMLBody != "" {
					t.Errorf("text %q, html %q; want text %q and no html", got.TextBody, got.HTMLBody, text)
				}
			},
		},
		{
			name: "text and html",
			msg:  Message{To: "jan@example.nl", Subject: subject, Text: text, HTML: html},
			check: func(t *testing.T, got smtptest.Message) {
				if mt, _, _ := mime.ParseMediaType(got.Header.Get("Content-Type")); mt != "multipart/alternative" {
					t.Errorf("Content-Type = %q, want multipart/alternative", got.Header.Get("Content-Type"))
				}
				if got.TextBody != text {
					t.Errorf("text = %q, want %q", got.TextBody, text)
				}
				if got.HTMLBody != html {
					t.Errorf("html = %q, want %q", got.HTMLBody, html)
				}
			},
		},
		{
			name: "extra headers",
			msg: Message{To: "jan@example.nl", Subject: subject, Text: text, Headers: map[string]string{
				"List-Unsubscribe":      "<https://klantpuls.example/afmelden?t=abc123>, <mailto:afmelden@example.com>",
				"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
				"Reply-To":              "Klantenservice <service@example.nl>",
			}},
			check: func(t *testing.T, got smtptest.Message) {
				for name, want := range map[string]string{
					"List-Unsubscribe":      "<https://klantpuls.example/afmelden?t=abc123>, <mailto:afmelden@example.com>",
					"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
					"Reply-To":              `"Klantenservice" <service@example.nl>`,
				} {
					if v := got.Header.Get(name); v != want {
						t.Errorf("%s = %q, want %q", name, v, want)
					}
				}
			},
		},
		{
			name: "with login",
			setup: func(s *smtptest.Server, c *Config) {
				s.AddUser("klantpuls", "geheim wachtwoord")
				c.Username, c.Password = "klantpuls", "geheim wachtwoord"
			},
			msg: Message{To: "jan@example.nl", Subject: subject, Text: text},
			check: func(t *testing.T, got smtptest.Message) {
				if got.User != "klantpuls" {
					t.Errorf("logged in as %q, want klantpuls", got.User)
				}
			},
		},
		{
			// A subject carries names from the data (an alert rule's, a team's): a line break in
			// it must not end the Subject field and start a Bcc of the writer's choosing, or the
			// body. RFC 2047 encodes it, and the reader decodes the subject as it was written.
			name: "a line break in the subject",
			msg:  Message{To: "jan@example.nl", Subject: "Noord\r\nBcc: mallory@example.com\r\n\r\n<b>nep</b>", Text: text},
			check: func(t *testing.T, got smtptest.Message) {
				if bcc := got.Header.Get("Bcc"); bcc != "" || strings.Contains(string(got.Data), "\r\nBcc:") {
					t.Errorf("the subject's line break started a header: Bcc %q\n%s", bcc, got.Data)
				}
				if got.TextBody != text {
					t.Errorf("the subject's line break reached the body: %q", got.TextBody)
				}
			},
		},
		{
			// A customer's comment in an alert's text: a line of only "." would end the message
			// there and let the rest be read as SMTP commands (SMTP smuggling) unless it is
			// dot-stuffed (RFC 5321 section 4.5.2), with CR LF or a bare LF around it.
			name: "a comment with a line of only a dot",
			msg:  Message{To: "jan@example.nl", Subject: "x", Text: "Klacht\r\n.\r\nRCPT TO:<mallory@example.com>\r\n\n.\nRSET\n"},
			check: func(t *testing.T, got smtptest.Message) {
				if want := "Klacht\n.\nRCPT TO:<mallory@example.com>\n\n.\nRSET\n"; got.TextBody != want {
					t.Errorf("text = %q, want %q", got.TextBody, want)
				}
			},
		},
		{
			name:  "opportunistic TLS on a server without STARTTLS",
			setup: func(_ *smtptest.Server, c *Config) { c.TLS = TLSOpportunistic },
			msg:   Message{To: "jan@example.nl", Subject: subject, Text: text},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := smtptest.Start(t)
			c := config(s)
			if tt.setup != nil {
				tt.setup(s, &c)
			}
			if err := send(t, c, tt.msg); err != nil {
				t.Fatal(err)
			}
			got := s.Wait(t, 1, 5*time.Second)[0]
			checkCommon(t, got, tt.msg)
			if tt.check != nil {
				tt.check(t, got)
			}
		})
	}
}

// checkCommon checks what every message must have: envelope, From, To, the decoded subject,
// and a Message-ID and Date that mail clients accept.
func checkCommon(t *testing.T, got smtptest.Message, sent Message) {
	t.Helper()
	to, _ := netmail.ParseAddress(sent.To)
	if got.From != "noreply@example.com" || len(got.To) != 1 || got.To[0] != to.Address {
		t.Errorf("envelope %s → %v, want noreply@example.com → [%s]", got.From, got.To, to.Address)
	}
	if from, err := got.Header.AddressList("From"); err != nil || len(from) != 1 || from[0].Name != "klantpuls" || from[0].Address != "noreply@example.com" {
		t.Errorf("From = %q (%v), want klantpuls <noreply@example.com>", got.Header.Get("From"), err)
	}
	if hto, err := got.Header.AddressList("To"); err != nil || len(hto) != 1 || hto[0].Address != to.Address || hto[0].Name != to.Name {
		t.Errorf("To = %q (%v), want %s", got.Header.Get("To"), err, sent.To)
	}
	if got.Subject != sent.Subject {
		t.Errorf("Subject = %q, want %q", got.Subject, sent.Subject)
	}
	if id := got.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@example.com>") {
		t.Errorf("Message-ID = %q, want <…@example.com>", id)
	}
	if d, err := got.Header.Date(); err != nil || time.Since(d).Abs() > time.Minute {
		t.Errorf("Date = %q (%v), want now", got.Header.Get("Date"), err)
	}
	if got.Header.Get("MIME-Version") != "1.0" {
		t.Errorf("MIME-Version = %q", got.Header.Get("MIME-Version"))
	}
}

func TestSendFailures(t *testing.T) {
	valid := Message{To: "jan@example.nl", Subject: "Onderwerp", Text: "Tekst"}
	tests := []struct {
		name      string
		setup     func(*smtptest.Server, *Config)
		msg       Message
		permanent bool
		wantErr   string // part of the error text
	}{
		{
			name: "wrong password",
			setup: func(s *smtptest.Server, c *Config) {
				s.AddUser("klantpuls", "geheim")
				c.Username, c.Password = "klantpuls", "fout"
			},
			msg: valid, wantErr: "535",
		},
		{
			name:  "unknown recipient",
			setup: func(s *smtptest.Server, _ *Config) { s.RejectRecipient("jan@example.nl", 550, "no such user") },
			msg:   valid, permanent: true, wantErr: "550",
		},
		{
			name:  "recipient's mailbox busy",
			setup: func(s *smtptest.Server, _ *Config) { s.RejectRecipient("jan@example.nl", 450, "mailbox busy") },
			msg:   valid, wantErr: "450",
		},
		{
			name:  "transfer fails with 451",
			setup: func(s *smtptest.Server, _ *Config) { s.Fail(true) },
			msg:   valid, wantErr: "451",
		},
		{
			name:  "server down",
			setup: func(_ *smtptest.Server, c *Config) { c.Port = closedPort(t) },
			msg:   valid, wantErr: "refused",
		},
		{
			name: "STARTTLS required but not offered",
			setup: func(s *smtptest.Server, c *Config) {
				s.AddUser("klantpuls", "geheim")
				c.Username, c.Password, c.TLS = "klantpuls", "geheim", TLSStartTLS
			},
			msg: valid, wantErr: "STARTTLS",
		},
		{
			name:  "implicit TLS to a plain server",
			setup: func(_ *smtptest.Server, c *Config) { c.TLS = TLSImplicit },
			msg:   valid, wantErr: "tls",
		},
		{
			// 127.0.0.2 is this machine too, but go-mail cannot know that: to it, it is another
			// host, and the password must not cross the network unencrypted.
			name: "login without TLS to another host",
			setup: func(s *smtptest.Server, c *Config) {
				s.AddUser("klantpuls", "geheim")
				c.Host, c.Port = "127.0.0.2", forward(t, "127.0.0.2", s.Addr())
				c.Username, c.Password, c.TLS = "klantpuls", "geheim", TLSOpportunistic
			},
			msg: valid, wantErr: "unencrypted",
		},
		{name: "recipient not an address", msg: Message{To: "jan at example", Subject: "x", Text: "x"}, permanent: true, wantErr: "not an address"},
		{name: "no text", msg: Message{To: "jan@example.nl", Subject: "x", HTML: "<p>x</p>"}, permanent: true, wantErr: "no text"},
		{name: "no subject", msg: Message{To: "jan@example.nl", Text: "x"}, permanent: true, wantErr: "no subject"},
		{
			name:      "header the sender sets",
			msg:       Message{To: "jan@example.nl", Subject: "x", Text: "x", Headers: map[string]string{"subject": "y"}},
			permanent: true, wantErr: "set by the sender",
		},
		{
			name:      "line break in a header",
			msg:       Message{To: "jan@example.nl", Subject: "x", Text: "x", Headers: map[string]string{"X-Tag": "a\r\nBcc: b@example.com"}},
			permanent: true, wantErr: "line break",
		},
		{
			name:      "bad header name",
			msg:       Message{To: "jan@example.nl", Subject: "x", Text: "x", Headers: map[string]string{"X Tag": "a"}},
			permanent: true, wantErr: "not a header name",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := smtptest.Start(t)
			c := config(s)
			if tt.setup != nil {
				tt.setup(s, &c)
			}
			err := send(t, c, tt.msg)
			if err == nil {
				t.Fatal("sent, want an error")
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want one with %q", err, tt.wantErr)
			}
			if got := IsPermanent(err); got != tt.permanent {
				t.Errorf("IsPermanent = %v, want %v (err: %v)", got, tt.permanent, err)
			}
			if c.Password != "" && strings.Contains(err.Error(), c.Password) {
				t.Errorf("error shows the password: %v", err)
			}
			if n := len(s.Messages()); n != 0 {
				t.Errorf("%d messages arrived", n)
			}
		})
	}
}

// closedPort returns a port on 127.0.0.1 where nothing listens.
func closedPort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

// forward listens on host and copies each connection to and from target, so the test server
// can be reached under another address.
func forward(t *testing.T, host, target string) int {
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		t.Skipf("cannot listen on %s: %v", host, err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			in, err := l.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			go func() { io.Copy(out, in); out.Close() }()
			go func() { io.Copy(in, out); in.Close() }()
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

// silentServer accepts connections and never answers, like a server that hangs.
func silentServer(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().(*net.TCPAddr).Port
}

func TestSendGivesUpOnAHangingServer(t *testing.T) {
	valid := Message{To: "jan@example.nl", Subject: "Onderwerp", Text: "Tekst"}
	tests := []struct {
		name    string
		timeout time.Duration
		ctx     func() (context.Context, context.CancelFunc)
		wantIs  error
	}{
		{
			name: "timeout", timeout: 200 * time.Millisecond,
			ctx: func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) },
		},
		{
			name: "context deadline", timeout: time.Minute, wantIs: context.DeadlineExceeded,
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 200*time.Millisecond)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sender, err := NewSMTP(Config{Host: "127.0.0.1", Port: silentServer(t), TLS: TLSNone,
				From: "noreply@example.com", Timeout: tt.timeout})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := tt.ctx()
			defer cancel()
			start := time.Now()
			err = sender.Send(ctx, valid)
			if err == nil {
				t.Fatal("sent to a server that never answered")
			}
			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Errorf("gave up after %s", elapsed)
			}
			if IsPermanent(err) {
				t.Errorf("IsPermanent = true for %v", err)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("err = %v, want %v", err, tt.wantIs)
			}
		})
	}
}

func TestSendConcurrently(t *testing.T) {
	s := smtptest.Start(t)
	sender, err := NewSMTP(config(s))
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	errs := make(chan error, n)
	for i := range n {
		go func() {
			errs <- sender.Send(context.Background(), Message{
				To: fmt.Sprintf("klant%d@example.nl", i), Subject: fmt.Sprintf("Enquête %d", i), Text: "Tekst",
			})
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	got := s.Wait(t, n, 5*time.Second)
	seen := map[string]bool{}
	for _, m := range got {
		seen[m.To[0]] = true
	}
	if len(seen) != n {
		t.Errorf("%d distinct recipients, want %d", len(seen), n)
	}
}

// TestFailedNamesNoRecipient: a send error's text says "the recipient" wherever it named the
// address, in any case of letters, as the library's list and the server's reply quote it.
func TestFailedNamesNoRecipient(t *testing.T) {
	for _, tt := range []struct{ to, err, want string }{
		{"anna@example.nl", "550 5.1.1 <Anna@Example.nl>: user unknown, affected recipient(s): <anna@example.nl>",
			"550 5.1.1 <the recipient>: user unknown, affected recipient(s): <the recipient>"},
		{"Anna de Vries <anna@example.nl>", "send to Anna de Vries <anna@example.nl>: 421 busy",
			"send to the recipient: 421 busy"},
	} {
		if got := failed(Message{To: tt.to}, permanent, errors.New(tt.err)).Error(); got != tt.want {
			t.Errorf("to %q: %q, want %q", tt.to, got, tt.want)
		}
	}
}
