package web

import (
	"strings"
	"testing"
)

// FuzzSafeURL: a mention's or review's link comes from an import or a webhook; whatever it is,
// the feedback page links it only when a browser opens it as an http(s) address — never a
// javascript:, data: or scheme-relative one — and keeps it as given.
func FuzzSafeURL(f *testing.F) {
	for _, s := range []string{"https://x.com/klant/status/1", "HTTP://Winkel.nl/review?id=3", "javascript:alert(1)", " javascript:alert(1)",
		"//evil.example/", "data:text/html,<b>", "https:evil", "ht\ttps://x", "\x01https://x", "https://[::1]:443/", "mailto:a@b.nl", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, u string) {
		got := safeURL(u)
		if got == "" {
			return
		}
		// What a browser opens: leading C0 controls and spaces dropped, tabs and line breaks
		// removed anywhere (WHATWG URL), the scheme in any case.
		seen := strings.ToLower(strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
		seen = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(seen)
		if got != u || !strings.HasPrefix(seen, "http:") && !strings.HasPrefix(seen, "https:") {
			t.Errorf("safeURL(%q) = %q", u, got)
		}
	})
}
