package mail

import (
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// The values of Config.TLS.
const (
	TLSStartTLS      = "starttls"      // plain connection upgraded with STARTTLS; refused if the server cannot
	TLSOpportunistic = "opportunistic" // STARTTLS when offered; the password still never goes out unencrypted
	TLSImplicit      = "tls"           // TLS from the first byte (SMTPS, port 465)
	TLSNone          = "none"          // no TLS at all: a relay on the same machine, or tests
)

// DefaultTimeout bounds connecting and each SMTP command: long enough for a slow provider,
// short enough that a dead one does not hold a sender for minutes.
const DefaultTimeout = 10 * time.Second

// Config is the SMTP server and the sender.
type Config struct {
	Host     string
	Port     int // 0: 465 with TLS "tls", 25 with "none", else 587 (submission)
	Username string
	Password string
	From     string        // "klantpuls <noreply@example.com>"
	TLS      string        // TLSStartTLS (default when empty), TLSOpportunistic, TLSImplicit or TLSNone
	Timeout  time.Duration // 0: DefaultTimeout
}

// Validate checks c and names the field at fault as it is called in the configuration file, so
// the message tells the manager what to change: "mail.host: required".
func (c Config) Validate() error {
	switch {
	case strings.TrimSpace(c.Host) == "":
		return invalid("mail.host", "required")
	case !hostName(c.Host):
		return invalid("mail.host", "%q is not a host name (the port goes in mail.port)", c.Host)
	case c.Port < 0 || c.Port > 65535:
		return invalid("mail.port", "%d is not a port (1..65535)", c.Port)
	case strings.TrimSpace(c.From) == "":
		return invalid("mail.from", "required")
	case c.Username == "" && c.Password != "":
		return invalid("mail.username", "required with a password")
	case c.Username != "" && c.Password == "":
		return invalid("mail.password", "required with a username")
	case c.Timeout < 0:
		return invalid("mail.timeout", "%s is negative", c.Timeout)
	}
	if _, err := cx.ParseAddress(c.From); err != nil {
		return invalid("mail.from", "not an address: %q", c.From)
	}
	switch c.TLS {
	case "", TLSStartTLS, TLSOpportunistic, TLSImplicit, TLSNone:
	default:
		return invalid("mail.tls", "%q is not one of starttls, opportunistic, tls, none", c.TLS)
	}
	return nil
}

// hostName accepts a DNS name or an IP address (IPv6 with or without brackets), and refuses a
// URL or "host:port", the usual slips when copying a provider's settings.
func hostName(h string) bool {
	h = strings.Trim(strings.TrimSpace(h), "[]")
	if strings.ContainsAny(h, " /\t\r\n@") {
		return false
	}
	return !strings.Contains(h, ":") || net.ParseIP(h) != nil
}

func invalid(field, format string, args ...any) error {
	return cx.Errorf(cx.EINVALID, "%s: %s", field, fmt.Sprintf(format, args...))
}

// withDefaults fills in what the zero value leaves open.
func (c Config) withDefaults() Config {
	c.Host = strings.Trim(strings.TrimSpace(c.Host), "[]")
	if c.TLS == "" {
		c.TLS = TLSStartTLS
	}
	if c.Port == 0 {
		switch c.TLS {
		case TLSImplicit:
			c.Port = 465
		case TLSNone:
			c.Port = 25
		default:
			c.Port = 587
		}
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	return c
}

// String describes c without the password, so a Config printed by mistake (%v, an error
// message, a debug dump) does not leak it.
func (c Config) String() string {
	user := ""
	if c.Username != "" {
		user = c.Username + "@"
	}
	return fmt.Sprintf("smtp://%s%s:%d (tls %s, from %s)", user, c.Host, c.Port, c.TLS, c.From)
}

// GoString is String for %#v, which would otherwise print every field.
func (c Config) GoString() string { return c.String() }

// LogValue keeps the password out of structured logs: slog would otherwise print every field.
func (c Config) LogValue() slog.Value {
	password := ""
	if c.Password != "" {
		password = "********"
	}
	return slog.GroupValue(
		slog.String("host", c.Host),
		slog.Int("port", c.Port),
		slog.String("username", c.Username),
		slog.String("password", password),
		slog.String("from", c.From),
		slog.String("tls", c.TLS),
		slog.Duration("timeout", c.Timeout),
	)
}
