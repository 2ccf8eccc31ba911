package mail

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzEnhancedCode: whatever a mail server's reply holds, reading its enhanced status code
// (RFC 3463) neither panics nor reads one that is not written where RFC 2034 or qmail puts it:
// a reply that opens with "5.S.D " gives S and D, one that holds no "5." gives none.
func FuzzEnhancedCode(f *testing.F) {
	for _, s := range []string{"5.1.1 user unknown", "relay not permitted", "sorry (#5.7.1)",
		"5.4.1 Recipient address rejected: Access denied", "5.1.1 chkuser (#5.1.1 - chkuser)", "5.999.999", "5.1."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		subject, detail := enhancedCode(text)
		if subject < 0 || detail < 0 || subject > 999 || detail > 999 {
			t.Fatalf("enhancedCode(%q) = %d, %d", text, subject, detail)
		}
		if !strings.Contains(text, "5.") && (subject != 0 || detail != 0) {
			t.Fatalf("enhancedCode(%q) = %d, %d; want none: the text holds no code", text, subject, detail)
		}
		for _, c := range [][2]int{{1, 1}, {7, 26}} {
			opened := fmt.Sprintf("5.%d.%d %s", c[0], c[1], text)
			if s, d := enhancedCode(opened); s != c[0] || d != c[1] {
				t.Fatalf("enhancedCode(%q) = %d, %d; want %d, %d", opened, s, d, c[0], c[1])
			}
		}
	})
}
