package web

import "testing"

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
