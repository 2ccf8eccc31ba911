package text

// A phrase of our lists as customers write it: its words next to each other (matchPhrase), or
// a verb and its particle with the words Dutch puts between them (splitPhrase).

// middleWords: the most words between a verb and its particle in a split phrase ("viel me een
// beetje tegen").
const middleWords = 3

// splitPhrase: a phrase of our list of a verb and its particle (the second word one of the
// language's particles: "viel tegen", "valt mee"), and the words that close it with the
// particle ("stel op prijs"), that starts at token i with the middle words Dutch puts between
// the verb and the rest, at most middleWords of them: pronouns, intensifiers, negations and the
// language's middle words ("Levertijd viel erg tegen", "De service viel me tegen", "Viel me
// niks tegen", "Het valt allemaal wel mee", "Ik stel het zeer op prijs"). The phrase's last
// word must end its clause, or a word that opens a clause follow it ("viel tegen en duurde
// lang"): before other words the particle is a preposition ("ik viel met de fiets tegen de
// paal"). It returns the phrase's length in tokens, 0 when none is there, and its weight: an
// intensifier between weighs it and a negation turns it, as they do a word after them.
func (l *language) splitPhrase(toks []token, stems []string, i int) (int, float64) {
	for _, p := range l.phrases[stems[i]] {
		if len(p.stems) < 2 {
			continue
		}
		v := p.weight
		for j := i + 1; j < len(toks) && j <= i+1+middleWords && toks[j].kind == word; j++ {
			if j > i+1 && l.particles[toks[j].text] && stemsAt(toks, stems, j, p.stems[1:]) {
				end := j + len(p.stems) - 1 // the token after the phrase
				if end < len(toks) && toks[end].kind == word && !l.clauses[toks[end].text] {
					break
				}
				return end - i, v
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
		if k == len(p.stems) && j-i > best && !l.beforeObject(toks, j) {
			best, weight = j-i, p.weight
		}
	}
	return best, weight
}

// beforeObject: the phrase that ends before token j ends on a particle that an article, a
// determiner or a pronoun follows, opening the particle's object, which makes the particle a
// preposition: "Ik liep achter de bezorger aan" is no lag, "viel tegen de paal" and "viel
// tegen een paal" no letdown. A word that opens
// a clause may follow ("liep achter, dat is jammer"), and a particle of speech ("valt mee
// hoor").
func (l *language) beforeObject(toks []token, j int) bool {
	if j < 2 || j >= len(toks) || toks[j].kind != word || !l.particles[toks[j-1].text] || l.clauses[toks[j].text] {
		return false
	}
	r, ok := l.rules[toks[j].text]
	return ok && r.kind == person || l.articles[toks[j].text] || l.determiners[toks[j].text]
}

// stemsAt: the words from token j on have the stems want.
func stemsAt(toks []token, stems []string, j int, want []string) bool {
	for k, st := range want {
		if j+k >= len(toks) || toks[j+k].kind != word || stems[j+k] != st {
			return false
		}
	}
	return true
}
