package theme

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/text"
)

// FuzzTerm builds a taxonomy of one term in each language and matches a text against it.
// Whatever the bytes, nothing panics; a term with words to match (CheckTerm) matches a text that
// is the term itself (its words are the term's words), in its own language.
func FuzzTerm(f *testing.F) {
	f.Add("geld terug", "ik wil mijn geld terug")
	f.Add("PostNL", "")
	f.Add("in de wacht", "wacht")
	f.Add("--", "!!")
	f.Add("pakket pakket", "pakket")
	f.Add("\"on hold\"", "my order is on hold")
	f.Add("\"on", "on hold")
	f.Fuzz(func(t *testing.T, term, s string) {
		tx, err := New([]Theme{{Key: "a", NL: []string{term}, EN: []string{term}}})
		if err != nil {
			return
		}
		for _, lang := range []string{text.Dutch, text.English} {
			tx.Match(text.Words(s, lang), lang)
			if CheckTerm(term, lang) == nil && !tx.Match(text.Words(term, lang), lang).Has(0) {
				t.Fatalf("the term %q does not match itself in %s", term, lang)
			}
		}
	})
}
