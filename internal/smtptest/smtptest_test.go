package smtptest

import (
	"errors"
	"net/smtp"
	"net/textproto"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// crlf writes a test message the way it goes over the wire.
func crlf(lines ...string) []byte {
	return []byte(strings.Join(lines, "\r\n") + "\r\n")
}

func TestParse(t *testing.T) {
	tests := []struct {
		name                 string
		data                 []byte
		subject              string
		body, textBody, html string
	}{
		{
			name: "plain quoted-printable with an encoded subject",
			data: crlf(
				"From: a@example.com",
				"To: b@example.com",
				"Subject: =?UTF-8?q?Caf=C3=A9_=E2=82=AC5?=",
				"Content-Type: text/plain; charset=UTF-8",
				"Content-Transfer-Encoding: quoted-printable",
				"",
				"Caf=C3=A9 =E2=82=AC5, a long line that is br=",
				"oken softly",
			),
			subject:  "Café €5",
			body:     "Café €5, a long line that is broken softly\n",
			textBody: "Café €5, a long line that is broken softly\n",
		},
		{
			name:     "no content type is plain text",
			data:     crlf("Subject: hi", "", "hello", "world"),
			subject:  "hi",
			body:     "hello\nworld\n",
			textBody: "hello\nworld\n",
		},
		{
			name:    "single html part",
			data:    crlf("Subject: x", "Content-Type: text/html", "", "<p>hi</p>"),
			subject: "x",
			body:    "<p>hi</p>\n",
			html:    "<p>hi</p>\n",
		},
		{
			name: "alternative inside mixed, base64 html, attachment skipped",
			data: crlf(
				"Subject: report",
				"MIME-Version: 1.0",
				`Content-Type: multipart/mixed; boundary="outer"`,
				"",
				"--outer",
				`Content-Type: multipart/alternative; boundary="inner"`,
				"",
				"--inner",
				"Content-Type: text/plain; charset=UTF-8",
				"Content-Transfer-Encoding: quoted-printable",
				"",
				"=F0=9F=98=80 text",
				"--inner",
				"Content-Type: text/html; charset=UTF-8",
				"Content-Transfer-Encoding: base64",
				"",
				"PHA+8J+YgCBodG1s",
				"PC9wPg==",
				"--inner--",
				"--outer",
				"Content-Type: text/plain",
				`Content-Disposition: attachment; filename="x.txt"`,
				"",
				"not the body",
				"--outer--",
			),
			subject:  "report",
			body:     "😀 text",
			textBody: "😀 text",
			html:     "<p>😀 html</p>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := parse(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if m.Subject != tt.subject {
				t.Errorf("Subject = %q, want %q", m.Subject, tt.subject)
			}
			if m.Body != tt.body {
				t.Errorf("Body = %q, want %q", m.Body, tt.body)
			}
			if m.TextBody != tt.textBody {
				t.Errorf("TextBody = %q, want %q", m.TextBody, tt.textBody)
			}
			if m.HTMLBody != tt.html {
				t.Errorf("HTMLBody = %q, want %q", m.HTMLBody, tt.html)
			}
		})
	}
}

func TestServer(t *testing.T) {
	msg := crlf("From: a@example.com", "To: b@example.com", "Subject: hi", "", "hello")
	tests := []struct {
		name    string
		setup   func(*Server)
		auth    smtp.Auth
		to      []string
		wantErr string // part of the error, "" for success
		user    string
	}{
		{name: "without auth", to: []string{"b@example.com"}},
		{
			name:  "with auth",
			setup: func(s *Server) { s.AddUser("klantpuls", "geheim") },
			auth:  smtp.PlainAuth("", "klantpuls", "geheim", "127.0.0.1"),
			to:    []string{"b@example.com", "c@example.com"},
			user:  "klantpuls",
		},
		{
			name:    "wrong password",
			setup:   func(s *Server) { s.AddUser("klantpuls", "geheim") },
			auth:    smtp.PlainAuth("", "klantpuls", "fout", "127.0.0.1"),
			to:      []string{"b@example.com"},
			wantErr: "535",
		},
		{
			name:    "rejected recipient",
			setup:   func(s *Server) { s.RejectRecipient("B@Example.com", 550, "no such user") },
			to:      []string{"b@example.com"},
			wantErr: "no such user",
		},
		{
			name:    "failing transfer",
			setup:   func(s *Server) { s.Fail(true) },
			to:      []string{"b@example.com"},
			wantErr: "451",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Start(t)
			if tt.setup != nil {
				tt.setup(s)
			}
			err := smtp.SendMail(s.Addr(), tt.auth, "a@example.com", tt.to, msg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one with %q", err, tt.wantErr)
				}
				if got := s.Messages(); len(got) != 0 {
					t.Fatalf("%d messages kept after a failure", len(got))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := s.Wait(t, 1, time.Second)[0]
			if got.From != "a@example.com" || strings.Join(got.To, ",") != strings.Join(tt.to, ",") {
				t.Errorf("envelope = %s → %v, want a@example.com → %v", got.From, got.To, tt.to)
			}
			if got.User != tt.user {
				t.Errorf("User = %q, want %q", got.User, tt.user)
			}
			if got.Body != "hello\n" {
				t.Errorf("Body = %q", got.Body)
			}
		})
	}
}

