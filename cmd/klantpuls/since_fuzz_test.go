package main

import (
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/importer"
)

// FuzzParseSince: sync's --since never panics; one read reads back from its own RFC 3339 form,
// one refused names --since in the user's language.
func FuzzParseSince(f *testing.F) {
	for _, s := range []string{"2026-01-31", "2026-01-31T08:00:00Z", "2026-01-31T08:00:00+01:00", "31-01-2026", "", "90d",
		"2026-01-31 08:00", "2026-02-30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, l := range []importer.Lang{importer.Dutch, importer.English} {
			at, err := parseSince(s, l)
			if err != nil {
				if !strings.HasPrefix(err.Error(), "--since ") {
					t.Fatalf("parseSince(%q): %q does not name --since", s, err)
				}
				continue
			}
			if again, err := parseSince(at.Format(time.RFC3339Nano), l); err != nil || !again.Equal(at) {
				t.Errorf("parseSince(%q) = %v, which reads back as %v, %v", s, at, again, err)
			}
		}
	})
}
