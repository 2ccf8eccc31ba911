package text

// closeNegation ends the open negation. One that turned nothing looks back, as Dutch puts niet
// after the verb ("het helpt niet"), else it is a complaint of its own.
func (w *walk) closeNegation() {
	if w.negAt < 0 {
		return
	}
	at := w.negAt
	w.negAt, w.negLeft = -1, 0
	if k := len(w.items) - 1; w.negBack && k >= 0 && w.items[k].at < at && !w.items[k].negate && !w.items[k].phrase && !w.items[k].implied && at-w.items[k].at <= lookBack &&
		!clauseBetween(w.toks, w.items[k].at, at) {
		w.items[k].weight *= negationFactor
		w.items[k].negate = true
		return
	}
	// "Nee", "none": a bare negation answers a question and is no complaint; nor is the
	// writer's not knowing yet ("Weet nog niet").
	if w.wordsSeen > 1 && w.negComplains && !w.l.unsure(w.toks, at) {
		w.items = append(w.items, item{at: at, sentence: len(w.sentences) - 1, weight: unresolvedNegation, implied: true,
			conceded: w.conceding, unresolved: true, wish: w.wishing})
	}
}
