package text

import "strings"

// A Word is one word of a text as written, lower-cased, with what the themes and the emerging
// terms make of it. Words is Stems with the words it leaves out kept in place, so a caller can
// show a term as customers wrote it: a pair of stems "sted bezorgd" as "steeds niet bezorgd".
type Word struct {
	Written string // lower-cased, apostrophes kept ("zo'n", "can't")
	// Stem is what Stems gives for the word; "" for a word Stems leaves out (a stop word or a
	// number).
	Stem string
	// Function marks a word Stems keeps that is no term of its own: a pronoun, an auxiliary or
	// modal verb, a question word (FunctionWord). Themes read it, emerging terms pass over it.
	Function bool
	// Opens marks the first word of a sentence after the first: a . ? ! : ; a bracket or a
	// line end stands before it. Two words either side are no phrase of the themes, nor a pair
	// of emerging terms.
	Opens bool
	// Pause marks the first word after a comma or a dash within a sentence ("Snel bezorgd, dat
	// scheelt"): the words either side belong to two clauses, so no expression, term or phrase
	// of the themes spans them, nor a pair of emerging terms.
	Pause bool
}

// NewClause tells whether w begins a clause after the first: a sentence's end, a comma or a
// dash stands before it (Opens or Pause), so no phrase, expression or pair spans it.
func (w Word) NewClause() bool { return w.Opens || w.Pause }

// Words is the words of s in lang (read as Lang reads it), in order; emoji, marks and an aside
// between commas (asideAt) are left out. The stems of the words with a Stem are Stems(s,
// lang).
func Words(s, lang string) []Word {
	l, name := termLang(s, lang)
	var z tokenizer
	var out []Word
	opens, pause := false, false
	toks := z.tokenize(s)
	for i := 0; i < len(toks); i++ {
		if n := l.asideAt(toks, i); n > 0 {
			i += n - 1
			// The clause goes on after the aside (asideAt), unless a word that opens a clause
			// follows it: "Snel bezorgd, eerlijk gezegd, dat scheelt" is two clauses, no
			// "bezorgd dat".
			pause = pause && i+1 < len(toks) && toks[i+1].kind == word && l.clauses[toks[i+1].text]
			continue
		}
		t := toks[i]
		switch t.kind {
		case boundary, qmark, bang:
			opens = len(out) > 0
		case comma:
			pause = len(out) > 0
		}
		if t.kind != word {
			continue
		}
		w := Word{Written: t.text, Opens: opens, Pause: pause && !opens}
		opens, pause = false, false
		if l.isTerm(t.text) {
			w.Stem = l.stems.get(t.text, l.stem)
			w.Function = FunctionWord(t.text, name)
		}
		out = append(out, w)
	}
	return out
}

// FunctionWord reports whether w (lower-cased) is a word customers write that says nothing
// about what they write about, yet the general stop-word lists (nlp.js, lexicon/stopwords_*.json)
// lack: on the demo year "jullie" rose as an emerging term only because angry customers
// address the company. These lists are ours and serve the emerging terms only (themes and
// sentiment read these words): pronouns and possessives, auxiliary and modal verbs with their
// contractions, question words. Content verbs ("zegt", "says") stay terms.
func FunctionWord(w, lang string) bool {
	list := functionNL
	if lang == English {
		list = functionEN
	}
	return list[w]
}

// functionSet is a set of function words, each also without its apostrophes, as customers
// often type them (dont, mn).
func functionSet(words ...string) map[string]bool {
	m := make(map[string]bool, 2*len(words))
	for _, w := range words {
		m[w], m[strings.ReplaceAll(w, "'", "")] = true, true
	}
	return m
}

var functionNL = functionSet(
	// pronouns and possessives the nlp.js list lacks (it has ik, je, u, uw, hij, ze, wij, ons, mijn, …)
	"jij", "jou", "jouw", "jullie", "uzelf", "jezelf", "mezelf", "zichzelf", "onszelf", "onze",
	"hen", "elkaar", "niemand", "m'n", "z'n", "d'r",
	// auxiliary and modal verbs in the forms the list lacks
	"bent", "zijt", "hebt", "hadden", "kun", "kunt", "konden", "wilt", "willen", "wilde", "wou",
	"zult", "zullen", "zouden", "moeten", "moest", "moesten", "mag", "mogen", "mocht", "wordt",
	"word", "werden",
	// question words
	"waar", "wanneer", "waarom", "welke", "welk", "waarmee", "waarover",
)

var functionEN = functionSet(
	// pronouns and possessives the nlp.js list lacks (it has i, me, my, you, your, we, they, …)
	"us", "she", "hers", "herself", "yourselves", "y'all", "ya", "ur", "someone", "anyone",
	"i'm", "i've", "i'll", "i'd", "you're", "you've", "you'll", "you'd", "we're", "we've",
	"we'll", "they're", "they've", "he's", "she's", "it's", "that's", "there's", "let's",
	// auxiliary and modal verbs and their contractions
	"will", "shall", "may", "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't",
	"didn't", "haven't", "hasn't", "hadn't", "can't", "couldn't", "won't", "wouldn't",
	"shouldn't",
	// question words
	"whose",
)
