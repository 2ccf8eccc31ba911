package text

import "sync"

// walk is the state of one pass over a text's tokens. A pool keeps Score allocation-light and
// safe from many goroutines.
type walk struct {
	l         *language
	z         tokenizer
	toks      []token
	stems     []string
	items     []item
	sentences []sentence
	sentWords int // words seen in the current sentence

	negAt, negLeft   int  // token of the open negation (−1: none), words it still reaches
	negComplains     bool // the open negation is a complaint when it turns nothing (not zonder)
	negBack          bool // the open negation may turn the feeling just before it (niet)
	boost            float64
	boostLeft        int
	contrastAt       int  // token of the last maar/but, −1: none
	conceding        bool // in a concessive clause (hoewel, although), to its comma or end
	clauseStart      int  // token where the current clause starts (after , . maar)
	wishing          bool // the current clause wishes: its feelings weigh as a wish's
	whereasAt        int  // token of the first terwijl, whereas (−1: none): the praise after it in
	whereasSent      int  // its sentence is the writer's own conduct ("terwijl ik op tijd betaald heb")
	elsewhere        bool // the current clause is about elsewhere: its praise is not ours
	concedeLeft      int  // words a concessive preposition (ondanks, despite) still reaches
	naming           bool // … and it is a topic's (over, about)
	sarcasm, quoted  bool
	opener           bool // the text opens with praise ("Top, …", "Great, another …")
	openerClause     bool // … of a fact: "Heel attent dat …", "Wat een feest om …", "Amazing how …"
	openerAt         int  // token of that praise
	bangs, wordsSeen int
	balanceSent      int  // the sentence of the last gemiddeld, average (−1: none)
	intentEnd        int  // the last token of the intent a would opened (−1: none): intentAt
	tagEnd           int  // the last token of a tag question's tag (−1: none): tagAt
	expecting        int  // the current clause tells an expectation surpassed or unmet (0: none)
	adviceSent       int  // the sentence of the last advice ("je kunt beter bellen"; −1: none)
	promising        bool // the current clause is what that advice promises (dan …)
}

var walkPool = sync.Pool{New: func() any { return new(walk) }}

// Score is the sentiment of s in lang, in [-1, 1]: below zero negative, above positive. lang is
// read as Lang reads it ("" detects). The same text always scores the same.
func Score(s, lang string) float64 {
	ready()
	w := walkPool.Get().(*walk)
	defer walkPool.Put(w)
	w.toks = w.z.tokenize(s)
	l := nlLang
	switch known(lang) {
	case English:
		l = enLang
	case "":
		if detectTokens(w.toks) == English {
			l = enLang
		}
	}
	return normalize(w.sum(l))
}

// sum collects the feelings of s and combines them.
func (w *walk) sum(l *language) float64 {
	w.l = l
	w.stems, w.items, w.sentences = w.stems[:0], w.items[:0], append(w.sentences[:0], sentence{})
	w.negAt, w.negLeft, w.boostLeft, w.contrastAt, w.bangs, w.wordsSeen, w.sentWords = -1, 0, 0, -1, 0, 0, 0
	w.sarcasm, w.quoted, w.opener, w.openerClause, w.conceding, w.concedeLeft, w.openerAt = false, false, false, false, false, 0, -1
	w.clauseStart, w.wishing, w.whereasAt, w.elsewhere, w.balanceSent, w.naming, w.intentEnd = 0, false, -1, false, -1, false, -1
	w.expecting, w.tagEnd, w.adviceSent, w.promising = 0, -1, -1, false
	allCaps := true
	for _, t := range w.toks {
		st := ""
		if t.kind == word {
			st = l.stemOf(t.text)
			if !t.caps && hasLetter(t.text) {
				allCaps = false
			}
		}
		w.stems = append(w.stems, st)
	}
	for i := 0; i < len(w.toks); i++ {
		i = w.step(i, allCaps)
	}
	w.closeNegation()
	return w.combine()
}

