package text

import "strings"

// None better to be had: a denied comparative said of what one could seek or get ("you can't
// ask for better service", "je krijgt nergens betere service") is praise (improvable); and what
// one can do better now ("nu kan ik beter slapen") is praise too (canNow).

// nounWords: the most words a denied comparative's noun and what follows it take ("better
// customer service", "better service anywhere", "betere service vragen"); more ("can't ask for
// better prices at the moment") tell another sentence.
const nounWords = 2

// nounReach: the words a denied comparative's noun may take from token j, right after the
// comparative: nounWords, and one more for each perfect among them, where Dutch puts its
// perfect's infinitive before the verb ("we hadden geen betere plek kunnen krijgen").
func (l *language) nounReach(toks []token, j int) int {
	reach := nounWords
	for k := j; k < j+reach && k < len(toks) && toks[k].kind == word; k++ {
		if l.perfects[toks[k].text] {
			reach++
		}
	}
	return reach
}

// anyoneGets: a verb of getting (the language's obtainers) before the denied comparative at
// token i, within improvable's reach, said of anyone, with no modal: anyone at most three
// words before it ("you won't get better service anywhere", "je krijgt nergens betere
// service") or right after it when it does not ask ("nergens krijg je betere service"). It
// stands in the modal's place: there is none better to be had (noneBetter). -1 when there is
// none; of the writer it is a failure, as with a modal ("we krijgen nergens betere service").
func (l *language) anyoneGets(toks []token, i int) int {
	g := wordAt(toks, i-1, i-2-improvableGap, func(j int) bool { return l.obtainers[toks[j].text] })
	if g < 0 {
		return -1
	}
	if wordAt(toks, g-1, g-4, func(j int) bool { return l.anyone[toks[j].text] }) >= 0 ||
		g+1 < i && l.anyone[toks[g+1].text] && !l.asksAt(toks, g) {
		return g
	}
	return -1
}

// noneBetter: the denied comparative of n words at token i, after the modal at token m, is
// sought: there is none better to be had. A verb of seeking (the language's seekers: ask, wish;
// vragen, wensen) or of getting (obtainers: get, find) stands after the modal, within one
// clause and at most nounWords words after the comparative: between them, where English puts
// the modal's verb ("can't ask for better service"), or after the comparative's noun, where
// Dutch does ("kunt geen betere service vragen"). One of getting says it only of anyone (the
// language's anyone right before the modal, or right after one that does not ask: "you can't
// get better service anywhere", "je kunt nergens betere service krijgen", "nergens kun je
// betere service krijgen"), of what
// could have been (a perfect between the modal and the verb: "we couldn't have found a better
// hotel", Dutch "ik had geen betere kunnen vinden") or before than ("can't get better than
// this"); else what the writer could not get is a failure ("we couldn't get better seats"). With
// no modal, the verb of getting said of anyone stands in the modal's place (anyoneGets: "je
// krijgt nergens betere service").
func (l *language) noneBetter(toks []token, m, i, n int) bool {
	k := wordAt(toks, m, i+n+l.nounReach(toks, i+n), func(j int) bool { return l.seekers[toks[j].text] || l.obtainers[toks[j].text] })
	switch {
	case k < 0:
		return false
	case l.seekers[toks[k].text] || k == m:
		// k == m: a verb of getting said of anyone, with no modal (anyoneGets).
		return true
	case m > 0 && toks[m-1].kind == word && l.anyone[toks[m-1].text]:
		return true
	case m+1 < i && l.anyone[toks[m+1].text] && !l.asksAt(toks, m):
		// Anyone after a modal that does not ask is its subject all the same, as Dutch puts it
		// after a first word ("Nergens kun je betere service krijgen").
		return true
	}
	if wordAt(toks, m+1, k, func(j int) bool { return l.perfects[toks[j].text] }) >= 0 {
		return true
	}
	return wordAt(toks, i+n, i+n+1, func(j int) bool {
		r, ok := l.rules[toks[j].text]
		return ok && r.kind == than
	}) >= 0
}

