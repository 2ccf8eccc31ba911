package text

import "strings"

// Words whose feeling depends on what they are said of: how high a cost or a grade is, what
// was expected, what was promised, and what the writer does not know yet.

// levelWeight: a cost high or a grade low (hoge prijzen, lage kwaliteit) weighs as duur does,
// a cost low or a grade high as goedkoop does (domain_nl.txt: −1.5, 1.5).
const levelWeight = 1.5

// keptWeight: a promise kept ("doet wat ze beloven") weighs as "eerder dan beloofd" does.
const keptWeight = 2

// levelAt: the weight of the level word at token i (hoog, low: the language's levels) by the
// noun it describes in its clause, which starts at token start: the noun right after it, or
// one word later ("hoge verzendkosten", "high shipping costs", "lage kwaliteit"), or before
// it with a copula or a verb of finding before it, on either side of that verb ("de prijzen
// zijn wel erg hoog", "helaas zijn de prijzen hoog", "ik vind de prijzen hoog", "de prijzen
// vind ik hoog", "prices are high"). A noun in a prepositional phrase is none it describes
// (inPrepositional: "de verzendkosten zijn voor deze kwaliteit hoog", "high for this quality":
// the costs). A cost high is a complaint and low praise; a grade (kwaliteit, quality) high is
// praise and low a complaint. false when the word is no level's, or its noun neither (hoge
// verwachtingen).
func (l *language) levelAt(toks []token, i, start int) (float64, bool) {
	sign, ok := l.levels[toks[i].text]
	if !ok {
		return 0, false
	}
	nounOf := func(j int) float64 {
		if l.inPrepositional(toks, j) {
			return 0
		}
		switch w := toks[j].text; {
		case l.isKind(l.costs, w):
			return -sign * levelWeight
		case l.isKind(l.grades, w):
			return sign * levelWeight
		}
		return 0
	}
	if j := wordAt(toks, i+1, i+3, func(j int) bool { return nounOf(j) != 0 }); j > 0 {
		return nounOf(j), true
	}
	c := wordAt(toks, i-1, start-1, func(j int) bool { return l.copulas[toks[j].text] || l.finds[toks[j].text] })
	if c < 0 {
		return 0, false
	}
	// The noun stands on either side of the verb: before a copula ("de prijzen zijn hoog") or
	// after it when an adverb opens the clause ("helaas zijn de verzendkosten hoog"), after a
	// verb of finding ("ik vind de prijzen hoog") or before it when the object opens the clause
	// ("de prijzen vind ik hoog"). The nearest to the level word is the one it describes ("voor
	// deze prijs is de kwaliteit hoog": the quality).
	if j := wordAt(toks, i-1, start-1, func(j int) bool { return nounOf(j) != 0 }); j >= 0 {
		return nounOf(j), true
	}
	return 0, false
}

// prepositionalReach: the most words from a preposition to its noun ("voor deze hoge
// kwaliteit", "for such a high quality").
const prepositionalReach = 4

// inPrepositional: the noun at token j ends a prepositional phrase: a preposition (the
// language's prepositions: voor, bij; for, at) stands at most prepositionalReach words before
// it, and no copula, verb of finding or noun of a cost or grade between, which ends the phrase
// ("voor deze kwaliteit", "for this quality"; not the quality of "voor deze prijs is de
// kwaliteit hoog", "for this price the quality is high"). Such a noun says by what or where a
// cost or a grade is weighed, not which it is.
func (l *language) inPrepositional(toks []token, j int) bool {
	p := wordAt(toks, j-1, j-1-prepositionalReach, func(k int) bool {
		w := toks[k].text
		return l.prepositions[w] || l.copulas[w] || l.finds[w] || l.isKind(l.costs, w) || l.isKind(l.grades, w)
	})
	return p >= 0 && l.prepositions[toks[p].text]
}

// isKind: w is of the kind, or, in a language that joins its nouns (Dutch), a compound that
// ends on one of the kind (bezorgkosten, beeldkwaliteit), as its last part names what it is.
func (l *language) isKind(kind map[string]bool, w string) bool {
	if kind[w] {
		return true
	}
	if !l.compounds {
		return false
	}
	for k := range kind {
		if len(w) >= len(k)+3 && strings.HasSuffix(w, k) {
			return true
		}
	}
	return false
}

