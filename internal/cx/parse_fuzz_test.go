package cx

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseKind: a kind typed on the command line, in an import or the API never panics; one
// read reads back as itself, one refused is EINVALID and quotes what was typed.
func FuzzParseKind(f *testing.F) {
	for _, s := range []string{"tickets", "Customers", " orders ", "ticket", "", "responses\x00", "événements"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseKind(s)
		if err != nil {
			if k != "" || ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "unknown kind") {
				t.Fatalf("ParseKind(%q) = %q, %v", s, k, err)
			}
			return
		}
		if again, err := ParseKind(string(k)); err != nil || again != k {
			t.Errorf("ParseKind(%q) = %q, which reads back as %q, %v", s, k, again, err)
		}
	})
}

// FuzzParseVersion: a source's version attribute (a webhook's or a pull's updated_at) never
// panics; one read is an instant that reads back from its own RFC 3339 form.
func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"2026-03-01T10:00:00Z", "2026-03-01T10:00:00.123456789+01:00", "2026-03-01", "", "1700000000",
		"2026-03-01T10:00:00", "9999-12-31T23:59:59-23:59"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		at, ok := ParseVersion(s)
		if !ok {
			return
		}
		if again, ok := ParseVersion(at.Format(time.RFC3339Nano)); !ok || !again.Equal(at) {
			t.Errorf("ParseVersion(%q) = %v, which reads back as %v, %v", s, at, again, ok)
		}
	})
}
