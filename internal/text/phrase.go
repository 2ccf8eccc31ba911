package text

// A phrase of our lists as customers write it: its words next to each other (matchPhrase), or
// a verb and its particle with the words Dutch puts between them (splitPhrase).

// middleWords: the most words between a verb and its particle in a split phrase ("viel me een
// beetje tegen").
const middleWords = 3

// splitPhrase: a phrase of our list of a verb and its particle (two words, the second one of
// the language's particles: "viel tegen", "valt mee") that starts at token i with the middle
// words Dutch puts between the two, at most middleWords of them: pronouns, intensifiers,
// negations and the language's middle words ("Levertijd viel erg tegen", "De service viel me
// tegen", "Viel me niks tegen", "Het valt allemaal wel mee"). The particle must end its clause,
// or a word that opens a clause follow it ("viel tegen en duurde lang"): before other words it
// is a preposition ("ik viel met de fiets tegen de paal"). It returns the phrase's length in
// tokens, 0 when none is there, and its weight: an intensifier between weighs it and a
// negation turns it, as they do a word after them.
func (l *language) splitPhrase(toks []token, stems []string, i int) (int, float64) {
	for _, p := range l.phrases[stems[i]] {
		if len(p.stems) != 2 {
			continue
		}
		v := p.weight
		for j := i + 1; j < len(toks) && j <= i+1+middleWords && toks[j].kind == word; j++ {
			if j > i+1 && stems[j] == p.stems[1] && l.particles[toks[j].text] {
				if j+1 < len(toks) && toks[j+1].kind == word && !l.clauses[toks[j+1].text] {
					break
				}
				return j - i + 1, v
			}
			r, ok := l.rules[toks[j].text]
			switch {
			case l.middles[toks[j].text]:
			case ok && r.kind == booster:
				v *= r.factor
			case ok && r.kind == negator && r.factor != 0:
				v *= negationFactor
			case ok && r.kind == person:
			default:
				j = len(toks) // no middle word: no split phrase of p here
			}
		}
	}
	return 0, 0
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
