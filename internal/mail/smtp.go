package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"fmt"
	"net"
	netmail "net/mail"
	"sort"
	"strconv"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// SMTP sends mail through an SMTP server. It opens one connection per message: klantpuls sends
// few messages, and a connection that is never shared cannot be left half-way through another
// message, so *SMTP is safe for concurrent use without locks.
type SMTP struct {
	config Config
	from   *netmail.Address
	domain string      // of the sender, for Message-IDs
	tls    *tls.Config // for STARTTLS and implicit TLS alike; never modified after NewSMTP
}

var _ Sender = (*SMTP)(nil)

// NewSMTP checks c and returns a sender that uses it.
func NewSMTP(c Config) (*SMTP, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = c.withDefaults()
	from, err := Address(c.From)
	if err != nil { // Validate parsed it already; kept so a change there cannot panic here.
		return nil, invalid("mail.from", "not an address: %q", c.From)
	}
	return &SMTP{
		config: c,
		from:   from,
		domain: from.Address[strings.LastIndex(from.Address, "@")+1:],
		tls:    &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12},
	}, nil
}

// Send sends m, and returns once the server accepted it for delivery (or refused it). A
// cancelled ctx abandons the conversation with the server at once; otherwise each step is
// bounded by Config.Timeout.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := s.compose(m)
	if err != nil {
		return failed(m, permanent, fmt.Errorf("mail: %w", err))
	}

	// go-mail leaves a connection open when the conversation fails before MAIL FROM (a refused
	// login, a missing STARTTLS) or when QUIT fails, and it honours ctx only while dialling.
	// Dialling here keeps hold of the connection, to close it when ctx ends and after Send.
	var conn net.Conn
	stop := func() bool { return false }
	dial := func(dialCtx context.Context, network, _ string) (net.Conn, error) {
		c, err := s.dial(dialCtx, network)
		if err != nil {
			return nil, err
		}
		conn = c
		stop = context.AfterFunc(ctx, func() { _ = c.Close() })
		return c, nil
	}
	client, err := gomail.NewClient(s.config.Host, s.options(dial)...)
	if err == nil {
		err = client.DialAndSendWithContext(ctx, msg)
	}
	stop()
	if conn != nil {
		_ = conn.Close()
	}
	// Accepted is accepted: a failure after the server took the message (QUIT) must not make
	// the caller send it twice.
	if err == nil || msg.IsDelivered() {
		return nil
	}
	if ctx.Err() != nil {
		err = fmt.Errorf("%w (%w)", ctx.Err(), err)
	}
	return failed(m, refusalOf(err), fmt.Errorf("mail: send via %s: %w", s.addr(), err))
}

func (s *SMTP) addr() string {
	return net.JoinHostPort(s.config.Host, strconv.Itoa(s.config.Port))
}

func (s *SMTP) dial(ctx context.Context, network string) (net.Conn, error) {
	d := &net.Dialer{}
	if s.config.TLS == TLSImplicit {
		return (&tls.Dialer{NetDialer: d, Config: s.tls}).DialContext(ctx, network, s.addr())
	}
	return d.DialContext(ctx, network, s.addr())
}

func (s *SMTP) options(dial gomail.DialContextFunc) []gomail.Option {
	opts := []gomail.Option{
		gomail.WithPort(s.config.Port),
		gomail.WithTimeout(s.config.Timeout),
		gomail.WithDialContextFunc(dial),
		gomail.WithTLSConfig(s.tls),
		// A fresh connection carries one message: NOOP before it and RSET after it only add
		// round trips, and a failed RSET would report a delivered message as failed.
		gomail.WithoutNoop(),
		gomail.WithoutRset(),
	}
	switch s.config.TLS {
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSOpportunistic:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case TLSImplicit:
		// dial wraps the connection in TLS; go-mail must then not try STARTTLS.
		opts = append(opts, gomail.WithSSL())
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.config.Username != "" {
		// PLAIN and LOGIN are what providers offer. go-mail refuses to send either over an
		// unencrypted connection except to localhost, so with "opportunistic" or "none" the
		// password is never sent in the clear to another machine.
		opts = append(opts,
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(s.config.Username),
			gomail.WithPassword(s.config.Password),
		)
	}
	return opts
}

// reserved are the header fields Send sets itself; a Message may not override them.
var reserved = map[string]bool{
	"from": true, "sender": true, "to": true, "cc": true, "bcc": true, "subject": true,
	"date": true, "message-id": true, "mime-version": true, "content-type": true,
	"content-transfer-encoding": true, "return-path": true,
}

// compose turns m into a go-mail message: UTF-8, quoted-printable, multipart/alternative when
// there is HTML, with a Message-ID in the sender's domain (one with the machine's host name,
// go-mail's default, reads as spam to some filters) and a Date.
func (s *SMTP) compose(m Message) (*gomail.Msg, error) {
	to, err := Address(m.To)
	if err != nil {
		return nil, fmt.Errorf("to: not an address (%w)", err)
	}
	if strings.TrimSpace(m.Subject) == "" {
		return nil, fmt.Errorf("message to %s has no subject", to.Address)
	}
	if strings.TrimSpace(m.Text) == "" {
		return nil, fmt.Errorf("message to %s has no text", to.Address)
	}
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP),
		gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(s.from)
	msg.ToMailAddress(to)
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(s.messageID())
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, in := range m.Inline {
		if !fieldName(in.ContentID) || strings.ContainsAny(in.ContentID, "<>") || in.Type == "" {
			return nil, fmt.Errorf("inline %q: not a Content-ID with a type", in.ContentID)
		}
		// go-mail writes embeds base64-encoded, with Content-ID <ContentID> and inline disposition.
		err := msg.EmbedReader(in.Name, bytes.NewReader(in.Data),
			gomail.WithFileContentID("<"+in.ContentID+">"), gomail.WithFileContentType(gomail.ContentType(in.Type)))
		if err != nil {
			return nil, fmt.Errorf("inline %q: %w", in.ContentID, err)
		}
	}
	names := make([]string, 0, len(m.Headers))
	for name := range m.Headers {
		names = append(names, name)
	}
	sort.Strings(names) // the first bad header reported is the same every time
	for _, name := range names {
		if err := setHeader(msg, name, m.Headers[name]); err != nil {
			return nil, err
		}
	}
	return msg, nil
}

func setHeader(msg *gomail.Msg, name, value string) error {
	switch {
	case !fieldName(name):
		return fmt.Errorf("header %q: not a header name", name)
	case reserved[strings.ToLower(name)]:
		return fmt.Errorf("header %s: set by the sender, not by a message", name)
	case strings.ContainsAny(value, "\r\n"):
		// A line break in a value would start a header of the reader's choosing.
		return fmt.Errorf("header %s: line break in value", name)
	case strings.EqualFold(name, "Reply-To"):
		if err := msg.ReplyTo(value); err != nil {
			return fmt.Errorf("header Reply-To: not an address: %q", value)
		}
		return nil
	}
	msg.SetGenHeader(gomail.Header(name), value)
	return nil
}

// fieldName reports whether name is a header field name (RFC 5322 section 3.6.8): printable
// ASCII without a colon.
func fieldName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if r < 33 || r > 126 || r == ':' {
			return false
		}
	}
	return true
}

func (s *SMTP) messageID() string {
	return rand.Text() + "@" + s.domain
}
