package text

// noteQuote: the word at token i stands between quotes, irony (quoteWeight), once per text;
// a word of emphasis between quotes is stressed ("gewoon" meteen iemand aan de lijn).
func (w *walk) noteQuote(i int) {
	if t := w.toks[i]; t.quote && !w.quoted && !w.l.emphasis[t.text] {
		w.quoted = true
		w.items = append(w.items, item{at: i, sentence: len(w.sentences) - 1, weight: quoteWeight, implied: true})
	}
}
