package ingest

import "testing"

// TestPointerEscape: a member name becomes a reference token of a JSON pointer as RFC 6901
// section 3 says — "~" is written "~0" and "/" "~1" — with the member names of the document in
// section 5, worked out by hand. "~1" as a name must come out "~01" (section 4 reads "~01" back
// as "~1"): "~" is escaped first, or it would read as "/".
func TestPointerEscape(t *testing.T) {
	for _, tc := range []struct{ name, member, token string }{
		{"the whole document's empty name", "", ""},
		{"a slash (section 5: /a~1b)", "a/b", "a~1b"},
		{"a tilde (section 5: /m~0n)", "m~n", "m~0n"},
		{"a percent sign, kept", "c%d", "c%d"},
		{"a caret, kept", "e^f", "e^f"},
		{"a vertical bar, kept", "g|h", "g|h"},
		{"a backslash, kept", `i\j`, `i\j`},
		{"a double quote, kept", `k"l`, `k"l`},
		{"a space, kept", " ", " "},
		{"a name that is an escape (section 4)", "~1", "~01"},
		{"a tilde then a slash", "~/", "~0~1"},
		{"a slash then a tilde", "/~", "~1~0"},
		{"letters of other scripts, kept", "klantnaam/ü", "klantnaam~1ü"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := PointerEscape(tc.member); got != tc.token {
				t.Errorf("PointerEscape(%q) = %q, want %q", tc.member, got, tc.token)
			}
		})
	}
}