// step reads token i and returns the index of the last token it used.
func (w *walk) step(i int, allCaps bool) int {
	t := w.toks[i]
	switch t.kind {
	case boundary, qmark, bang:
		w.endClause(i)
		// A tag's ? asks for agreement with what the sentence told: it stops a statement.
		tagged := t.kind == qmark && i > 0 && i-1 == w.tagEnd
		if t.kind == qmark && !tagged {
			// One ? asks; ?? and more, and ?!, are a complaint put as a question ("waarom??").
			cur := &w.sentences[len(w.sentences)-1]
			cur.rhetorical = cur.rhetorical || cur.question || (i > 0 && w.toks[i-1].kind == qmark) || (i+1 < len(w.toks) && w.toks[i+1].kind == bang)
			cur.question = true
			if i+1 < len(w.toks) && w.toks[i+1].kind == qmark {
				return i // the sentence goes on to its last ?
			}
		}
		if t.kind == bang {
			w.bangs++
		}
		if t.kind != qmark || tagged {
			w.sentences[len(w.sentences)-1].stopped = true
		}
		if w.sentWords > 0 {
			w.sentences = append(w.sentences, sentence{})
			w.sentWords = 0
		}
		return i
	case comma:
		w.endClause(i)
		return i
	case emoji:
		if v, ok := emojis[t.text]; ok {
			w.add(i, v, false)
		}
		if ironyEmoji[t.text] {
			w.sarcasm = true
		}
		return i
	}
	w.wordsSeen++
	w.sentences[len(w.sentences)-1].words++
	if w.sentWords++; w.sentWords == 1 && w.l.opensQuestion(w.toks, i) {
		w.sentences[len(w.sentences)-1].asks = true
	}
	if last := w.repetition(i); last >= i {
		return last
	}
	if w.concedeLeft > 0 {
		w.concedeLeft--
	}
	if w.l.habits[t.text] {
		w.sentences[len(w.sentences)-1].habitual = true
	}
	w.noteQuote(i)
	if n := w.l.tagAt(w.toks, i); n > 0 && !w.sentences[len(w.sentences)-1].asks {
		// A tag question's tag ("Goed geregeld toch?", "Great service, right?") is no word of
		// the statement: no contrast (toch), no negation (niet, isn't it), no question.
		w.tagEnd = i + n - 1
		w.sentences[len(w.sentences)-1].words += n - 1
		return w.tagEnd
	}
	if i == w.intentEnd {
		// The intent's last word, which no phrase of ours took ("would buy here again"): the
		// intent weighs as "would buy again" does, turned by a negation in it.
		w.intentEnd = -1
		w.add(i, intentWeight, true)
		return i
	}
	// A mark (8/10, 2 sterren) weighs by its place on its scale.
	if w.stems[i] == "#" {
		if n, v := w.l.rating(w.toks, i); n > 0 {
			last, _ := w.addRun(i, n, v)
			return last
		}
	}
	// Another's coming back, or an obligation, is no intent of the writer's: its words, "will
	// be back" and "come back" among them, weigh nothing ("the courier will come back").
	intent, meant := -1, false
	if w.l.intenders[t.text] {
		if intent, meant = w.l.intentAt(w.toks, i); intent > i && !meant {
			return intent
		}
	}
	if n, e := w.l.expectationAt(w.toks, i, w.negAt); e > 0 {
		// What was expected is told, no wish; denied right before, it was surpassed, and the
		// negation is the expectation's, not what happened ("had niet gedacht dat het zo snel").
		if w.expecting = e; e == surpassed {
			w.negAt, w.negLeft = -1, 0
		}
		w.sentences[len(w.sentences)-1].words += n - 1
		return i + n - 1
	}
	// A phrase of our list, matched on stems, wins over its words; so does a verb and its
	// particle with the middle words between (splitPhrase), which weigh it and turn it.
	n, v := w.l.matchPhrase(w.toks, w.stems, i)
	if n == 0 {
		n, v = w.l.splitPhrase(w.toks, w.stems, i)
	}
	if n > 0 {
		last, it := w.addRun(i, n, v)
		if it != nil {
			it.phrase = n > 1
		}
		return last
	}
	if w.l.balances[t.text] {
		w.balanceSent = len(w.sentences) - 1
	}
	// An intent to come back or recommend is praise, no wish: would, a wish's word, yields to it
	// ("I would definitely order again"); not in a clause a negation or condition holds already.
	if intent > i && w.negAt < 0 && !w.wishing {
		w.intentEnd = intent
		return i
	}
	if v, ok := w.l.levelAt(w.toks, i, w.clauseStart); ok {
		// A cost too high is a measured complaint, as room for improvement is: beside praise
		// it is a mixed verdict, no irony ("Goede producten, verzendkosten zijn wat hoog").
		w.add(i, v, true)
		w.items[len(w.items)-1].mild = v < 0
		return i
	}
	if w.l.keptPromise(w.toks, i) {
		w.add(i, keptWeight, true)
		return i
	}
	if r, ok := w.l.ruleOf(t.text); ok {
		switch r.kind {
		case negator:
			w.closeNegation()
			w.negAt, w.negLeft, w.negComplains, w.negBack = i, negationScope, r.factor != 0, r.back
			if w.intentEnd > i && w.negComplains {
				// A negation in an intent turns it, however far its last word ("I would never buy
				// from this shop again").
				w.negLeft = max(negationScope, w.intentEnd-i)
			}
			w.sentences[len(w.sentences)-1].negated = true
			return i
		case excess:
			// te/too before a measure: "te klein", "too many", "veel te weinig".
			if i+1 < len(w.toks) && w.toks[i+1].kind == word && w.l.measures[w.toks[i+1].text] {
				w.add(i+1, excessWeight, true)
				return i + 1
			}
			if w.l.feelingAhead(w.toks, w.stems, i) {
				w.boost, w.boostLeft = r.factor, boosterScope+1
				return i
			}
		case concedes:
			// ondanks/despite concede a noun phrase; hoewel/although a clause.
			switch open := w.l.opensConcession(w.toks, i, r.factor); {
			case r.factor == concedesPhrase:
				w.concedeLeft, w.naming = concessionReach+1, false
				return i
			case open:
				w.conceding, w.clauseStart, w.wishing, w.elsewhere = true, i, false, false
				if r.factor == concedesIfAtStart && w.sentWords == 1 {
					w.sentences[len(w.sentences)-1].conditional = true
				}
				return i
			case r.factor == concedesAtStart && !w.l.notContrast(w.toks, i): // "slow though": a contrast
				w.closeNegation()
				w.contrastAt = i
				return i
			case r.factor == concedesIfAtStart && w.l.opensCondition(w.toks, i):
				// "… bij de buren afgeven als ik niet thuis ben": the rest of the clause is
				// supposed; it weighs as a wish's, what came before it stays. After a wish it
				// makes the wish a request ("Ik zou het op prijs stellen als u terugbelt").
				w.closeNegation()
				if w.wishing && w.requestAt(i-1, w.clauseStart-1) {
					w.sentences[len(w.sentences)-1].requests = true
				}
				w.wishing = true
				return i
			}
		case topic:
			// over, about: what a text is about is named, not judged ("contact opgenomen over
			// de vertraagde levering"); it weighs as a concession's noun phrase does. After a
			// negation it names nothing: "nergens over te klagen", "niks over gehoord", "niet
			// over te spreken" say the negation of what follows.
			if w.negLeft > 0 && w.negAt == i-1 {
				break
			}
			w.concedeLeft, w.naming = concessionReach+1, true
			return i
		case elsewhere:
			// Praise of elsewhere is a complaint about here, unless here is the better ("dan
			// elders", "than at the competitor").
			if !w.l.comparedTo(w.toks, i) {
				w.elsewhere = true
				for k := range w.items {
					w.items[k].elsewhere = w.items[k].elsewhere || w.items[k].at >= w.clauseStart
				}
			}
			return i
		case whereas:
			if w.whereasAt < 0 {
				w.whereasAt, w.whereasSent = i, len(w.sentences)-1
			}
			return i
		case affirms:
			// "Niet de goedkoopste, wel de beste": wel after a negated clause is its contrast.
			if i > 0 && w.toks[i-1].kind == comma && w.sentences[len(w.sentences)-1].negated {
				w.closeNegation()
				w.contrastAt = i
				return i
			}
		case booster:
			// An intensifier that finds no feeling after it may be a feeling itself ("super!").
			if w.l.feelingAhead(w.toks, w.stems, i) {
				w.boost, w.boostLeft = r.factor, boosterScope+1
				return i
			}
		case contrast: // helaas, unfortunately: also a feeling of their own, below
			// toch contrasts as its clause's first word, or after a word that opens one ("en
			// toch"); within the clause it is a particle ("Gelukkig kwam het toch nog aan").
			if !w.l.notContrast(w.toks, i) && (!r.atStart || w.l.clauseFirst(w.toks, i, w.clauseStart)) {
				w.closeNegation()
				w.contrastAt, w.clauseStart, w.wishing, w.elsewhere = i, i, false, false
			}
		case sarcasm: // alweer, lekker: also a feeling of their own, below
			w.sarcasm = true
		case wishes:
			if w.negAt >= 0 || w.l.abilities.at(w.toks, i) > 0 || w.expecting == surpassed || r.hopes && w.hopeStays(i) {
				break // "niemand kon", "nobody could": a fact denied; "we could finally": had, no wish
			}
			// The wish is its clause's, words before it included ("fijn zou zijn als…"); after a
			// condition it is a request ("Als u terugbelt, zou ik dat op prijs stellen").
			w.wishing = true
			s := &w.sentences[len(w.sentences)-1]
			s.hopes = s.hopes || r.hopes
			if s.conditional && w.requestAt(i+1, len(w.toks)) {
				s.requests = true
			}
			for k := range w.items {
				// A denied fact before it stays a fact ("Nobody told me the price would …").
				w.items[k].wish = w.items[k].wish || (w.items[k].at >= w.clauseStart && !w.items[k].unresolved)
			}
			return i
		case than:
			// "Je kunt beter bellen, dan ben je sneller geholpen": the clause after advice that
			// opens with dan is what the advice promises, no praise of what was had.
			if i == w.clauseStart && w.adviceSent == len(w.sentences)-1 {
				w.promising = true
				return i
			}
		case asks, asksIf, person:
			return i
		}
	}
	if w.negLeft > 0 {
		if k := w.l.seeksBetter(w.toks, i); k > i {
			// The negation reaches the comparative sought, past the words of its noun's
			// ("couldn't have asked for a better experience"); the verb is no feeling.
			w.negLeft = max(w.negLeft, k-i)
			return i
		}
	}
	if w.expecting == unmet || w.negLeft == 0 {
		// A comparative of praise expected and not had is room for improvement ("ik had gedacht
		// dat het sneller zou gaan", "I expected it to be faster", "ik had beter verwacht").
		// Sought only in such a clause, or right before the word of expectation: comparativeAt
		// weighs the word's endings, too dear for every word.
		n := 0
		if w.expecting == unmet {
			n = w.l.comparativeAt(w.toks, i)
		} else {
			n = w.l.expectedBefore(w.toks, i)
		}
		if n > 0 {
			last, it := w.addRun(i, n, improvableWeight)
			it.mild = true
			return last
		}
	}
	if w.l.advises(w.toks, i, w.clauseStart) {
		w.adviceSent = len(w.sentences) - 1
	}
	if n := w.l.canNow(w.toks, i, w.clauseStart); n > 0 {
		// What one can do better now is praise as mild as room for improvement is a complaint;
		// the verb is what one can do, no feeling of its own ("slapen": no slap).
		last, _ := w.addRun(i, n, -improvableWeight)
		return last
	}
	if w.l.betterNow(w.toks, i, w.clauseStart) {
		// How the writer is now, better, or that things got better, is praise as mild as what
		// one can do better now.
		w.add(i, -improvableWeight, true)
		return i
	}
	if n := w.l.improvable(w.toks, i, w.negLeft > 0); n > 0 {
		last, it := w.addRun(i, n, improvableWeight)
		// Its modal may be a wish's word too (could, zou): the verdict it makes is meant, denied
		// ("could not have been better") as praise.
		it.mild, it.wish = true, false
		return last
	}
	v, ok := w.l.weight(t.text, w.stems[i])
	if !ok {
		h := w.l.typos.get(t.text, w.l.typo)
		v, ok = h.weight, h.ok
	}
	if ok && v != 0 && !w.l.inDegree(w.toks, i) {
		if t.caps && !allCaps {
			v *= capsFactor
		}
		if v > 0 && w.wordsSeen <= 4 && len(w.items) == 0 && !clauseBetween(w.toks, -1, i) {
			// Thanks for help after a mishap is meant: only an evaluation opens irony.
			w.opener = !w.l.thanks[t.text]
			w.openerClause, w.openerAt = w.l.praisesAFact(w.toks, i), i
		}
		w.add(i, v, true)
		return i
	}
	if w.boostLeft > 0 {
		w.boostLeft--
	}
	if w.negLeft > 0 {
		if w.negLeft--; w.negLeft == 0 {
			w.closeNegation()
		}
	}
	return i
}

