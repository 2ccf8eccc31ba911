package engine

import (
	"bytes"
	"errors"
)

// A term is counted by its stems ("sted bezorgd"), which no customer wrote; the Why page shows
// it as customers wrote it ("steeds niet bezorgd"). The written form is chosen when a text is
// applied, because the engine keeps no text: per term id, a Boyer–Moore majority vote over the
// forms of its occurrences (Boyer and Moore, "MJRTY — A Fast Majority Vote Algorithm", 1981).
// It finds the form written in more than half of the occurrences whenever there is one — a
// word is mostly written one way once lower-cased — and otherwise keeps one that was written.
// It costs 9 bytes per term id and the current form's bytes (a few per cent of the engine's
// memory for texts), against a map of every form's count; it is over all texts applied, not
// per period, and a text deleted or changed keeps its vote until the engine reloads.

// termForms are the shown forms of the term ids of terms.dict.
type termForms struct {
	arena []byte   // forms back to back; a replaced form stays until compact
	at    []uint32 // per term id: where its form starts in arena
	n     []uint8  // its length in bytes; 0: none yet
	votes []uint32 // the majority vote's counter
	live  int      // bytes of arena the current forms take
}

// maxFormLen: a longer written form (many words between two stems) is not voted for; uint8
// holds its length.
const maxFormLen = 255

// form is term id's current form, or nil.
func (f *termForms) form(id uint32) []byte {
	if int(id) >= len(f.at) {
		return nil
	}
	return f.arena[f.at[id] : f.at[id]+uint32(f.n[id])]
}

// vote counts one occurrence of term id written as form.
func (f *termForms) vote(id uint32, form []byte) {
	if len(form) == 0 || len(form) > maxFormLen {
		return
	}
	for int(id) >= len(f.at) {
		f.at, f.n, f.votes = append(f.at, 0), append(f.n, 0), append(f.votes, 0)
	}
	same := bytes.Equal(f.form(id), form)
	switch {
	case same:
		f.votes[id]++
	case f.votes[id] > 0:
		f.votes[id]--
	default: // no candidate left: this form is the new one
		f.live += len(form) - int(f.n[id])
		f.at[id], f.n[id] = uint32(len(f.arena)), uint8(len(form))
		f.arena = append(f.arena, form...)
		f.votes[id] = 1
		f.compact()
	}
}

// compact drops replaced forms from the arena once they take more room than the current ones.
func (f *termForms) compact() {
	if len(f.arena) < 1<<16 || len(f.arena) < 2*f.live {
		return
	}
	arena := make([]byte, 0, f.live+f.live/4)
	for id := range f.at {
		form := f.form(uint32(id))
		f.at[id] = uint32(len(arena))
		arena = append(arena, form...)
	}
	f.arena = arena
}

// shown is term id's form as customers wrote it, or its stems when none was voted for.
func (e *Engine) shown(id uint32) string {
	if form := e.terms.forms.form(id); len(form) > 0 {
		return string(form)
	}
	return e.terms.dict.key(id)
}

// fields writes or reads the forms (snapshot.go); live is counted again on reading.
func (f *termForms) fields(fl *fielder) {
	col(fl, &f.arena)
	col(fl, &f.at)
	col(fl, &f.n)
	col(fl, &f.votes)
	if !fl.reading() || fl.err != nil {
		return
	}
	if len(f.n) != len(f.at) || len(f.votes) != len(f.at) {
		fl.err = errors.New("the terms' forms do not match their ids")
		return
	}
	f.live = 0
	for id, n := range f.n {
		if uint64(f.at[id])+uint64(n) > uint64(len(f.arena)) {
			fl.err = errors.New("a term's form lies outside the forms")
			return
		}
		f.live += int(n)
	}
}
