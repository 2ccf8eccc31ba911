package text

import (
	"math"
	"strings"
	"sync"
)

// The rules of the scorer, after VADER (Hutto and Gilbert, ICWSM 2014) where it has a number for
// them, on our own word lists where it does not.
const (
	// negationFactor: a feeling under negation turns and weakens ("niet slecht" is mildly good):
	// VADER's N_SCALAR.
	negationFactor = -0.74
	// negationScope: how many words after niet/not a negation reaches.
	negationScope = 3
	// boosterScope: how many words after heel/very an intensifier reaches.
	boosterScope = 2
	// capsFactor: a feeling written in capitals among lower-case words (VADER adds 0.733).
	capsFactor = 1.5
	// contrastBefore, contrastAfter: around maar/but the clause after it weighs more (VADER's
	// 0.5 and 1.5).
	contrastBefore, contrastAfter = 0.5, 1.5
	// sarcasmFactor: a positive word read as sarcastic counts as negative, a little weaker.
	sarcasmFactor = -0.8
	// bangStep, bangMax: each ! adds this much in the direction of the text, at most four (VADER).
	bangStep, bangMax = 0.292, 4
	// unresolvedNegation: a negation with no feeling to turn ("pakket niet ontvangen", "geen
	// reactie", "werkt niet") is itself a complaint in customer service.
	unresolvedNegation = -1.2
	// alpha normalises a sum x into [-1, 1] as x/√(x²+α), VADER's normalize with α = 15.
	alpha = 15
)

// scratch holds the per-text buffers of one Score call; a pool keeps Score allocation-light and
// safe to call from many goroutines.
type scratch struct {
	z     tokenizer
	stems []string
	items []item
}