// Expectations: an expectation denied right before its word was surpassed ("had niet gedacht
// dat het zo snel zou gaan", "didn't expect it to be this fast"); told, it was not met ("ik had
// gedacht dat het sneller zou gaan", "I expected it to be faster").
const (
	surpassed = iota + 1
	unmet
)

// expectationAt: a word of expectation (gedacht, expected: the language's expects) at token i,
// or after a negation at token i, said of what follows it: a fact word (dat, that, to) or a
// wish word (zou, would) within three words after it, or a comparative of praise right after
// it or after a preposition (comparedAfter: "I expected better", "I had hoped for better"); a
// comparative right before it is expectedBefore's. It returns the tokens it takes (the
// negation and the word, or the word) and surpassed when a negation stands right before the
// word (at i, or the open one at negAt: "didn't expect"), unmet when none is open; 0, 0 when it
// is none or a negation farther back holds it ("not what I expected"). The negation is the
// expectation's: matched before our phrases, which list "niet gedacht" so that it complains of
// nothing ("Had ik niet gedacht").
func (l *language) expectationAt(toks []token, i, negAt int) (int, int) {
	n := 1
	if r, ok := l.ruleOf(toks[i].text); ok && r.kind == negator && i+1 < len(toks) && toks[i+1].kind == word {
		n, negAt = 2, i
	}
	e := i + n - 1
	if !l.expects[toks[e].text] {
		return 0, 0
	}
	complement := wordAt(toks, e+1, e+4, func(j int) bool {
		r, ok := l.rules[toks[j].text]
		return l.facts[toks[j].text] || ok && r.kind == wishes || l.comparedAfter(toks, e, j)
	})
	switch {
	case complement < 0:
		return 0, 0
	case negAt == e-1:
		return n, surpassed
	case negAt < 0:
		return n, unmet
	}
	return 0, 0
}

// comparedAfter: token j is a comparative of praise right after the expectation at token e, or
// after a preposition right after it ("I expected better", "I had hoped for better").
func (l *language) comparedAfter(toks []token, e, j int) bool {
	return (j == e+1 || j == e+2 && l.prepositions[toks[e+1].text]) && l.comparativeAt(toks, j) > 0
}

// expectedBefore: the comparative of praise at token i stands right before a word of
// expectation, as Dutch puts it ("ik had beter verwacht", "ik had het sneller verwacht"): told,
// it was not met, as "I expected better" was not. The words it takes, 0 when it is none.
func (l *language) expectedBefore(toks []token, i int) int {
	if i+1 >= len(toks) || toks[i+1].kind != word || !l.expects[toks[i+1].text] {
		return 0 // a map lookup first: comparativeAt weighs the word's endings
	}
	return l.comparativeAt(toks, i)
}

// keptPromise: token i is a promise (beloven, promised: the language's promises) after what
// (wat, what) after a verb of doing (doet, does), each within three words of the next in one
// clause ("doet wat ze beloven", "deed niet wat beloofd was", "does what it says"): a promise
// kept, praise.
func (l *language) keptPromise(toks []token, i int) bool {
	if !l.promises[toks[i].text] {
		return false
	}
	what := wordAt(toks, i-1, i-4, func(j int) bool { return l.whats[toks[j].text] })
	return what > 0 && wordAt(toks, what-1, what-4, func(j int) bool { return l.does[toks[j].text] }) >= 0
}

// unsure: the negation at token at follows the writer's verb of knowing within three words
// ("Weet nog niet", "ik weet het nog niet"): the writer does not know yet, no complaint. The
// verb opens its clause or follows the writer (ik, we: the language's writers); another's not
// knowing ("ze weten het niet", "niemand weet waar mijn pakket is") is one.
func (l *language) unsure(toks []token, at int) bool {
	k := wordAt(toks, at-1, at-4, func(j int) bool { return l.knowing[toks[j].text] })
	return k >= 0 && (k == 0 || toks[k-1].kind != word || l.writers[toks[k-1].text])
}
