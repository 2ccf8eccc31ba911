package text

import (
	"strings"
	"sync"
)

// stemOf is the stem the scorer matches a word by: "#" for a number (12, 4,95, twee, third),
// else the language's stem.
func (l *language) stemOf(w string) string {
	if isNumber(w) {
		return "#"
	}
	if r, ok := l.rules[w]; ok && r.kind == number {
		return "#"
	}
	return l.stems.get(w, l.stem)
}

func isNumber(w string) bool {
	digits := 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == ',' || c == '.' || c == '/' || c == '%':
		default:
			return false
		}
	}
	return digits > 0
}

// weight is the feeling of a word, by what our lists and the general lexicon hold for it as
// written, then by stem, then by its parts: a comparative or superlative (sneller, vriendelijkst,
// happier), a diminutive (foutje, vlotjes: diminutiveDamp), a prefix that negates
// (onvriendelijk, unhelpful) or intensifies (superaardig, keigoed, overheerlijk).
func (l *language) weight(text, stem string) (float64, bool) {
	if v, ok := l.surface[text]; ok {
		return v, true
	}
	if l.verbForms[text] {
		return 0, false // a verb's, no adjective its stem is: slapen, slaap are no slap (weak)
	}
	if v, ok := l.byStem(text, stem); ok {
		return v, true
	}
	if len(text) < 5 {
		return 0, false
	}
	for _, e := range l.degrees {
		if base, ok := e.cut(text); ok {
			if v, ok := l.baseWeight(base); ok {
				return v, true
			}
		}
	}
	for _, e := range l.diminutives {
		if base, ok := e.cut(text); ok {
			if v, ok := l.baseWeight(base); ok && v != 0 {
				if v < 0 {
					v *= diminutiveDamp
				}
				return v, true
			}
		}
	}
	for _, p := range l.prefixes {
		if rest, ok := strings.CutPrefix(text, p.prefix); ok && len(rest) >= 4 {
			if v, ok := l.baseWeight(rest); ok && v != 0 {
				return v * p.factor, true
			}
		}
	}
	return 0, false
}

// diminutiveDamp: a diminutive makes a complaint small ("een probleempje", "klein foutje": a
// slight one, which the writer plays down), so it weighs half its word's; praise made small
// keeps its weight ("vlotjes", "snelletjes" are no less quick).
const diminutiveDamp = 0.5

// baseWeight looks a word's base up as written, undoubled (snell → snel, bigg → big) and by
// stem.
func (l *language) baseWeight(base string) (float64, bool) {
	try := func(w string) (float64, bool) {
		if v, ok := l.surface[w]; ok {
			return v, true
		}
		return l.byStem(w, l.stems.get(w, l.stem)) // cached: each -je, -er, -st word asks
	}
	if v, ok := try(base); ok {
		return v, true
	}
	if n := len(base); base[n-1] == base[n-2] {
		if v, ok := try(base[:n-1]); ok {
			return v, true
		}
	}
	return 0, false
}

type affix struct {
	prefix string
	factor float64
}

// An ending is a degree's (a comparative's or superlative's) and what its base takes in its
// place: English -ier and -iest stand for -y (friendlier: friendly, easiest: easy), where the
// base's -i- alone would find another word or none (friendli stems to friend, whose weight is
// 0: the noun's); -est stands for nothing (fastest: fast, biggest: big, as baseWeight
// undoubles) or for -e (nicest: nice, rudest: rude). Dutch endings stand for nothing (sneller:
// snel). A degree is read only for a word the lexicon has not (weight), and only when its base
// is a word of the lexicon: honest, request, interest, suggest are no degrees.
type ending struct{ suffix, base string }

// cut is the base of w with the ending: w without its suffix, at least three letters, and the
// ending's own letters put back; false when w does not end so.
func (e ending) cut(w string) (string, bool) {
	base, ok := strings.CutSuffix(w, e.suffix)
	if !ok || len(base) < 3 {
		return "", false
	}
	return base + e.base, true
}

// Dutch: -er/-ere/-st/-ste make degrees (duurder keeps a d after r: duur); on- negates.
// Comparatives are the degrees without the superlatives, longest first too.
var (
	nlComparing = []ending{{"dere", ""}, {"der", ""}, {"ere", ""}, {"er", ""}}
	nlDegrees   = append([]ending{{"ste", ""}, {"st", ""}}, nlComparing...)
	// Dutch diminutives, longest first: -je, -tje, -pje, -etje on a noun (foutje, probleempje),
	// -jes, -tjes, -etjes, -letjes on an adverb (vlotjes, snelletjes, as baseWeight undoubles).
	nlDiminutives = []ending{{"etjes", ""}, {"tjes", ""}, {"pjes", ""}, {"jes", ""}, {"etje", ""}, {"tje", ""}, {"pje", ""}, {"je", ""}}
	nlPrefixes    = []affix{{"on", -0.9}, {"super", 1.4}, {"kei", 1.4}, {"mega", 1.4}, {"reuze", 1.3}, {"bere", 1.3}, {"over", 1.3}, {"hyper", 1.3}}
	// English degrees: only -ier/-iest, as a bare -er is too often a noun's ending (number is
	// no numb). A comparative is read only where one is asked for (improvable, feelingAhead),
	// so there -er is one too: faster, cheaper; and -ier first, friendlier, easier.
	enComparing = []ending{{"ier", "y"}, {"er", ""}}
	enDegrees   = []ending{{"iest", "y"}, {"ier", "y"}, {"est", ""}, {"est", "e"}}
	enPrefixes  = []affix{{"un", -0.9}, {"super", 1.4}, {"over", 1.2}}
	// English adverbs end so (definitely, absolutely), and few nouns do.
	enAdverbs = "ly"
)

