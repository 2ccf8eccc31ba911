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
	l := nlLang
	if Lang(s, lang) == English {
		l = enLang
	}
	var z tokenizer
	var out []string
	for _, t := range z.tokenize(s) {
		if t.kind != word || !hasLetter(t.text) || l.stop[t.text] || l.stop[strings.ReplaceAll(t.text, "'", "")] {
			continue
		}
		out = append(out, l.stems.get(t.text, l.stem))
	}
	return out
}

// englishStem is the Snowball English (Porter2) stem of a lower-case word.
func englishStem(w string) string { return english.Stem(w, true) }
