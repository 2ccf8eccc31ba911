package text

// How a text's last sentence sums it up: a short verdict of praise after nothing but complaint
// is irony; a verdict that weighs both sides leaves the text neutral.

// bareVerdict: the text ends in a short sentence of praise after nothing but complaint ("… zegt
// 'neem contact op met de afzender'. Top.", "… de chat is dicht. Fijn weekend zo"): a verdict
// that sums up a complaint is ironic. An unresolved negation is no complaint here ("ik hoefde niks te regelen. Top!").
func (w *walk) bareVerdict() bool {
	n := len(w.sentences) - 1
	if n > 0 && w.sentences[n].words == 0 {
		n-- // the text ended in its stop
	}
	if n < 1 || w.sentences[n].words > verdictWords || len(w.items) < 2 {
		return false
	}
	last := w.items[len(w.items)-1]
	if last.sentence != n || last.weight <= 0 || w.l.thanks[w.toks[last.at].text] {
		return false
	}
	if w.contrastAt >= 0 {
		return false // the verdict sums up the turn after maar/but
	}
	complaint := false
	for _, it := range w.items[:len(w.items)-1] {
		if it.weight > 0 {
			return false
		}
		complaint = complaint || !(it.unresolved || it.conceded)
	}
	return complaint
}

// bareBalance: no feeling lies in the sentence of the balancing verdict.
func (w *walk) bareBalance() bool {
	for _, it := range w.items {
		if it.sentence == w.balanceSent {
			return false
		}
	}
	return true
}