// TestRefusalAtEachStage: the server refuses a sender at MAIL FROM, a recipient at RCPT TO and
// a message at the end of DATA with the code and text it was given — an enhanced status code
// at the start of the text sent as one, none added to a text without one, a text of several
// lines sent as a reply of several lines as it is written — keeps no refused
// message, and counts every RCPT TO it was asked, the refused one too.
func TestRefusalAtEachStage(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*Server)
		stage string // the command refused: MAIL, RCPT or DATA
		code  int
		msg   string // the reply's text as the client reads it, after the code
	}{
		{"sender refused", func(s *Server) { s.RejectSender("A@Example.com", 553, "5.7.1 relay access denied") }, "MAIL", 553, "5.7.1 relay access denied"},
		{"recipient refused with an enhanced code", func(s *Server) { s.RejectRecipient("b@example.com", 550, "5.1.1 user unknown") }, "RCPT", 550, "5.1.1 user unknown"},
		{"recipient refused without one", func(s *Server) { s.RejectRecipient("b@example.com", 550, "no such user") }, "RCPT", 550, "no such user"},
		{"a code of another class is no enhanced code", func(s *Server) { s.RejectRecipient("b@example.com", 550, "4.2.2 full") }, "RCPT", 550, "4.2.2 full"},
		{"message refused", func(s *Server) { s.RejectData(550, "5.7.26 unauthenticated email from example.com is not accepted") }, "DATA", 550, "5.7.26 unauthenticated email from example.com is not accepted"},
		{"a reply of several lines, each with its enhanced code", func(s *Server) {
			s.RejectRecipient("b@example.com", 550, "5.1.1 The email account that you tried to reach does not exist.\n5.1.1  https://support.google.com/mail/?p=NoSuchUser - gsmtp")
		}, "RCPT", 550, "5.1.1 The email account that you tried to reach does not exist.\n5.1.1  https://support.google.com/mail/?p=NoSuchUser - gsmtp"},
		{"a reply of several lines without one", func(s *Server) {
			s.RejectRecipient("b@example.com", 550, "Please turn on SMTP Authentication in your mail client.\nNot permitted to relay.")
		}, "RCPT", 550, "Please turn on SMTP Authentication in your mail client.\nNot permitted to relay."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Start(t)
			tt.setup(s)
			stage, err := converse(s.Addr(), "a@example.com", "b@example.com", crlf("Subject: hi", "", "hello"))
			var te *textproto.Error
			if !errors.As(err, &te) || stage != tt.stage || te.Code != tt.code || te.Msg != tt.msg {
				t.Fatalf("refused at %s with %v; want %s refused with %d %s", stage, err, tt.stage, tt.code, tt.msg)
			}
			if got := len(s.Messages()); got != 0 {
				t.Errorf("%d messages kept after a refusal", got)
			}
			wantAsked := "b@example.com"
			if tt.stage == "MAIL" {
				wantAsked = ""
			}
			if got := strings.Join(s.Asked(), ","); got != wantAsked {
				t.Errorf("Asked = %q, want %q", got, wantAsked)
			}
		})
	}

	// Taken back, the message goes.
	s := Start(t)
	s.RejectData(554, "5.6.0 content rejected")
	s.RejectData(0, "")
	s.RejectSender("a@example.com", 553, "5.7.1 relay access denied")
	s.AcceptSender("A@example.com")
	if stage, err := converse(s.Addr(), "a@example.com", "b@example.com", crlf("Subject: hi", "", "hello")); err != nil {
		t.Fatalf("after RejectData(0) and AcceptSender: refused at %s: %v", stage, err)
	}
	s.Wait(t, 1, time.Second)
}

// converse sends msg from one address to another step by step, and says at which command
// (MAIL, RCPT, DATA) it was refused.
func converse(addr, from, to string, msg []byte) (string, error) {
	c, err := smtp.Dial(addr)
	if err != nil {
		return "dial", err
	}
	defer c.Close()
	if err := c.Mail(from); err != nil {
		return "MAIL", err
	}
	if err := c.Rcpt(to); err != nil {
		return "RCPT", err
	}
	w, err := c.Data()
	if err != nil {
		return "DATA", err
	}
	if _, err := w.Write(msg); err != nil {
		return "DATA", err
	}
	if err := w.Close(); err != nil {
		return "DATA", err
	}
	return "", c.Quit()
}

func TestFailOnlyTheNextTransfer(t *testing.T) {
	s := Start(t)
	s.Fail(true)
	msg := crlf("Subject: hi", "", "hello")
	if err := smtp.SendMail(s.Addr(), nil, "a@example.com", []string{"b@example.com"}, msg); err == nil {
		t.Fatal("first send succeeded, want 451")
	}
	if err := smtp.SendMail(s.Addr(), nil, "a@example.com", []string{"b@example.com"}, msg); err != nil {
		t.Fatalf("second send: %v", err)
	}
	if got := len(s.Wait(t, 1, time.Second)); got != 1 {
		t.Fatalf("%d messages, want 1", got)
	}
}

func TestAddress(t *testing.T) {
	s := Start(t)
	if s.Host() != "127.0.0.1" || s.Port() == 0 || !strings.HasSuffix(s.Addr(), ":"+strconv.Itoa(s.Port())) {
		t.Fatalf("Addr %q, Host %q, Port %d", s.Addr(), s.Host(), s.Port())
	}
}

// fatalRecorder stands in for the test given to Wait, to see that Wait fails it.
type fatalRecorder struct {
	testing.TB
	mu     sync.Mutex
	failed bool
}

func (f *fatalRecorder) Helper() {}

func (f *fatalRecorder) Fatalf(string, ...any) {
	f.mu.Lock()
	f.failed = true
	f.mu.Unlock()
	runtime.Goexit()
}

func TestWaitFailsWhenNothingArrives(t *testing.T) {
	s := Start(t)
	rec := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Wait(rec, 1, 10*time.Millisecond)
	}()
	<-done
	if !rec.failed {
		t.Fatal("Wait returned without failing the test")
	}
}
