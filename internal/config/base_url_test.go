package config

import (
	"net/url"
	"strings"
	"testing"
)

// TestBaseURL: the dashboard's public address needs a scheme and a host (every link is built on
// it); a trailing slash is dropped, a path kept (a proxy may serve it under one).
func TestBaseURL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"https://klantpuls.example.nl", "https://klantpuls.example.nl"},
		{" https://klantpuls.example.nl/ ", "https://klantpuls.example.nl"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"https://example.nl/klantpuls/", "https://example.nl/klantpuls"},
		{"klantpuls.example.nl", ""},
		{"//klantpuls.example.nl", ""},
		{"ftp://klantpuls.example.nl", ""},
		{"https://", ""},
		{"https://jan:geheim@klantpuls.example.nl", ""},
		{"https://klantpuls.example.nl/?x=1", ""},
		{"mailto:jan@example.nl", ""},
	} {
		got, err := BaseURL(tt.in)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("BaseURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// FuzzBaseURL: any --base-url is refused or kept as an http(s) address with a host, without
// credentials, query, fragment or a trailing slash — what every mailed link is built on.
func FuzzBaseURL(f *testing.F) {
	for _, s := range []string{"https://klantpuls.example.nl/", "klantpuls.example.nl", "http://[::1]:8080", "https://a/b?c#d", " http://x "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := BaseURL(raw)
		if err != nil {
			return
		}
		u, perr := url.Parse(got)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
			u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(got, "/") {
			t.Fatalf("BaseURL(%q) kept %q", raw, got)
		}
	})
}
