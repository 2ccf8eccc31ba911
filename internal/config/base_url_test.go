package config

import "testing"

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
		got, err := BaseURL("--base-url", tt.in)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("BaseURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
