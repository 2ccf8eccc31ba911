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

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/text"
)

// Theme is one theme: a key for the API and the configuration, a label and terms per language.
// A term is a word or a phrase of several words, written as customers write it; one in double
// quotes matches as written (written). NotNL and NotEN are fixed expressions, as customers write
// them, in which a term's word means something else: "een stuk sneller" is much faster, no
// broken product; "op prijs stellen" is to appreciate.
type Theme struct {
	Key              string
	LabelNL, LabelEN string
	NL, EN           []string
	NotNL, NotEN     []string
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

// Nots are the theme's fixed expressions in lang, in which its terms are not about it.
func (t Theme) Nots(lang string) []string {
	if lang == text.English {
		return t.NotEN
	}
	return t.NotNL
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
// first stem and then the stems after it; and by their first word as written (one look-up a
// word for both), terms in quotes and the fixed expressions that rule a theme out of the words
// they span.
type matcher struct {
	words   map[string]Set
	phrases map[string][]phrase
	written map[string]*asWritten
}

// asWritten is what starts with one word as written: terms in quotes and fixed expressions.
type asWritten struct {
	terms, not []expression
}

// at is what starts with word as written, made when first asked for.
func (m *matcher) at(word string) *asWritten {
	a := m.written[word]
	if a == nil {
		a = &asWritten{}
		m.written[word] = a
	}
	return a
}

type phrase struct {
	rest []string // the stems after the first
	set  Set
}

// An expression is words as written (stop words too: "een stuk", "op prijs", "on hold") and
// the themes it rules out (a fixed expression) or matches (a term in quotes).
type expression struct {
	words []string
	set   Set
}

// keyPattern is what a theme key may look like: it is a JSON value and a configuration key.
var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// CheckKey says what is wrong with a theme key, if anything. It and CheckTerm, CheckExpression
// refuse with a key, so the configuration's themes are said in the command's language.
func CheckKey(key string) error {
	if !keyPattern.MatchString(key) {
		return cx.Refuse(cx.EINVALID, "", "theme_bad_key", "%q is not a theme key: lower-case letters, digits and _ only, starting with a letter", key)
	}
	return nil
}

// CheckTerm says what is wrong with a term in lang, if anything: a term whose words are all
// stop words (or no words) could never match, nor could one in quotes without words, nor one
// whose words a comma, dash or sentence's end parts (a term matches within one clause); a quote
// opened and not closed is a typing error.
func CheckTerm(term, lang string) error {
	words, quoted := written(term, lang)
	switch {
	case !quoted && strings.HasPrefix(strings.TrimSpace(term), `"`):
		return cx.Refuse(cx.EINVALID, "", "theme_term_open_quote", "the term %q opens a quote it does not close", term)
	case parted(term, lang):
		return cx.Refuse(cx.EINVALID, "", "theme_term_parted", "the term %q has a comma, dash or sentence's end between its words: a term matches within one clause, so it could never match", term)
	case quoted && len(words) > 0:
		return nil
	case len(text.Stems(term, lang)) == 0:
		return cx.Refuse(cx.EINVALID, "", "theme_term_no_words", "the term %q has no words to match (stop words such as \"de\" or \"the\" are left out)", term)
	}
	return nil
}

// parted tells whether a comma, dash or sentence's end stands between a term's words.
func parted(term, lang string) bool {
	for k, w := range text.Words(term, lang) {
		if k > 0 && w.NewClause() {
			return true
		}
	}
	return false
}

// written reads a term in double quotes ('"friendly"', '"on hold"'): its words as written, and
// whether it is one. Such a term matches those words next to each other within one clause, as a
// fixed expression does (spells), not their stems: Porter2 folds "friendly" onto friend,
// "clear" onto clearly, "reminder" onto reminds and "on hold" (on is a stop word) onto hold, so
// a stemmed term would match "a friend", "clearly the worst", "it reminds me" and "hold on".
func written(term, lang string) ([]string, bool) {
	term = strings.TrimSpace(term)
	inner, ok := strings.CutPrefix(term, `"`)
	if !ok || len(inner) == 0 {
		return nil, false
	}
	if inner, ok = strings.CutSuffix(inner, `"`); !ok {
		return nil, false
	}
	var words []string
	for _, w := range text.Words(inner, lang) {
		words = append(words, w.Written)
	}
	return words, true
}

// CheckExpression says what is wrong with a fixed expression in lang (nl_not, en_not), if
// anything: one with no words could never be written, nor found one whose words a comma, dash
// or sentence's end parts.
func CheckExpression(x, lang string) error {
	switch {
	case len(text.Words(x, lang)) == 0:
		return cx.Refuse(cx.EINVALID, "", "theme_expression_no_words", "the expression %q has no words to match", x)
	case parted(x, lang):
		return cx.Refuse(cx.EINVALID, "", "theme_expression_parted", "the expression %q has a comma, dash or sentence's end between its words: an expression is found within one clause, so it could never be", x)
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
	fmt.Fprintf(h, "rules %d\x00", matchRules)
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
				if words, quoted := written(term, lang); quoted {
					if len(words) > 0 {
						a := m.at(words[0])
						a.terms = append(a.terms, expression{words: words, set: Set(1) << i})
						fmt.Fprintf(h, "%s:\"%s\"\x00", lang, strings.Join(words, " "))
					}
					continue
				}
				stems := text.Stems(term, lang)
				if len(stems) == 0 {
					continue
				}
				m.add(stems, Set(1)<<i)
				// The stems, not the words: a new stemmer changes what texts match, so it must
				// change the fingerprint as well.
				fmt.Fprintf(h, "%s:%s\x00", lang, strings.Join(stems, " "))
			}
			for _, x := range th.Nots(lang) {
				var words []string
				for _, w := range text.Words(x, lang) {
					words = append(words, w.Written)
				}
				if len(words) == 0 {
					continue
				}
				a := m.at(words[0])
				a.not = append(a.not, expression{words: words, set: Set(1) << i})
				fmt.Fprintf(h, "%s:not:%s\x00", lang, strings.Join(words, " "))
			}
		}
	}
	t.fingerprint = fmt.Sprintf("%x", h.Sum(nil)[:8])
	return t, nil
}