// byStem is the weight of a word by its stem: ours, then the general lexicon's when the word is
// an inflection of that stem; a stem ending in a doubled consonant (snelle → snell) also finds
// the single one (snel).
func (l *language) byStem(text, stem string) (float64, bool) {
	if v, ok := l.words[stem]; ok {
		return v, true
	}
	if v, ok := l.general[stem]; ok && (l.inflected == nil || l.inflected(text, stem)) {
		return v, true
	}
	if n := len(stem); n >= 4 && stem[n-1] == stem[n-2] && !isVowelByte(stem[n-1]) {
		if v, ok := l.words[stem[:n-1]]; ok {
			return v, true
		}
		if v, ok := l.general[stem[:n-1]]; ok {
			return v, true
		}
	}
	return 0, false
}

func isVowelByte(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }

// dutchInflection: Pattern's Dutch lexicon is of adjectives, so a word takes its stem's entry
// only when it is that stem with an adjective's or verb's ending (snelle, vriendelijker,
// aanraden), not a noun made from it (machtiging is no machtig, plaats no plat).
func dutchInflection(word, stem string) bool {
	for _, w := range [2]string{word, undoubleLastVowel(word)} {
		if rest, ok := strings.CutPrefix(w, stem); ok {
			switch rest {
			case "", "e", "en", "er", "ere", "ers", "st", "ste", "d", "de", "t", "te", "ten", "den", "ig", "ige", "lijk", "lijke":
				return true
			}
		}
	}
	return false
}

// dutchVerbForms are the forms of a Dutch verb that its stem writes: the infinitive (slapen),
// the stem (slaap: ik slaap, the noun de slaap), the stem with -t (slaapt) and the present
// participle (slapend). The stem is the infinitive without -en, spelt as Dutch spells a closed
// syllable: a doubled consonant single (vallen: val), a single vowel between consonants long and
// so written double (slapen: slaap), a last v or z as f or s (leven: leef, lezen: lees). Past
// forms are left out: a strong verb's are other words (sliep), a weak verb's stem no adjective.
func dutchVerbForms(infinitive string) ([]string, bool) {
	st, ok := strings.CutSuffix(infinitive, "en")
	n := len(st)
	if !ok || n < 2 {
		return nil, false
	}
	switch {
	case st[n-1] == st[n-2] && !isVowelByte(st[n-1]):
		st = st[:n-1]
	case n >= 3 && !isVowelByte(st[n-1]) && strings.IndexByte("aeou", st[n-2]) >= 0 && !isVowelByte(st[n-3]):
		st = st[:n-1] + st[n-2:]
	}
	switch st[len(st)-1] {
	case 'v':
		st = st[:len(st)-1] + "f"
	case 'z':
		st = st[:len(st)-1] + "s"
	}
	forms := []string{infinitive, st, infinitive + "d"}
	if !strings.HasSuffix(st, "t") {
		forms = append(forms, st+"t")
	}
	return forms, true
}

// undoubleLastVowel writes the last aa, ee, oo or uu single (aangenaam → aangenam), as the
// stemmer's step 4 does.
func undoubleLastVowel(w string) string {
	for i := len(w) - 2; i >= 0; i-- {
		if w[i] == w[i+1] && strings.IndexByte("aeou", w[i]) >= 0 {
			return w[:i] + w[i+1:]
		}
	}
	return w
}

// cache keeps a pure function's results per word, so the write path works each distinct word
// out once (the English stemmer allocates per call; customers use few distinct words). It stops
// growing at maxCached words, so odd input cannot fill memory; as the function is pure, the
// cache changes no score.
type cache[V any] struct {
	mu sync.RWMutex
	m  map[string]V
}

const maxCached = 200_000

func (c *cache[V]) get(w string, f func(string) V) V {
	c.mu.RLock()
	v, ok := c.m[w]
	c.mu.RUnlock()
	if ok {
		return v
	}
	v = f(w)
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]V{}
	}
	if len(c.m) < maxCached {
		c.m[strings.Clone(w)] = v
	}
	c.mu.Unlock()
	return v
}

// englishInflection: word is stem with an inflection's ending (or its y as i: happi → happy).
func englishInflection(word, stem string) bool {
	for _, w := range [2]string{word, strings.TrimSuffix(word, "y") + "i"} {
		if rest, ok := strings.CutPrefix(w, stem); ok {
			switch rest {
			case "", "s", "es", "e", "ed", "d", "ing", "er", "est", "ly", "y", "i":
				return true
			}
		}
	}
	return false
}
