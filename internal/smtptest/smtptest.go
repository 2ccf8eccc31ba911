// Package smtptest runs a real SMTP server on the loopback interface for tests, so code that sends
// e-mail is tested over the wire (EHLO, AUTH, MAIL, RCPT, DATA) rather than against a fake
// interface. The server keeps every accepted message, parsed, for the test to inspect, and can be
// told to refuse a sender, a recipient or a message, or fail a transfer, to test bounces,
// refusals and retries.
package smtptest

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Server is a running SMTP server. Its methods are safe for concurrent use.
type Server struct {
	smtp *smtp.Server
	addr *net.TCPAddr

	mu       sync.Mutex
	users    map[string]string          // username → password
	rejected map[string]*smtp.SMTPError // lower-case address → reply to RCPT TO
	senders  map[string]*smtp.SMTPError // lower-case address → reply to MAIL FROM
	data     *smtp.SMTPError            // the reply to every message, once read (RejectData); nil: accepted
	asked    []string                   // every RCPT TO's address, refused or not, in order
	failNext bool
	slow     time.Duration // the wait before each DATA is answered (Slow)
	messages []Message
	arrived  chan struct{} // closed and replaced whenever a message arrives; Wait selects on it
}

// Start runs a server on 127.0.0.1 on a free port. It accepts mail with or without
// authentication (AUTH PLAIN, allowed without TLS because the server has none) and stops when
// the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{
		users:    map[string]string{},
		rejected: map[string]*smtp.SMTPError{},
		senders:  map[string]*smtp.SMTPError{},
		arrived:  make(chan struct{}),
	}
	s.smtp = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{server: s}, nil
	}))
	s.smtp.Domain = "smtptest.localhost"
	s.smtp.AllowInsecureAuth = true
	s.smtp.MaxMessageBytes = 10 << 20
	s.smtp.MaxRecipients = 100
	// A client that stalls must not hang the test run past go test's own timeout.
	s.smtp.ReadTimeout = 10 * time.Second
	s.smtp.WriteTimeout = 10 * time.Second
	log := &testLog{t: t}
	s.smtp.ErrorLog = log

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	s.addr = l.Addr().(*net.TCPAddr)
	served := make(chan struct{})
	go func() {
		defer close(served)
		if err := s.smtp.Serve(l); err != nil {
			log.Printf("serve: %v", err)
		}
	}()
	t.Cleanup(func() {
		_ = s.smtp.Close()
		// Serve registers the listener with the server only once its goroutine runs; a test
		// that ends before then would leave Close nothing to close, so close it here too.
		_ = l.Close()
		<-served
		log.stop()
	})
	return s
}

// Addr returns the address the server listens on, "127.0.0.1:port".
func (s *Server) Addr() string { return s.addr.String() }

// Host returns the server's IP address, "127.0.0.1".
func (s *Server) Host() string { return s.addr.IP.String() }

// Port returns the server's port.
func (s *Server) Port() int { return s.addr.Port }

// AddUser lets username log in with password. Without any user, AUTH fails for everyone;
// sending without AUTH is always allowed.
func (s *Server) AddUser(username, password string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[username] = password
}

// RejectRecipient makes RCPT TO for addr (compared without regard to case) fail with code and
// msg (reply): a 5xx code is a refusal for good, a 4xx one a temporary refusal.
func (s *Server) RejectRecipient(addr string, code int, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejected[strings.ToLower(addr)] = reply(code, msg)
}

// RejectSender makes MAIL FROM for addr (compared without regard to case) fail with code and
// msg (reply), as a server does that will not relay for it or finds its domain's SPF failing.
func (s *Server) RejectSender(addr string, code int, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.senders[strings.ToLower(addr)] = reply(code, msg)
}

// AcceptSender takes back RejectSender for addr.
func (s *Server) AcceptSender(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.senders, strings.ToLower(addr))
}

// RejectData makes every message fail with code and msg (reply) once the server has read it,
// as a content filter or a DMARC check answers the end of DATA; code 0 takes it back.
func (s *Server) RejectData(code int, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data = nil
	if code != 0 {
		s.data = reply(code, msg)
	}
}

// reply is a refusal with code and msg. A msg that begins with an enhanced status code of the
// code's class (RFC 3463: "5.1.1 user unknown" after 550) is sent as a server sends one; any
// other msg goes without one ("550 no such user"), as a server sends that has none — go-smtp
// would otherwise add X.0.0, and a test could not say what a server without them says. A msg
// of several lines ("\n" between them) goes as written, a line of the reply each ("550-" before
// all but the last): a server that gives an enhanced code writes it on every line itself
// (Gmail's "550-5.1.1 The email account …"), where go-smtp would put it on the last alone.
func reply(code int, msg string) *smtp.SMTPError {
	e := &smtp.SMTPError{Code: code, EnhancedCode: smtp.NoEnhancedCode, Message: msg}
	if strings.Contains(msg, "\n") {
		return e
	}
	first, rest, _ := strings.Cut(msg, " ")
	parts := strings.Split(first, ".")
	if len(parts) != 3 || parts[0] != strconv.Itoa(code/100) {
		return e
	}
	var ec smtp.EnhancedCode
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 999 {
			return e
		}
		ec[i] = n
	}
	e.EnhancedCode, e.Message = ec, rest
	return e
}

