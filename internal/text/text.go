package text

import (
	"strings"

	"github.com/kljensen/snowball/english"
)

// Languages the package reads.
const (
	Dutch   = "nl"
	English = "en"
)

// Lang is the language s is read in: lang when it is "nl" or "en" (a record's language column,
// "nl-BE" counts as Dutch), else the detected one.
func Lang(s, lang string) string {
	if l := known(lang); l != "" {
		return l
	}
	return Detect(s)
}

// known is the language a language column names ("nl", "nl-BE", "EN"), or "".
func known(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	switch {
	case strings.HasPrefix(l, "nl"):
		return Dutch
	case strings.HasPrefix(l, "en"):
		return English
	}
	return ""
}

// Stems is the words of s in lang, lower-cased and stemmed, stop words left out, in order.
// Numbers, emoji and marks are left out too; lang is read as Lang reads it.
func Stems(s, lang string) []string {
	l, _ := termLang(s, lang)
	var z tokenizer
	var out []string
	toks := z.tokenize(s)
	for i := 0; i < len(toks); i++ {
		if n := l.asideAt(toks, i); n > 0 {
			i += n - 1
			continue
		}
		if t := toks[i]; t.kind == word && l.isTerm(t.text) {
			out = append(out, l.stems.get(t.text, l.stem))
		}
	}
	return out
}

// asideAt: the tokens from token i to pass over as an aside, its closing comma included, 0
// when none starts there. An aside is how the writer speaks (the language's asides: eerlijk
// gezegd, to be honest) set off by commas: a comma right before it and right after it. It is
// no word of the clause it stands in, which goes on after it ("Ik ben, eerlijk gezegd,
// bezorgd" is "ik ben bezorgd": worried, no delivery), so Stems and Words leave it out; before
// a word that opens a clause Words keeps the comma's break (Pause).
func (l *language) asideAt(toks []token, i int) int {
	if i == 0 || toks[i-1].kind != comma {
		return 0
	}
	n := l.asides.at(toks, i)
	if n == 0 || i+n >= len(toks) || toks[i+n].kind != comma {
		return 0
	}
	return n + 1
}

// termLang is the language Stems and Words read s in (as Lang reads it), and its name.
func termLang(s, lang string) (*language, string) {
	ready()
	if Lang(s, lang) == English {
		return enLang, English
	}
	return nlLang, Dutch
}

// isTerm: the word w is one Stems keeps: it has a letter and is no stop word, also when written
// without its apostrophes.
func (l *language) isTerm(w string) bool {
	return hasLetter(w) && !l.stop[w] && !l.stop[strings.ReplaceAll(w, "'", "")]
}

// englishStem is the Snowball English (Porter2) stem of a lower-case word.
func englishStem(w string) string { return english.Stem(w, true) }