// An item is one feeling found in a text: a word, phrase or emoji and its weight.
type item struct {
	at     int // token index
	weight float64
	negate bool // already turned by a negation
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// Score is the sentiment of s in lang, in [-1, 1]: below zero negative, above positive. lang is
// read as Lang reads it ("" detects). The same text always scores the same.
func Score(s, lang string) float64 {
	l := nlLang
	if Lang(s, lang) == English {
		l = enLang
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	return normalize(sc.sum(s, l))
}

// normalize maps a sum of weights into [-1, 1] (VADER's normalize).
func normalize(x float64) float64 {
	if x == 0 || math.IsNaN(x) {
		return 0
	}
	return x / math.Sqrt(x*x+alpha)
}

// sum walks the tokens of s once, collecting feelings, then applies negation, intensity,
// contrast, sarcasm and exclamation.
func (sc *scratch) sum(s string, l *language) float64 {
	toks := sc.z.tokenize(s)
	sc.stems = sc.stems[:0]
	allCaps := true
	for _, t := range toks {
		st := ""
		if t.kind == word {
			st = l.stem(t.text)
			if !t.caps && hasLetter(t.text) {
				allCaps = false
			}
		}
		sc.stems = append(sc.stems, st)
	}
	sc.items = sc.items[:0]
	var (
		negateLeft  int     // words still under a negation
		negatedAt   = -1    // token index of the open negation, until it finds a feeling
		boost       = 1.0   // factor of an intensifier waiting for its feeling
		boostLeft   int     //
		contrastAt  = -1    // token index of the last maar/but
		sarcasmCue  bool    // weer, alweer, again, 🙄
		bangs       int     //
		unresolved  float64 // negations that found no feeling
		quotedPlus  bool    // a positive word stood between quotes
		closeNegate = func() {
			if negatedAt >= 0 {
				// Look back: Dutch puts niet after the verb ("het helpt niet", "bevalt me niet").
				if k := len(sc.items) - 1; k >= 0 && !sc.items[k].negate && negatedAt-sc.items[k].at <= negationScope+1 &&
					!clauseBetween(toks, sc.items[k].at, negatedAt) {
					sc.items[k].weight *= negationFactor
					sc.items[k].negate = true
				} else {
					unresolved += unresolvedNegation
				}
			}
			negatedAt, negateLeft = -1, 0
		}
	)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.kind {
		case boundary, comma:
			closeNegate()
			boostLeft = 0
			continue
		case bang:
			closeNegate()
			bangs++
			continue
		case emoji:
			if w, ok := emojis[t.text]; ok {
				sc.items = append(sc.items, item{at: i, weight: w})
			}
			if t.text == "🙄" || t.text == "👏" || t.text == "🤡" {
				sarcasmCue = true
			}
			continue
		}
		// A phrase of our list, matched on stems, wins over its words.
		if n, w := l.matchPhrase(toks, sc.stems, i); n > 0 {
			i += n - 1
			if w != 0 {
				sc.items = append(sc.items, sc.feel(i, w, t, &boost, &boostLeft, &negateLeft, &negatedAt))
			}
			continue
		}
		r, isRule := l.rules[t.text]
		if !isRule && l == enLang && strings.HasSuffix(t.text, "n't") {
			r, isRule = rule{kind: negator}, true
		}
		if isRule {
			switch r.kind {
			case negator:
				closeNegate()
				negatedAt, negateLeft = i, negationScope
				continue
			case booster:
				// An intensifier that finds no feeling after it may be a feeling itself ("super!").
				if l.feelingAhead(toks, sc.stems, i) {
					boost, boostLeft = r.factor, boosterScope+1
					continue
				}
			case contrast: // helaas, unfortunately: also a feeling of their own, below
				if !l.notContrast(toks, i) {
					closeNegate()
					contrastAt = i
				}
			case sarcasm: // alweer, lekker: also a feeling of their own, below
				sarcasmCue = true
			}
		}
		w, ok := l.surface[t.text]
		if !ok {
			w, ok = l.words[sc.stems[i]]
		}
		if ok && w != 0 {
			if t.quote && w > 0 {
				quotedPlus = true
			}
			if t.caps && !allCaps {
				w *= capsFactor
			}
			sc.items = append(sc.items, sc.feel(i, w, t, &boost, &boostLeft, &negateLeft, &negatedAt))
			continue
		}
		if boostLeft > 0 {
			boostLeft--
		}
		if negateLeft > 0 {
			if negateLeft--; negateLeft == 0 {
				closeNegate()
			}
		}
	}
	closeNegate()
	return sc.combine(toks, contrastAt, sarcasmCue, quotedPlus, bangs, unresolved)
}

// feel applies the waiting intensifier and negation to a feeling of weight w at token i.
func (sc *scratch) feel(i int, w float64, t token, boost *float64, boostLeft, negateLeft, negatedAt *int) item {
	if *boostLeft > 0 {
		w *= *boost
		*boostLeft = 0
	}
	it := item{at: i, weight: w}
	if *negateLeft > 0 {
		it.weight *= negationFactor
		it.negate = true
		*negateLeft, *negatedAt = 0, -1
	}
	return it
}

// combine weighs the feelings by contrast, turns sarcastic praise, and adds exclamation.
func (sc *scratch) combine(toks []token, contrastAt int, sarcasmCue, quotedPlus bool, bangs int, unresolved float64) float64 {
	neg := unresolved
	for _, it := range sc.items {
		if it.weight < 0 {
			neg += it.weight
		}
	}
	// Praise is sarcastic when a cue (alweer, again, 🙄, praise in quotes) stands in a text
	// that also complains: "Top hoor, alweer te laat".
	sarcastic := (sarcasmCue || quotedPlus) && neg < 0
	sum := unresolved
	for _, it := range sc.items {
		w := it.weight
		if sarcastic && w > 0 && !it.negate {
			w *= sarcasmFactor
		}
		if contrastAt >= 0 {
			if it.at < contrastAt {
				w *= contrastBefore
			} else {
				w *= contrastAfter
			}
		}
		sum += w
	}
	if sum != 0 {
		b := float64(min(bangs, bangMax)) * bangStep
		if sum < 0 {
			b = -b
		}
		sum += b
	}
	return sum
}

// matchPhrase is the length in tokens of the longest phrase of our list starting at token i
// (consecutive words), and its weight.
func (l *language) matchPhrase(toks []token, stems []string, i int) (int, float64) {
	best, weight := 0, 0.0
	for _, p := range l.phrases[stems[i]] {
		k, j := 1, i+1
		for ; k < len(p.stems) && j < len(toks); k, j = k+1, j+1 {
			if toks[j].kind != word || stems[j] != p.stems[k] {
				break
			}
		}
		if k == len(p.stems) && j-i > best {
			best, weight = j-i, p.weight
		}
	}
	return best, weight
}

// feelingAhead: a word with a weight follows token i within the booster's reach.
func (l *language) feelingAhead(toks []token, stems []string, i int) bool {
	for j, n := i+1, 0; j < len(toks) && n < boosterScope; j++ {
		if toks[j].kind != word {
			return false
		}
		n++
		if w, ok := l.surface[toks[j].text]; ok && w != 0 {
			return true
		}
		if w := l.words[stems[j]]; w != 0 {
			return true
		}
		if r, ok := l.rules[toks[j].text]; ok && r.kind == booster {
			continue
		}
	}
	return false
}

// notContrast: "maar ook", "but also" add rather than oppose.
func (l *language) notContrast(toks []token, i int) bool {
	if i+1 < len(toks) && toks[i+1].kind == word {
		switch toks[i+1].text {
		case "ook", "also":
			return true
		}
	}
	return false
}

// clauseBetween: a boundary or comma lies between tokens a and b.
func clauseBetween(toks []token, a, b int) bool {
	for k := a + 1; k < b; k++ {
		if toks[k].kind == boundary || toks[k].kind == comma {
			return true
		}
	}
	return false
}

func hasLetter(s string) bool {
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r > 0x7f {
			return true
		}
	}
	return false
}
