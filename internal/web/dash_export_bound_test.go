package web

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/report"
)

// TestBoundNoteOnlyWhenCut: a downloaded list says it stops at the bound only when it has more
// rows than the bound; one of exactly 5,000 is whole (it said "stops after 5.000 rows" before).
func TestBoundNoteOnlyWhenCut(t *testing.T) {
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{
		{"nl", 0, ""},
		{"nl", 4999, ""},
		{"nl", 5000, ""},
		{"nl", 5001, "De download houdt op na 5.000 rijen; kies een kortere periode of een filter voor de rest."},
		{"en", 5000, ""},
		{"en", 12000, "The download stops after 5,000 rows; choose a shorter period or a filter for the rest."},
	} {
		d := &dashPage{page: &page{Lang: tc.lang}, View: view{Lang: report.Lang(tc.lang)}}
		if got := boundNote(d, tc.n); got != tc.want {
			t.Errorf("%s, %d rows: %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}
