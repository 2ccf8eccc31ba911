package text

import "strings"

// Detect names the language of s: Dutch or English. Text in neither, or with no evidence either
// way, is read as Dutch, the product's first language.
//
// The evidence is each word's: a stop word of one language and not the other, a word our lists
// name for one language (lang lines of domain_*.txt), and letter pairs common in one language
// and rare in the other (Dutch ij, oe, aa, uu, ui, sch; English th, wh, ea, ay, ow, a final y).
func Detect(s string) string {
	ready()
	var z tokenizer
	return detectTokens(z.tokenize(s))
}

func detectTokens(toks []token) string {
	score := 0.0 // above zero English
	for _, t := range toks {
		if t.kind == word {
			score += wordEvidence(t.text)
		}
	}
	if score > 0 {
		return English
	}
	return Dutch
}

// wordEvidence is how much one word says English (positive) or Dutch (negative).
func wordEvidence(w string) float64 {
	nlStop, enStop := nlLang.stop[w], enLang.stop[w]
	switch {
	case nlStop && !enStop:
		return -1
	case enStop && !nlStop:
		return 1
	case nlStop && enStop:
		return 0
	}
	if v, ok := enLang.detectWt[w]; ok {
		return v
	}
	if v, ok := nlLang.detectWt[w]; ok {
		return -v
	}
	e := 0.0
	for _, g := range [...]string{"ij", "oe", "aa", "uu", "ui", "sch"} {
		if strings.Contains(w, g) {
			e -= 0.4
		}
	}
	for _, g := range [...]string{"th", "wh", "ea", "ay", "ow"} {
		if strings.Contains(w, g) {
			e += 0.4
		}
	}
	if strings.HasSuffix(w, "y") {
		e += 0.3
	}
	if strings.Contains(w, "'") && (strings.HasSuffix(w, "n't") || strings.HasSuffix(w, "'m") || strings.HasSuffix(w, "'re") || strings.HasSuffix(w, "'ve")) {
		e += 1
	}
	return e
}
