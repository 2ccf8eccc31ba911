package web

import (
	"strings"
	"testing"
)

// The language an Accept-Language header prefers, by RFC 9110 section 12.5.4: the highest q
// (1 when left out), the first named of equal ones, q=0 never; a weight that does not read
// never wins. It read the header in its order and ignored q, so "en;q=0.1, nl" was English.
func TestAcceptedLanguageByQuality(t *testing.T) {
	for _, c := range []struct {
		header string
		lang   string
		ok     bool
	}{
		{"nl", "nl", true},
		{"nl-NL,nl;q=0.9,en;q=0.8", "nl", true},
		{"fr-BE, nl;q=0.5", "nl", true},
		{"en;q=0.1, nl", "nl", true},
		{"en-GB;q=0.8, nl-BE;q=0.9", "nl", true},
		{"nl;q=0.5, en;q=0.5", "nl", true}, // equal: the first named
		{"en, nl", "en", true},
		{"nl;q=0, en;q=0.1", "en", true},
		{"nl;q=0", "", false},
		{"nl;q=zero, en;q=0.2", "en", true},
		{"nld, eng", "", false}, // neither's primary subtag
		{"NL-nl", "nl", true},
		{"de, fr", "", false},
		{"", "", false},
	} {
		if lang, ok := acceptedLanguage(c.header); lang != c.lang || ok != c.ok {
			t.Errorf("%q: %q %v, want %q %v", c.header, lang, ok, c.lang, c.ok)
		}
	}
}

// FuzzAcceptedLanguage: whatever a browser (or anyone) sends as Accept-Language, the answer is
// Dutch or English when the header names one of them, nothing otherwise; a range added with
// q=0 changes nothing, for q=0 is "not this one".
func FuzzAcceptedLanguage(f *testing.F) {
	for _, s := range []string{"nl", "nl-NL,nl;q=0.9,en;q=0.8", "en;q=0.1, nl", "nl;q=zero, en;q=0.2", "nl;q=0",
		"NL-nl", "de, fr", "", ";;,,", "en;q=1.0000001", "nl;Q=0.5;x=y, en;q=NaN", "en;q=-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		lang, ok := acceptedLanguage(header)
		if ok != (lang == "nl" || lang == "en") || !ok && lang != "" {
			t.Fatalf("%q: %q %v", header, lang, ok)
		}
		if ok && !strings.Contains(strings.ToLower(header), lang) {
			t.Fatalf("%q: %q, which it does not name", header, lang)
		}
		for _, refused := range []string{"nl;q=0", "en;q=0"} {
			if l, o := acceptedLanguage(header + "," + refused); l != lang || o != ok {
				t.Fatalf("%q: %q %v, with %s added %q %v", header, lang, ok, refused, l, o)
			}
		}
	})
}
