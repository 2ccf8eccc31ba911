// Package theme tells what a customer's text is about: a taxonomy of customer-service themes
// (delivery, returns, waiting, …), each with Dutch and English terms, and the matching of a
// text's stems against them (issue 13). Terms are stemmed with text.Stems when a taxonomy is
// built, so they stay consistent with the texts whatever the stemmer. It is pure: the built-in
// taxonomy is embedded, the configuration's is handed in.
package theme

import (
	"crypto/sha256"
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/klantpuls/klantpuls/internal/text"
)

// Theme is one theme: a key for the API and the configuration, a label and terms per language.
// A term is a word or a phrase of several words, written as customers write it.
type Theme struct {
	Key              string
	LabelNL, LabelEN string
	NL, EN           []string
}

// Label is the theme's label in lang ("nl" or "en"), the other one when that is empty.
func (t Theme) Label(lang string) string {
	if lang == text.English && t.LabelEN != "" || t.LabelNL == "" {
		return t.LabelEN
	}
	return t.LabelNL
}

// Terms are the theme's terms in lang.
func (t Theme) Terms(lang string) []string {
	if lang == text.English {
		return t.EN
	}
	return t.NL
}

// Set is the themes a text mentions: bit i stands for the taxonomy's theme i.
type Set uint32

// MaxThemes bounds a taxonomy, so that a text's themes fit a Set (the engine keeps one per text).
const MaxThemes = 32

// Has tells whether theme i is in the set.
func (s Set) Has(i int) bool { return s&(1<<i) != 0 }

// Taxonomy is a list of themes ready for matching.
type Taxonomy struct {
	themes      []Theme
	nl, en      matcher
	fingerprint string
}

// matcher finds the terms of one language: one-stem terms by their stem, phrases by their
// first stem and then the stems after it.
type matcher struct {
	words   map[string]Set
	phrases map[string][]phrase
}

type phrase struct {
	rest []string // the stems after the first
	set  Set
}

// keyPattern is what a theme key may look like: it is a JSON value and a configuration key.
var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// CheckKey says what is wrong with a theme key, if anything.
func CheckKey(key string) error {
	if !keyPattern.MatchString(key) {
		return fmt.Errorf("%q is not a theme key: lower-case letters, digits and _ only, starting with a letter", key)
	}
	return nil
}

// CheckTerm says what is wrong with a term in lang, if anything: a term whose words are all
// stop words (or no words) could never match.
func CheckTerm(term, lang string) error {
	if len(text.Stems(term, lang)) == 0 {
		return fmt.Errorf("the term %q has no words to match (stop words such as \"de\" or \"the\" are left out)", term)
	}
	return nil
}

// New builds a taxonomy from themes, checking their number and keys. A term with no words to
// match (CheckTerm) is left out: the configuration refuses one beforehand, and a built-in term
// that a new stop-word list empties must not stop the program (TestDefault finds it).
func New(themes []Theme) (*Taxonomy, error) {
	if len(themes) > MaxThemes {
		return nil, fmt.Errorf("theme: %d themes, at most %d", len(themes), MaxThemes)
	}
	t := &Taxonomy{themes: slices.Clone(themes), nl: newMatcher(), en: newMatcher()}
	h := sha256.New()
	seen := map[string]bool{}
	for i, th := range themes {
		if err := CheckKey(th.Key); err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		if seen[th.Key] {
			return nil, fmt.Errorf("theme: the key %q twice", th.Key)
		}
		seen[th.Key] = true
		fmt.Fprintf(h, "%s\x00", th.Key)
		for _, lang := range []string{text.Dutch, text.English} {
			m := t.matcher(lang)
			for _, term := range th.Terms(lang) {
				stems := text.Stems(term, lang)
				if len(stems) == 0 {
					continue
				}
				m.add(stems, Set(1)<<i)
				// The stems, not the words: a new stemmer changes what texts match, so it must
				// change the fingerprint as well.
				fmt.Fprintf(h, "%s:%s\x00", lang, strings.Join(stems, " "))
			}
		}
	}
	t.fingerprint = fmt.Sprintf("%x", h.Sum(nil)[:8])
	return t, nil
}

func newMatcher() matcher { return matcher{words: map[string]Set{}, phrases: map[string][]phrase{}} }

