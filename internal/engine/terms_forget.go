package engine

import "slices"

// clearText empties row i's themes and terms. The terms stay in the dictionary and their forms
// until forgetLeftTerms: an erased comment's words would otherwise live on in the engine, and
// in every snapshot it writes (issue 12: an erased customer's words are in no snapshot).
func (e *Engine) clearText(c *textColumns, i uint32) {
	if c.termN[i] > 0 {
		e.terms.left = true
	}
	c.clear(i)
}

// sortedSubset tells whether every id of a is in b, both sorted: a text applied again with the
// same words (a record updated in another field) leaves no term behind.
func sortedSubset(a, b []uint32) bool {
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j == len(b) || b[j] != x {
			return false
		}
	}
	return true
}

// forgetLeftTerms rebuilds the term dictionary, the list the texts point into and the written
// forms with only the terms some text holds now, when a text was cleared since the last time.
// It costs one pass over the texts' terms, so Snapshot runs it before writing.
func (e *Engine) forgetLeftTerms() {
	t := &e.terms
	if !t.left {
		return
	}
	old, oldForms := t.dict, t.forms
	t.dict, t.forms = newKeys(), termForms{}
	list := make([]uint32, 0, len(t.list))
	remap := make([]uint32, old.len()) // new id + 1; 0: not seen yet
	for _, c := range []*textColumns{&e.responses.text, &e.mentions.text} {
		for i := range c.termAt {
			ids := t.list[c.termAt[i] : c.termAt[i]+uint32(c.termN[i])]
			c.termAt[i] = uint32(len(list))
			at := len(list)
			for _, id := range ids {
				if remap[id] == 0 {
					n, _ := t.dict.intern(old.key(id))
					remap[id] = n + 1
					if form := oldForms.form(id); len(form) > 0 {
						t.forms.vote(n, form)
						t.forms.votes[n] = oldForms.votes[id]
					}
				}
				list = append(list, remap[id]-1)
			}
			slices.Sort(list[at:]) // ids are kept sorted per text, as readText leaves them
		}
	}
	t.list, t.left = list, false
}