// AcceptRecipient takes back RejectRecipient for addr: its mailbox works again.
func (s *Server) AcceptRecipient(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.rejected, strings.ToLower(addr))
}

// Fail(true) makes the next DATA fail with 451 after the message was read, as a server whose
// disk is full does; only that one transfer fails. Fail(false) takes it back.
func (s *Server) Fail(next bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = next
}

// Slow makes the server answer each DATA d after it read the message, as a server that scans
// mail before it accepts it: the message arrives (Messages) when the answer goes.
func (s *Server) Slow(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slow = d
}

// Asked returns the address of every RCPT TO the server was sent so far, refused or not, in
// order: a test can tell that a refused address was not asked again.
func (s *Server) Asked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.asked...)
}

// AskedFor is how many times the server was asked to deliver to address (RCPT TO, refused or
// not), the address compared in any case.
func (s *Server) AskedFor(address string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, to := range s.asked {
		if strings.EqualFold(to, address) {
			n++
		}
	}
	return n
}

// Messages returns the messages accepted so far, in order of arrival.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Wait returns the messages once at least n arrived, and fails the test if they did not within
// the given time. Waiting on arrival, not sleeping, keeps tests both fast and reliable.
func (s *Server) Wait(t testing.TB, n int, within time.Duration) []Message {
	t.Helper()
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		messages, arrived := append([]Message(nil), s.messages...), s.arrived
		s.mu.Unlock()
		if len(messages) >= n {
			return messages
		}
		select {
		case <-arrived:
		case <-deadline.C:
			t.Fatalf("smtptest: %d message(s) arrived within %s, want %d", len(messages), within, n)
			return nil
		}
	}
}

func (s *Server) authenticate(username, password string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	want, ok := s.users[username]
	return ok && want == password
}

// rejection is the reply to RCPT TO for addr, nil when it is accepted; the address is counted
// as asked either way.
func (s *Server) rejection(addr string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.asked = append(s.asked, addr)
	if e, ok := s.rejected[strings.ToLower(addr)]; ok {
		return e
	}
	return nil
}

// senderRejection is the reply to MAIL FROM for addr, nil when it is accepted.
func (s *Server) senderRejection(addr string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.senders[strings.ToLower(addr)]; ok {
		return e
	}
	return nil
}

// dataRejection is the reply to a message read, nil when it is accepted.
func (s *Server) dataRejection() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data != nil {
		return s.data
	}
	return nil
}

// takeFailure reports whether this transfer is the one to fail, and disarms the failure.
func (s *Server) takeFailure() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	fail := s.failNext
	s.failNext = false
	return fail
}

func (s *Server) deliver(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, m)
	close(s.arrived)
	s.arrived = make(chan struct{})
}

// session is one SMTP connection. go-smtp calls its methods from the connection's goroutine
// only, so its own fields need no lock.
type session struct {
	server *Server
	user   string
	from   string
	to     []string
}

func (ss *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (ss *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if !ss.server.authenticate(username, password) {
			// An *smtp.SMTPError is sent as it is: 535, as real servers answer a wrong
			// password (a plain error would go out as 454, a temporary failure).
			return smtp.ErrAuthFailed
		}
		ss.user = username
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if err := ss.server.senderRejection(from); err != nil {
		return err
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := ss.server.rejection(to); err != nil {
		return err
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.server.mu.Lock()
	slow := ss.server.slow
	ss.server.mu.Unlock()
	time.Sleep(slow)
	if ss.server.takeFailure() {
		return &smtp.SMTPError{
			Code:         451,
			EnhancedCode: smtp.EnhancedCode{4, 3, 0},
			Message:      "smtptest: failing this transfer as asked",
		}
	}
	if err := ss.server.dataRejection(); err != nil {
		return err
	}
	m, err := parse(data)
	if err != nil {
		// A message the server cannot read is a bug in the code under test: refusing it
		// makes the send fail there, instead of a confusing assertion later.
		return &smtp.SMTPError{
			Code:         554,
			EnhancedCode: smtp.EnhancedCode{5, 6, 0},
			Message:      "smtptest: unreadable message: " + err.Error(),
		}
	}
	m.From, m.To, m.User = ss.from, append([]string(nil), ss.to...), ss.user
	ss.server.deliver(m)
	return nil
}

func (ss *session) Reset() { ss.from, ss.to = "", nil }

func (ss *session) Logout() error { return nil }

// testLog sends the server's own complaints to the test log until the test ends; after that
// a late connection goroutine logging would make the testing package panic.
type testLog struct {
	mu      sync.Mutex
	t       testing.TB
	stopped bool
}

func (l *testLog) Printf(format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.t.Logf("smtptest: "+format, v...)
	}
}

func (l *testLog) Println(v ...any) {
	l.Printf("%s", strings.TrimSuffix(fmt.Sprintln(v...), "\n"))
}

func (l *testLog) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
}

// Compile-time checks that session offers AUTH; without it go-smtp would silently not
// advertise the extension.
var _ smtp.AuthSession = (*session)(nil)