// seeksBetter: token i is a verb of seeking or getting before a comparative, within a
// negation's reach of it, that improvable reads as denied and sought ("couldn't wish for better
// support", "I couldn't have asked for a better experience"): it returns the comparative's
// token, -1 when there is none. The negation over the verb reaches the comparative, and the
// verb is a word of that saying, no feeling of its own (AFINN's wish) to take the negation from
// the comparative.
func (l *language) seeksBetter(toks []token, i int) int {
	if !l.seekers[toks[i].text] && !l.obtainers[toks[i].text] {
		return -1
	}
	k := wordAt(toks, i+1, i+1+negationScope, func(k int) bool { return l.comparativeAt(toks, k) > 0 })
	if k < 0 || l.improvable(toks, k, true) == 0 {
		return -1
	}
	return k
}

// canNow: the comparative of praise at token i, in the clause that starts at token start, with
// a verb after it that ends the clause, tells what one can do better now: a modal of ability
// (the language's ables: kan, kunnen) stands before it within improvableGap words and a word of
// now (nu, eindelijk: nows) before it in the clause ("Nu kan ik beter slapen", "ik kan nu
// eindelijk beter slapen"), praise, as English "now I can sleep better" is (its ability,
// roomBetween). Without the now "kan beter" before a verb is advice ("je kunt beter zelf
// bellen"), and so it is with the now when the modal of a listed comparative (beter, goed's) is
// said of anyone: the language's anyone right before it or, as Dutch puts the subject after a
// first word, right after it ("nu kun je beter opbellen": you had better call now). A
// comparative by its ending tells what anyone can do now ("nu kun je sneller betalen"). It
// returns the comparative's words and the verb's, 0 when it is none.
func (l *language) canNow(toks []token, i, start int) int {
	if len(l.ables) == 0 || i+1 >= len(toks) || toks[i+1].kind != word || i+2 < len(toks) && toks[i+2].kind == word {
		return 0 // a map and two marks first: comparativeAt weighs the word's endings
	}
	m := wordAt(toks, i-1, i-2-improvableGap, func(j int) bool { return l.ables[toks[j].text] })
	if m < 0 || m < start || l.modals[toks[i+1].text] || wordAt(toks, i-1, start-1, func(j int) bool { return l.nows[toks[j].text] }) < 0 {
		return 0
	}
	if l.advisesAt(toks, i, m, start) {
		return 0
	}
	if n := l.comparativeAt(toks, i); n == 1 {
		return n + 1
	}
	return 0
}

// advises: the comparative at token i, in the clause that starts at token start, is advice:
// one of the listed comparatives (beter, goed's) with a verb after it, after a modal of ability
// (ables) within improvableGap words said of anyone (advisesAt): "je kunt beter bellen", "nu
// kun je beter opbellen", you had better call. What the writer's clause after it tells then
// (dan …) is what the advice promises, no praise had (walk's adviceSent).
func (l *language) advises(toks []token, i, start int) bool {
	if len(l.ables) == 0 || !l.comparatives[toks[i].text] || i+1 >= len(toks) || toks[i+1].kind != word {
		return false
	}
	m := wordAt(toks, i-1, i-2-improvableGap, func(j int) bool { return l.ables[toks[j].text] })
	return m >= start && l.advisesAt(toks, i, m, start)
}

// advisesAt: the modal of ability at token m, before the comparative at token i in the clause
// that starts at token start, gives advice: the comparative is a listed one (beter), and the
// modal is said of anyone, the language's anyone right before it or, as Dutch puts the subject
// after a first word, right after it ("je kunt beter", "nu kun je beter").
func (l *language) advisesAt(toks []token, i, m, start int) bool {
	return l.comparatives[toks[i].text] && (m > start && l.anyone[toks[m-1].text] || m+1 < i && l.anyone[toks[m+1].text])
}

// betterNow: token i is a comparative of praise (comparativeAt, once for both readings) that
// tells how the writer is now (feelsBetter) or that things got better (getsBetter); before its
// noun (betere, on -e) it names a thing.
func (l *language) betterNow(toks []token, i, start int) bool {
	if len(l.stateForms) == 0 && len(l.becomes) == 0 || l.comparativeAt(toks, i) != 1 || strings.HasSuffix(toks[i].text, "e") {
		return false
	}
	return l.feelsBetter(toks, i, start) || l.getsBetter(toks, i, start)
}

