package text

// labelReach: the most words between a label and the quoted name it gives ("de status staat op
// "verzonden"": staat, op).
const labelReach = 2

// noteQuote: the word at token i stands between quotes, irony (quoteWeight), once per text;
// a word of emphasis between quotes is stressed ("gewoon" meteen iemand aan de lijn), and
// quoted words after a label are a name (namedByLabel).
func (w *walk) noteQuote(i int) {
	if t := w.toks[i]; t.quote && !w.quoted && !w.l.emphasis[t.text] && !w.namedByLabel(i) {
		w.quoted = true
		w.items = append(w.items, item{at: i, sentence: len(w.sentences) - 1, weight: quoteWeight, implied: true})
	}
}

// namedByLabel: the quoted word at token i is of a name a label gives (the language's labels:
// optie, status, knop), one standing at most labelReach words before the quote opens, in its
// clause: "Ik heb de optie "afhalen" gekozen", "De status staat op "verzonden"" name what a
// screen shows. Quotes without one stay irony, around a word of praise or not ("Wat een
// "snelle" levering", "De "klantenservice" reageerde na 3 weken", "Bezorger zegt "niemand
// thuis"": a label, not a word's weight, tells a name from irony).
func (w *walk) namedByLabel(i int) bool {
	a := i
	for a > 0 && w.toks[a-1].kind == word && w.toks[a-1].quote {
		a--
	}
	return wordAt(w.toks, a-1, a-2-labelReach, func(j int) bool { return w.l.labels[w.toks[j].text] }) >= 0
}
