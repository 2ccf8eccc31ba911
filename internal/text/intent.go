package text

// What a writer means to do, to come back or to recommend (would, will … order again), and
// whose coming back a modal of intent tells: the writer's, or another's.

import "strings"

// intentGap: the most words between a modal of intent and its intent's first word ("would not
// hesitate to order again"), and between the intent's words ("buy from this shop again").
const intentGap = 3

// intentAt: token i, a modal of intent (would, will, I'd, I'll: the language's intenders),
// tells what the writer means to do, to come back or to recommend: an intent of the language's
// list (recommend; buy … again, be back) follows in its clause, its first word at most intentGap
// words after the modal, each next word at most intentGap words after the one before ("would
// definitely order again", "we will definitely be back", "would never use them again"). It
// returns the intent's last token, -1 when there is none, and whether the writer means it. A
// subject right after the modal asks ("would you order again?"), and an if in the clause
// supposes what the writer would do ("would order again if the prices were lower"): no intent.
// Another's coming back (someoneElse: "the courier will come back tomorrow") and an obligation
// between the modal and the intent ("I would have to order again") are no intent of the
// writer's: the intent is returned, not meant, so its words weigh nothing.
func (l *language) intentAt(toks []token, i int) (int, bool) {
	end := i + 1 // the clause's end
	for end < len(toks) && toks[end].kind == word {
		r, ok := l.rules[toks[end].text]
		if ok && (r.kind == person && end == i+1 || r.kind == concedes && r.factor == concedesIfAtStart) {
			return -1, false
		}
		end++
	}
	obliged := false
	for j := i + 1; j < end && j <= i+1+intentGap; j++ {
		for _, run := range l.intents.byFirst[toks[j].text] {
			k := j
			for _, w := range run[1:] {
				if k = wordAt(toks, k+1, min(end, k+2+intentGap), func(n int) bool { return toks[n].text == w }); k < 0 {
					break
				}
			}
			if k > 0 {
				return k, !obliged && !l.someoneElse(toks, i)
			}
		}
		obliged = obliged || l.obligations[toks[j].text]
	}
	return -1, false
}

// someoneElse: the modal at token i is a third person's: a pronoun of another (he, it, they:
// the language's others) right before it, a noun after a determiner (the courier, my parcel,
// the new courier), or a bare noun that opens its clause ("Courier will come back tomorrow",
// bareNoun); not the writer's (I, we, or none: "would order again", "Great service, will be
// back", "Definitely will be back"), nor after a subject ("thanks to the staff I will be
// back").
func (l *language) someoneElse(toks []token, i int) bool {
	at := func(j int) string {
		if j < 0 || toks[j].kind != word {
			return ""
		}
		return toks[j].text
	}
	before := at(i - 1)
	switch {
	case before == "":
		return false
	case l.others[before]:
		return true
	case l.subjects[before]:
		return false
	}
	return l.determiners[at(i-2)] || !l.subjects[at(i-2)] && l.determiners[at(i-3)] || at(i-2) == "" && l.bareNoun(before)
}

// bareNoun: w may be a noun, a clause's subject without a determiner ("Courier will come
// back"): a word Stems keeps (no stop word: and, so, then), no rule's (sure, maybe), no word
// of feeling (great, thanks: "Thanks, will be back" without its comma) and no adverb
// (definitely, absolutely: the language's adverbs' ending), which leave the subject the
// writer's.
func (l *language) bareNoun(w string) bool {
	if !l.isTerm(w) || l.adverbs != "" && strings.HasSuffix(w, l.adverbs) {
		return false
	}
	if _, ok := l.rules[w]; ok {
		return false
	}
	v, _ := l.weight(w, l.stemOf(w))
	return v == 0
}
