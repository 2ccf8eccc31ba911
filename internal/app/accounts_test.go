package app

import (
	"strings"
	"testing"
)

// TestEmailAddress: an address as a user's is written, up to RFC 5321's 254 bytes; a name with
// it, brackets, spaces around it, two addresses or a password typed in its place are none.
func TestEmailAddress(t *testing.T) {
	local := strings.Repeat("a", 64)
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"anna@example.com", true},
		{"o'brien&co@example.com", true},
		{local + "@" + strings.Repeat("b", 185) + ".nl", true},  // 253 bytes
		{local + "@" + strings.Repeat("b", 186) + ".nl", true},  // 254 bytes
		{local + "@" + strings.Repeat("b", 187) + ".nl", false}, // 255 bytes
		{"Anna <anna@example.com>", false},
		{"<anna@example.com>", false},
		{" anna@example.com", false},
		{"anna@example.com, bram@example.com", false},
		{"Zomer2024!geheim", false},
		{"<b>x</b>@example.com", false},
		{"", false},
	} {
		if got := EmailAddress(tt.s); got != tt.want {
			t.Errorf("EmailAddress(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
