package text

import (
	"strings"
	"unicode"
)

// Languages the package reads.
const (
	Dutch   = "nl"
	English = "en"
)

// Detect names the language of s: Dutch or English. Text in neither is read as Dutch, the
// product's first language.
//
// Placeholder until the word lists land: every text is Dutch.
func Detect(s string) string { return Dutch }

// Lang is the language s is read in: lang when it is "nl" or "en" (a record's language column,
// "nl-BE" counts as Dutch), else the detected one.
func Lang(s, lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	switch {
	case strings.HasPrefix(l, "nl"):
		return Dutch
	case strings.HasPrefix(l, "en"):
		return English
	}
	return Detect(s)
}

// Stems is the words of s in lang, lower-cased and stemmed, stop words left out, in order.
//
// Placeholder until the stemmers land: lower-cased words only.
func Stems(s, lang string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// Score is the sentiment of s in lang, in [-1, 1]: below zero negative, above positive.
//
// Placeholder until the lexicons land: every text scores 0.
func Score(s, lang string) float64 { return 0 }