// feelsBetter: the comparative of praise at token i, in the clause that starts at token start,
// tells how the writer is now: a verb of how one is (the language's states: slapen, voelen)
// said of the writer (the language's writers: ik, we) stands right before it, its subject
// before it or, as Dutch puts it after a first word, right after it, with at most a reflexive
// or a degree (me, ons, een stuk: the middle words) and an intensifier between ("Ik slaap beter
// sinds …", "Nu voel ik me veel beter", "Sindsdien slaap ik een stuk beter"), in the past too
// ("Ik sliep beter sinds …"): praise, as "nu kan ik beter slapen" is (canNow). Of anyone it is
// advice ("je slaapt beter op een harde matras"). betterNow has found the comparative.
func (l *language) feelsBetter(toks []token, i, start int) bool {
	if len(l.stateForms) == 0 {
		return false
	}
	v := wordAt(toks, i-1, max(start, i-1-improvableGap)-1, func(j int) bool {
		return l.stateForms[toks[j].text] || !l.writers[toks[j].text] && !l.middles[toks[j].text] && l.rules[toks[j].text].kind != booster
	})
	if v < 0 || !l.stateForms[toks[v].text] {
		return false
	}
	return v > start && l.writers[toks[v-1].text] || v > start && v+1 < i && l.writers[toks[v+1].text]
}

// getsBetter: the comparative of praise at token i, in the clause that starts at token start,
// tells that things got better: a verb of becoming (the language's becomes: gaat, wordt) stands
// before it in its clause, at most improvableGap words before it, or the participle of one
// (became: geworden) right after it ("Het gaat nu een stuk beter", "De service wordt steeds
// beter", "Het is een stuk beter geworden"): praise as mild as "nu kan ik beter slapen" is
// (canNow). After a modal in its clause it is room for improvement ("Het moet beter worden":
// improvable), said of anyone advice (the language's anyone right before or after the verb:
// Flemish "Je gaat beter naar de winkel", you had better go), and after a determiner a noun's
// ("Het gaat om een beter product"). A clause word (dat, die) between the verb and the
// comparative makes the verb another clause's ("Het wordt tijd dat het beter gaat": what is
// demanded, not had). betterNow has found the comparative.
func (l *language) getsBetter(toks []token, i, start int) bool {
	if len(l.becomes) == 0 || i > 0 && l.determiners[toks[i-1].text] {
		return false
	}
	after := i+1 < len(toks) && toks[i+1].kind == word && (l.became[toks[i+1].text] || l.becomesLast(toks, i, start))
	v := wordAt(toks, i-1, max(start, i-1-improvableGap)-1, func(j int) bool { return l.becomes[toks[j].text] })
	if v >= 0 && wordAt(toks, i-1, v, func(j int) bool { return l.clauses[toks[j].text] }) >= 0 {
		v = -1 // the verb is another clause's: "Het wordt tijd dat het beter gaat"
	}
	if !after && (v < 0 || v > start && l.anyone[toks[v-1].text] || v+1 < i && l.anyone[toks[v+1].text]) {
		return false
	}
	return wordAt(toks, i-1, start-1, func(j int) bool { return l.modals[toks[j].text] }) < 0
}

// becomesLast: a verb of becoming (becomes) right after the comparative at token i closes a
// clause that a fact word (the language's facts: dat) opened after start, as Dutch puts the
// verb last there ("Ik merk dat het beter gaat", "Ik zie dat de service beter wordt"): things
// got better, as "het gaat beter" says. Said of anyone it is advice ("Ik denk dat je beter
// gaat"); after another clause word the clause is no fact ("Ik vraag me af of het beter gaat"),
// and after a word of demand (the language's demands: tijd) it is demanded, not had ("Het wordt
// tijd dat het beter gaat": a complaint).
func (l *language) becomesLast(toks []token, i, start int) bool {
	j := i + 1
	if !l.becomes[toks[j].text] || j+1 < len(toks) && toks[j+1].kind == word && !l.clauses[toks[j+1].text] {
		return false
	}
	f := wordAt(toks, i-1, start-1, func(k int) bool { return l.clauses[toks[k].text] })
	if f < 0 || !l.facts[toks[f].text] || f > 0 && l.demands[toks[f-1].text] {
		return false
	}
	return wordAt(toks, f+1, i, func(k int) bool { return l.anyone[toks[k].text] }) < 0
}
