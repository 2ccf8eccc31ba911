package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A token is one word, emoji or mark of a text, as the scorer and the stemmer see it.
type token struct {
	text  string    // lower-cased word ("zo'n", "can't", "'t"), an emoji, or a mark
	kind  tokenKind //
	caps  bool      // the word was written in capitals (at least two letters, none lower-case)
	quote bool      // the word stands between quotation marks ("snelle" levering)
}

type tokenKind uint8

const (
	word     tokenKind = iota
	emoji              // a pictograph (🙄) or a text emoticon (":)")
	boundary           // . ; : ? ( ) and line ends: a clause ends, negation stops
	comma              // , and dashes: a pause, negation stops
	bang               // !
	qmark              // ?: a boundary that ends a question
)

// tokenizer reuses its buffers across texts; the zero value is ready.
type tokenizer struct {
	lower  []byte
	tokens []token
}

// tokenize splits s into tokens: words lower-cased, split on punctuation, apostrophes inside a
// word kept ("zo'n", "don't") as are the Dutch clitics 't, 's, 'k, 'n at a word's start; each
// emoji a token of its own; the text emoticons :) :( :D ;) :/ :p <3 as emoji. The returned
// slice and its strings are valid until the next call.
func (z *tokenizer) tokenize(s string) []token {
	z.tokens = z.tokens[:0]
	z.lower = z.lower[:0]
	// Words' text points into one lower-cased copy, made once: no allocation per word.
	type span struct{ from, to int }
	spans := make([]span, 0, 32)
	inQuote := false
	// A single quote opens before a word ('onderweg') and closes after one; the words between
	// are marked only when it closes within a few words, as an apostrophe may open nothing.
	singleAt := -1
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isWordRune(r) || (isApostrophe(r) && startsClitic(s[i+n:])):
			j, caps, letters := i, true, 0
			from := len(z.lower)
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if isApostrophe(r) {
					// An apostrophe joins letters on both sides, or starts a clitic ('t).
					if j == i || (j+n < len(s) && isWordRuneAt(s, j+n) && from < len(z.lower)) {
						z.lower = append(z.lower, '\'')
						j += n
						continue
					}
					break
				}
				if !isWordRune(r) {
					break
				}
				if unicode.IsLetter(r) {
					letters++
					if unicode.IsLower(r) {
						caps = false
					}
				}
				z.lower = utf8.AppendRune(z.lower, unicode.ToLower(r))
				j += n
			}
			spans = append(spans, span{from, len(z.lower)})
			z.tokens = append(z.tokens, token{kind: word, caps: caps && letters >= 2, quote: inQuote})
			i = j
			continue
		case r == ':' || r == ';' || r == '<':
			if m := emoticon(s[i:]); m != "" {
				z.tokens = append(z.tokens, token{kind: emoji, text: m})
				i += len(m)
				continue
			}
			z.tokens = append(z.tokens, token{kind: boundary})
		case isApostrophe(r) && singleAt < 0 && (i == 0 || !isWordRuneBefore(s, i)) && i+n < len(s) && isWordRuneAt(s, i+n):
			singleAt = len(z.tokens)
		case isApostrophe(r) && singleAt >= 0 && i > 0 && isWordRuneBefore(s, i) && (i+n == len(s) || !isWordRuneAt(s, i+n)):
			if words := len(z.tokens) - singleAt; words <= maxQuoted {
				for k := singleAt; k < len(z.tokens); k++ {
					z.tokens[k].quote = z.tokens[k].kind == word
				}
			}
			singleAt = -1
		case r == '"' || r == '“' || r == '”' || r == '„' || r == '«' || r == '»':
			inQuote = !inQuote && r != '”' && r != '»'
		case r == '!':
			z.tokens = append(z.tokens, token{kind: bang})
		case r == '-' && i > 0 && i+n < len(s) && isWordRuneAt(s, i+n) && isWordRuneBefore(s, i):
			// e-mail, klant-vriendelijk: two words, no pause
		case r == ',' || r == '–' || r == '—' || r == '-':
			z.tokens = append(z.tokens, token{kind: comma})
		case r == '?':
			z.tokens = append(z.tokens, token{kind: qmark})
		case r == '.' || r == '(' || r == ')' || r == '\n' || r == '\r':
			z.tokens = append(z.tokens, token{kind: boundary})
		case isEmoji(r):
			z.tokens = append(z.tokens, token{kind: emoji, text: s[i : i+n]})
		}
		i += n
	}
	// Point each word at its lower-cased text, now that the buffer no longer grows.
	lower := string(z.lower)
	k := 0
	for t := range z.tokens {
		if z.tokens[t].kind == word {
			z.tokens[t].text = lower[spans[k].from:spans[k].to]
			k++
		}
	}
	return z.tokens
}

// maxQuoted: a single-quoted span longer than this many tokens is taken for stray apostrophes.
const maxQuoted = 8

// isWordRune: letters, digits, and the combining marks some keyboards type after a letter. The
// variation selectors are combining marks too (Mn) but belong to the emoji before them (❤️ is
// U+2764 U+FE0F): as a word they were an invisible term of every such text.
func isWordRune(r rune) bool {
	if r < 0x80 { // most text: no table lookups
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Variation_Selector, r)
}

func isWordRuneAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

func isWordRuneBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isWordRune(r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == '‘' || r == '`' }

// startsClitic: after an apostrophe at a word's start comes t, s, k or n and then no letter,
// as in Dutch 't (het), 's (des), 'k (ik), 'n (een).
func startsClitic(rest string) bool {
	if rest == "" {
		return false
	}
	switch rest[0] {
	case 't', 's', 'k', 'n', 'T', 'S', 'K', 'N':
		return len(rest) == 1 || !isWordRuneAt(rest, 1)
	}
	return false
}

// isEmoji: pictographs and symbols (Unicode So), not the joiners, variation selectors and skin
// tones that only modify the one before.
func isEmoji(r rune) bool {
	if r == 0x200d || r == 0xfe0f || (r >= 0x1f3fb && r <= 0x1f3ff) {
		return false
	}
	return unicode.Is(unicode.So, r) || (r >= 0x1f300 && r <= 0x1faff)
}

// emoticons are the text faces read as emoji, longest first so ":-)" wins over ":-".
var emoticons = []string{":'(", ":-)", ":-(", ":-D", ":-/", ":-p", ":-P", ";-)", ":)", ":(", ":D", ":/", ":p", ":P", ";)", ":S", ":s", ":|", "<3"}

// emoticon is the text face s starts with, or "".
func emoticon(s string) string {
	for _, e := range emoticons {
		if strings.HasPrefix(s, e) {
			// ":/" of a link (https://) is no face.
			if e == ":/" && strings.HasPrefix(s, "://") {
				return ""
			}
			if len(s) > len(e) && isWordRuneAt(s, len(e)) && e != "<3" {
				return "" // "12:30", ":Datum"
			}
			return e
		}
	}
	return ""
}
