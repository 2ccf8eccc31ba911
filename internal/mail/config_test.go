package mail

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestValidate(t *testing.T) {
	ok := Config{Host: "smtp.example.nl", From: "klantpuls <noreply@example.nl>"}
	tests := []struct {
		name   string
		change func(*Config)
		want   string // the error text, "" for valid
	}{
		{name: "minimal", change: func(*Config) {}},
		{name: "every field", change: func(c *Config) {
			c.Port, c.Username, c.Password, c.TLS, c.Timeout = 465, "u", "p", TLSImplicit, time.Second
		}},
		{name: "IPv6 host", change: func(c *Config) { c.Host = "[::1]" }},
		{name: "no host", change: func(c *Config) { c.Host = " " }, want: "mail.host: required"},
		{name: "host with port", change: func(c *Config) { c.Host = "smtp.example.nl:587" }, want: `mail.host: "smtp.example.nl:587" is not a host name (the port goes in mail.port)`},
		{name: "host as URL", change: func(c *Config) { c.Host = "smtp://smtp.example.nl" }, want: `mail.host: "smtp://smtp.example.nl" is not a host name (the port goes in mail.port)`},
		{name: "port too high", change: func(c *Config) { c.Port = 70000 }, want: "mail.port: 70000 is not a port (1..65535)"},
		{name: "no sender", change: func(c *Config) { c.From = "" }, want: "mail.from: required"},
		{name: "sender not an address", change: func(c *Config) { c.From = "klantpuls" }, want: `mail.from: not an address: "klantpuls"`},
		{name: "password without username", change: func(c *Config) { c.Password = "p" }, want: "mail.username: required with a password"},
		{name: "username without password", change: func(c *Config) { c.Username = "u" }, want: "mail.password: required with a username"},
		{name: "unknown TLS", change: func(c *Config) { c.TLS = "ssl" }, want: `mail.tls: "ssl" is not one of starttls, opportunistic, tls, none`},
		{name: "negative timeout", change: func(c *Config) { c.Timeout = -time.Second }, want: "mail.timeout: -1s is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.change(&c)
			err := c.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("err = %v, want none", err)
				}
				return
			}
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if cx.ErrorCode(err) != cx.EINVALID {
				t.Errorf("code = %q, want %q", cx.ErrorCode(err), cx.EINVALID)
			}
			if _, nerr := NewSMTP(c); nerr == nil {
				t.Error("NewSMTP accepted what Validate refused")
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	tests := []struct {
		tls  string
		port int
	}{{"", 587}, {TLSStartTLS, 587}, {TLSOpportunistic, 587}, {TLSImplicit, 465}, {TLSNone, 25}}
	for _, tt := range tests {
		t.Run("tls "+tt.tls, func(t *testing.T) {
			c := Config{Host: "h", From: "a@b.nl", TLS: tt.tls}.withDefaults()
			if c.Port != tt.port || c.Timeout != DefaultTimeout || c.TLS == "" {
				t.Errorf("port %d, timeout %s, tls %q; want port %d, %s", c.Port, c.Timeout, c.TLS, tt.port, DefaultTimeout)
			}
		})
	}
}

func TestConfigHidesPassword(t *testing.T) {
	c := Config{Host: "smtp.example.nl", Port: 587, Username: "klantpuls", Password: "Zeer-Geheim-42", From: "a@example.nl"}
	var log bytes.Buffer
	slog.New(slog.NewTextHandler(&log, nil)).Info("mail", "config", c)
	for _, out := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), log.String()} {
		if strings.Contains(out, c.Password) {
			t.Errorf("password shown in %q", out)
		}
		if !strings.Contains(out, "smtp.example.nl") {
			t.Errorf("host missing from %q", out)
		}
	}
}
