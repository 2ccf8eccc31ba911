package text

import (
	"maps"
	"slices"
	"strings"
)

// Customers type fast: "kappot", "gewelidg", "dissapointed". A word no list knows, of at least
// minTypoLen letters, takes the weight of a listed word one edit away (a letter left out, added,
// changed, or two swapped) that starts with the same letter, found by the symmetric-deletion
// method (Wolf Garbe, SymSpell): every listed word and each of its one-letter deletions point
// back to it, and a typed word looks up itself and its own deletions.

// minTypoLen: shorter words are too often other words one edit away (boot, boos).
const minTypoLen = 6

type typoHit struct {
	weight float64
	ok     bool
}

// typoIndex maps a listed word, and each of its one-letter deletions, to the word; "" where two
// listed words of different sign meet.
type typoIndex map[string]string

// buildTypos indexes the words of l that carry a clear feeling (|weight| ≥ 1.5).
func (l *language) buildTypos() {
	idx := typoIndex{}
	add := func(w string, v float64) {
		if len(w) < minTypoLen-1 || (v < 1.5 && v > -1.5) || !isASCIIWord(w) {
			return
		}
		for i := -1; i < len(w); i++ {
			d := w
			if i >= 0 {
				d = w[:i] + w[i+1:]
			}
			if prev, ok := idx[d]; ok && prev != w {
				if pv, _ := l.weight(prev, l.stem(prev)); (pv > 0) != (v > 0) {
					idx[d] = ""
				}
				continue
			}
			idx[d] = w
		}
	}
	// In a fixed order, so that where two words meet the same one always wins: Score is
	// deterministic across runs.
	for _, w := range slices.Sorted(maps.Keys(l.surface)) {
		add(w, l.surface[w])
	}
	l.typoIdx = idx
}

// typo is the weight of the listed word one edit from w, if there is exactly one kind of it.
func (l *language) typo(w string) typoHit {
	if l.typoIdx == nil || len(w) < minTypoLen || !isASCIIWord(w) || l.stop[w] {
		return typoHit{}
	}
	var buf [64]byte
	for i := -1; i < len(w); i++ {
		var d []byte
		if i < 0 {
			d = append(buf[:0], w...)
		} else {
			d = append(append(buf[:0], w[:i]...), w[i+1:]...)
		}
		if cand, ok := l.typoIdx[string(d)]; ok && cand != "" && cand[0] == w[0] && (oneEdit(w, cand) || undoubled(w) == undoubled(cand)) {
			if v, ok := l.weight(cand, l.stem(cand)); ok && v != 0 {
				return typoHit{v, true}
			}
		}
	}
	return typoHit{}
}

// undoubled is w with each doubled letter written once: a doubled letter moved (dissapointed,
// disappointed) is the one two-edit typo taken.
func undoubled(w string) string {
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		if i == 0 || w[i] != w[i-1] {
			b = append(b, w[i])
		}
	}
	return string(b)
}

// oneEdit: a and b differ by one letter left out, added or changed, or two neighbours swapped.
// A deletion on each side at different places meets words two edits apart (adress, adores);
// those are too often other words.
func oneEdit(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	switch len(a) - len(b) {
	case 1:
		i := 0
		for i < len(b) && a[i] == b[i] {
			i++
		}
		return a[i+1:] == b[i:]
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if i == len(a) || a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	}
	return false
}

func isASCIIWord(w string) bool {
	if len(w) > 60 {
		return false
	}
	return strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) < 0
}
