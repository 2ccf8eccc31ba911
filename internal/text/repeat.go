package text

// A complaint put as a question: the writer asked why they must do a thing again ("Waarom
// moet ik 3x mijn verhaal doen?", "Waarom moeten we steeds opnieuw bellen?"). Why they must
// do it once is a question ("Waarom moet ik mijn klantnummer doorgeven?"); again, it is the
// complaint that they had to.

// repeatWeight: being made to do a thing again weighs as our phrases "opnieuw uitleggen",
// "opnieuw mijn verhaal" do.
const repeatWeight = -2

// whyMust: token i, a sentence's first word, opens "why must I": a why (waarom, hoezo: the
// language's whys), a modal of obligation (moet, moesten: musts) and the writer (ik, we:
// writers) after it.
func (l *language) whyMust(toks []token, i int) bool {
	return l.whys[toks[i].text] && i+2 < len(toks) && toks[i+1].kind == word && toks[i+2].kind == word &&
		l.musts[toks[i+1].text] && l.writers[toks[i+2].text]
}

// repeatAt: the words of a repetition at token i, 0 when none is there: a word or words of
// again (the language's repeats: opnieuw, weer, elke keer), a count of times written with x
// ("3x"), or a number before a word of times (the language's times: "drie keer", "2 maal").
func (l *language) repeatAt(toks []token, stems []string, i int) int {
	if n := l.repeats.at(toks, i); n > 0 {
		return n
	}
	t := toks[i].text
	if len(t) > 1 && t[len(t)-1] == 'x' && isNumber(t[:len(t)-1]) {
		return 1
	}
	if stems[i] == "#" && i+1 < len(toks) && toks[i+1].kind == word && l.times[toks[i+1].text] {
		return 2
	}
	return 0
}

// repetition reads token i for "why must I … again": it marks the sentence that opens so, and
// makes it a complaint put as a question at a repetition in it. A phrase of ours that opens with
// the repetition ("opnieuw mijn verhaal") weighs it, else the repetition does: repetition then
// returns its last token, else −1 and the walk reads token i on.
func (w *walk) repetition(i int) int {
	s := &w.sentences[len(w.sentences)-1]
	if w.sentWords == 1 {
		s.whyMust = w.l.whyMust(w.toks, i)
		return -1
	}
	if !s.whyMust {
		return -1
	}
	n := w.l.repeatAt(w.toks, w.stems, i)
	if n == 0 {
		return -1
	}
	s.rhetorical = true
	if k, _ := w.l.matchPhrase(w.toks, w.stems, i); k > 0 {
		return -1
	}
	last, _ := w.addRun(i, n, repeatWeight)
	return last
}