func (t *Taxonomy) matcher(lang string) *matcher {
	if lang == text.English {
		return &t.en
	}
	return &t.nl
}

func (m *matcher) add(stems []string, s Set) {
	if len(stems) == 1 {
		m.words[stems[0]] |= s
		return
	}
	m.phrases[stems[0]] = append(m.phrases[stems[0]], phrase{rest: stems[1:], set: s})
}

// Match gives the themes whose terms occur in a text's stems (text.Stems of the text in lang):
// a one-word term by its stem, a phrase as consecutive stems.
func (t *Taxonomy) Match(stems []string, lang string) Set {
	m := t.matcher(lang)
	var s Set
	for i, st := range stems {
		s |= m.words[st]
		for _, p := range m.phrases[st] {
			if s&p.set != p.set && len(stems)-i-1 >= len(p.rest) && slices.Equal(stems[i+1:i+1+len(p.rest)], p.rest) {
				s |= p.set
			}
		}
	}
	return s
}

// Read gives the themes a text mentions and the stems it read them from: s in lang (a record's
// language column; empty or unknown: detected by text.Lang). It is the one way a text is read
// for its themes, by the engine for the Why page and by an alert rule that names a theme, so a
// rule "negative about delivery" fires for exactly the texts the Why page counts as delivery.
func (t *Taxonomy) Read(s, lang string) (Set, []string) {
	lang = text.Lang(s, lang)
	stems := text.Stems(s, lang)
	return t.Match(stems, lang), stems
}

// Index is the position of the theme with key in the taxonomy (its bit in a Set), or -1 when
// the taxonomy has none: an alert rule may name a theme the configuration no longer has.
func (t *Taxonomy) Index(key string) int {
	return slices.IndexFunc(t.themes, func(th Theme) bool { return th.Key == key })
}

// Themes are the taxonomy's themes, in order: theme i is bit i of a Set.
func (t *Taxonomy) Themes() []Theme { return t.themes }

// Fingerprint identifies what the taxonomy matches (keys and stemmed terms): texts matched
// under another fingerprint must be matched again.
func (t *Taxonomy) Fingerprint() string { return t.fingerprint }

//go:embed default.toml
var defaultFile string

type fileTheme struct {
	Key     string   `toml:"key"`
	LabelNL string   `toml:"label_nl"`
	LabelEN string   `toml:"label_en"`
	NL      []string `toml:"nl"`
	EN      []string `toml:"en"`
}

var builtin = sync.OnceValue(func() []Theme {
	var f struct {
		Theme []fileTheme `toml:"theme"`
	}
	if _, err := toml.Decode(defaultFile, &f); err != nil {
		panic("theme: default.toml: " + err.Error()) // embedded and tested: only a broken build
	}
	out := make([]Theme, len(f.Theme))
	for i, th := range f.Theme {
		out[i] = Theme(th)
	}
	return out
})

// Default is the built-in customer-service taxonomy's themes (a copy: changing it changes
// nothing else).
func Default() []Theme {
	out := slices.Clone(builtin())
	for i := range out {
		out[i].NL, out[i].EN = slices.Clone(out[i].NL), slices.Clone(out[i].EN)
	}
	return out
}

// defaultTaxonomy is the built-in taxonomy, built once.
var defaultTaxonomy = sync.OnceValue(func() *Taxonomy {
	t, err := New(builtin())
	if err != nil {
		panic(err) // tested: only a broken build
	}
	return t
})

// Builtin is the taxonomy of Default.
func Builtin() *Taxonomy { return defaultTaxonomy() }

// Extend adds themes to base: a theme whose key base has adds its terms to that theme (and
// replaces its labels when it gives them); another is added at the end.
func Extend(base, more []Theme) []Theme {
	out := slices.Clone(base)
	for _, m := range more {
		i := slices.IndexFunc(out, func(t Theme) bool { return t.Key == m.Key })
		if i < 0 {
			out = append(out, m)
			continue
		}
		t := &out[i]
		if m.LabelNL != "" {
			t.LabelNL = m.LabelNL
		}
		if m.LabelEN != "" {
			t.LabelEN = m.LabelEN
		}
		t.NL = appendNew(slices.Clone(t.NL), m.NL)
		t.EN = appendNew(slices.Clone(t.EN), m.EN)
	}
	return out
}

func appendNew(list, more []string) []string {
	for _, s := range more {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}