func newMatcher() matcher {
	return matcher{words: map[string]Set{}, phrases: map[string][]phrase{}, written: map[string]*asWritten{}}
}

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

// Match gives the themes whose terms occur in a text's words (text.Words of the text in lang):
// a one-word term by its stem, a phrase as consecutive stems (words without a stem passed
// over), a term in quotes as written (written); not where a fixed expression of the theme
// spans the word ("een stuk sneller").
//
// One pass: an expression that spans word i starts at i or before it, so what rules themes
// out of word i is known when i is reached (off, made only for a text with an expression).
func (t *Taxonomy) Match(words []text.Word, lang string) Set {
	m := t.matcher(lang)
	var off []Set
	var s Set
	for i, w := range words {
		a := m.written[w.Written]
		if a != nil {
			for _, x := range a.not {
				if x.spelledAt(words, i) {
					if off == nil {
						off = make([]Set, len(words))
					}
					for k := i; k < i+len(x.words); k++ {
						off[k] |= x.set
					}
				}
			}
		}
		var out Set
		if off != nil {
			out = off[i]
		}
		if a != nil {
			for _, x := range a.terms {
				if s&x.set != x.set && x.spelledAt(words, i) {
					s |= x.set &^ out
				}
			}
		}
		if w.Stem == "" {
			continue
		}
		s |= m.words[w.Stem] &^ out
		for _, p := range m.phrases[w.Stem] {
			if s&p.set != p.set && p.follows(words, i) {
				s |= p.set &^ out
			}
		}
	}
	return s
}

// follows: the phrase's stems after its first are those of the words after word i that have
// one, within word i's clause ("I kept waiting. Time is money" is no waiting time).
func (p phrase) follows(words []text.Word, i int) bool {
	k := 0
	for j := i + 1; j < len(words) && k < len(p.rest); j++ {
		if words[j].NewClause() {
			return false
		}
		if words[j].Stem == "" {
			continue
		}
		if words[j].Stem != p.rest[k] {
			return false
		}
		k++
	}
	return k == len(p.rest)
}

// spelledAt: the words from word i on are x's as written, within one clause: no sentence's
// end, comma or dash between them ("Snel bezorgd, dat scheelt" is no "bezorgd dat").
func (x expression) spelledAt(words []text.Word, i int) bool {
	if i+len(x.words) > len(words) {
		return false
	}
	for k, want := range x.words {
		if w := words[i+k]; w.Written != want || (k > 0 && w.NewClause()) {
			return false
		}
	}
	return true
}

// Read gives the themes a text mentions and the stems it read them from: s in lang (a record's
// language column; empty or unknown: detected by text.Lang). It is the one way a text is read
// for its themes, by the engine for the Why page and by an alert rule that names a theme, so a
// rule "negative about delivery" fires for exactly the texts the Why page counts as delivery.
func (t *Taxonomy) Read(s, lang string) (Set, []string) {
	lang = text.Lang(s, lang)
	words := text.Words(s, lang)
	var stems []string
	for _, w := range words {
		if w.Stem != "" {
			stems = append(stems, w.Stem)
		}
	}
	return t.Match(words, lang), stems
}

// Index is the position of the theme with key in the taxonomy (its bit in a Set), or -1 when
// the taxonomy has none: an alert rule may name a theme the configuration no longer has.
func (t *Taxonomy) Index(key string) int {
	return slices.IndexFunc(t.themes, func(th Theme) bool { return th.Key == key })
}

// Themes are the taxonomy's themes, in order: theme i is bit i of a Set.
func (t *Taxonomy) Themes() []Theme { return t.themes }

// matchRules numbers the rules Match reads a taxonomy by, beside its terms: raised when they
// change, so that a taxonomy of the user's own, whose terms are the same, is matched again too.
// 2: a fixed expression or a term in quotes stays within a clause (no comma or dash between its
// words, spells); 3: so does a phrase of stems (follows); 4: an aside between commas is no word
// of its clause (text.Words: "Ik ben, eerlijk gezegd, bezorgd" is "ik ben bezorgd", worried);
// 5: … unless a word that opens a clause follows it ("Snel bezorgd, eerlijk gezegd, dat
// scheelt" is no "bezorgd dat").
const matchRules = 5

// Fingerprint identifies what the taxonomy matches (keys, stemmed terms, the rules of matching
// them): texts matched under another fingerprint must be matched again.
func (t *Taxonomy) Fingerprint() string { return t.fingerprint }

//go:embed default.toml
var defaultFile string

type fileTheme struct {
	Key     string   `toml:"key"`
	LabelNL string   `toml:"label_nl"`
	LabelEN string   `toml:"label_en"`
	NL      []string `toml:"nl"`
	EN      []string `toml:"en"`
	NotNL   []string `toml:"nl_not"`
	NotEN   []string `toml:"en_not"`
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
		out[i].NotNL, out[i].NotEN = slices.Clone(out[i].NotNL), slices.Clone(out[i].NotEN)
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

// Extend adds themes to base: a theme whose key base has adds its terms and fixed expressions
// to that theme (and replaces its labels when it gives them); another is added at the end.
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
		t.NotNL = appendNew(slices.Clone(t.NotNL), m.NotNL)
		t.NotEN = appendNew(slices.Clone(t.NotEN), m.NotEN)
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
