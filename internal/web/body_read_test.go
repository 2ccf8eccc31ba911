package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestSmallBodiesReadAsRecordsAre: the bodies of the users and tokens API are read by the rule
// records' bodies are: one too large gets 413 naming the limit (the server's MaxBody, 64 bytes
// here), as a batch's does; and one that is no JSON gets 400 saying at which byte, counted from
// one (encoding/json's SyntaxError.Offset: the bytes read up to and including the wrong one),
// and for one cut off its last byte. Before, the first said only "the body is too large" and
// the second only what to send; one cut off still said only what to send,
// and text after the object said "more than one JSON value" without where.
func TestSmallBodiesReadAsRecordsAre(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.MaxBody = 64 })
	admin := ts.login("admin@example.com")
	long := `{"name":"` + strings.Repeat("x", 80) + `","scope":"read"}`
	for _, tc := range []struct {
		name, path, body string
		status           int
		detail           string
	}{
		{"a token too large", "/api/v1/tokens", long, http.StatusRequestEntityTooLarge, "the body is larger than 64 bytes"},
		{"records too large", "/api/v1/tickets", `[` + strings.Repeat(`{"id":"1"},`, 8) + `{"id":"2"}]`,
			http.StatusRequestEntityTooLarge, "the body is larger than 64 bytes"},
		{"a token not JSON", "/api/v1/tokens", `{"name":x}`, http.StatusBadRequest, "not valid JSON at byte 9"},
		{"a user not JSON", "/api/v1/users", `{"email": "a@b.nl",}`, http.StatusBadRequest, "not valid JSON at byte 20"},
		// A second value, or a stray "]", after the object: the byte of its first character
		// (before, "more than one JSON value" without a place).
		{"a token and more", "/api/v1/tokens", `{"name":"x"} {}`, http.StatusBadRequest,
			"not valid JSON at byte 14 (invalid character '{' after top-level value)"},
		{"a user and a stray ]", "/api/v1/users", `{"email":"a@b.nl"}]`, http.StatusBadRequest,
			"not valid JSON at byte 19 (invalid character ']' after top-level value)"},
		// {"name":"x" is 11 bytes and ends there: the 11th is the last, as a record body says it.
		{"a token cut off", "/api/v1/tokens", `{"name":"x"`, http.StatusBadRequest,
			"not valid JSON at byte 11 (unexpected end of JSON input); send a JSON object with name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := admin.postJSON(tc.path, tc.body)
			var p Problem
			res.json(t, &p)
			if res.status != tc.status || !strings.Contains(p.Detail, tc.detail) {
				t.Errorf("POST %s: %d %q, want %d saying %q", tc.path, res.status, p.Detail, tc.status, tc.detail)
			}
		})
	}
}