// endClause ends the clause at the mark at token i (. ; : ? ! a line end, a comma or dash): the
// open negation, intensifier, concession, wish, intent and elsewhere end with it; the next clause starts
// after i.
func (w *walk) endClause(i int) {
	w.closeNegation()
	w.boostLeft, w.conceding, w.concedeLeft, w.clauseStart, w.wishing, w.elsewhere, w.intentEnd = 0, false, 0, i+1, false, false, -1
	w.expecting, w.promising = 0, false
}

// addRun records a run of n words from token i (a mark, a phrase of our list, room for
// improvement) as one feeling of weight v at its last word, none when v is 0: its sentence counts
// all its words, and the walk goes on after it. It returns the run's last token and the feeling
// recorded (nil: none).
func (w *walk) addRun(i, n int, v float64) (int, *item) {
	w.sentences[len(w.sentences)-1].words += n - 1
	for j := i + 1; j < i+n; j++ {
		// A quoted word within the run is quoted all the same ("Wat een "service"!").
		w.noteQuote(j)
	}
	if v == 0 {
		return i + n - 1, nil
	}
	w.add(i+n-1, v, true)
	return i + n - 1, &w.items[len(w.items)-1]
}

// add records a feeling at token i, with the waiting intensifier and negation when it is a word.
func (w *walk) add(i int, v float64, isWord bool) {
	it := item{at: i, sentence: len(w.sentences) - 1, weight: v, conceded: w.conceding || w.concedeLeft > 0, named: w.naming && w.concedeLeft > 0, wish: w.wishing,
		elsewhere: w.elsewhere, promised: w.promising}

	if isWord {
		w.concedeLeft = 0 // a concessive preposition's noun phrase ends at its word of feeling
	}
	if isWord && w.boostLeft > 0 {
		it.weight *= w.boost
		w.boostLeft = 0
	}
	if isWord && w.negLeft > 0 {
		it.weight *= negationFactor
		it.negate = true
		w.negAt, w.negLeft = -1, 0
	}
	w.items = append(w.items, it)
}

// requestAt: a wish beside a condition is a polite request when its clause names the condition
// with a pronoun (the language's anticipators: het, dat), searched from token a toward b:
// "Ik zou het op prijs stellen als u terugbelt", "Als u terugbelt, zou ik dat op prijs
// stellen". What the writer would do if something were so names none, and stays praise ("Ik
// zou jullie zeker aanraden als je een fiets zoekt").
func (w *walk) requestAt(a, b int) bool {
	return wordAt(w.toks, a, b, func(j int) bool { return w.l.anticipators[w.toks[j].text] }) >= 0
}
