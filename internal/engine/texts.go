package engine

import (
	"math"
	"slices"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/text"
)

// What customers write — a response's comment, a mention's text — is read once, when the
// record is applied (DESIGN: per-record derivations happen at write time): its themes as a
// theme.Set, and its terms (stems and pairs of neighbouring stems, stop words and function
// words left out) as ids in one dictionary, with the form customers wrote each in, each
// text's distinct ids side by side in one list. Queries then only count: the themes of a
// period, and which terms rose against the previous period. The text itself stays in the
// store.

// textColumns are the themes and terms of one kind's texts, by the kind's row.
type textColumns struct {
	themes []uint32 // a theme.Set (plain uint32, so the snapshot writes it as fast as any column)
	termAt []uint32 // where the row's term ids start in terms.list
	termN  []uint16 // how many there are
}

func (c *textColumns) grow(n int) {
	c.themes = reserveCap(c.themes, n)
	c.termAt = reserveCap(c.termAt, n)
	c.termN = reserveCap(c.termN, n)
}

// add appends an empty row.
func (c *textColumns) add() {
	c.themes = append(c.themes, 0)
	c.termAt = append(c.termAt, 0)
	c.termN = append(c.termN, 0)
}

func (c *textColumns) clear(i uint32) { c.themes[i], c.termN[i] = 0, 0 }

// terms is the dictionary of terms ("bezorg", or a pair "pakket kwijt"), the list the rows of
// textColumns point into, and each term's form as customers wrote it (termforms.go).
type terms struct {
	dict  keys
	list  []uint32
	forms termForms
	left  bool     // a text's terms were cleared: the dictionary may hold words no text has
	buf   []uint32 // the writer's, for one text's ids
	form  []byte   // and one term's written form
}

// maxTextTerms bounds the terms kept of one text (termN is 16 bits); a longer text keeps its
// first ones.
const maxTextTerms = math.MaxUint16

// readText derives row i's themes and terms from s, written in lang (a record's language
// column; empty: detected). Themes read every stem; terms pass over the function words
// (text.FunctionWord), so a pair is two neighbouring stems of content words in one clause,
// written with whatever words stand between them. A text replaced by a longer one takes new room at the end of
// the list; the old room is not reused (texts rarely change, and a reload compacts).
func (e *Engine) readText(c *textColumns, i uint32, s, lang string) {
	old := e.termsOf(c, i) // still in the list until the new ids are written over them
	room := len(old)
	c.clear(i)
	if s == "" {
		e.terms.left = e.terms.left || room > 0
		return
	}
	lang = text.Lang(s, lang)
	words := text.Words(s, lang) // as theme.Read reads them
	t := &e.terms
	c.themes[i] = uint32(e.taxonomy.Match(words, lang))
	ids := t.buf[:0]
	prev := -1
	for j, w := range words {
		if w.NewClause() {
			prev = -1 // no pair across a sentence's end, a comma or a dash: "snel bezorgd, pakket kwijt"
		}
		if w.Stem == "" || w.Function {
			continue
		}
		id, _ := t.dict.intern(w.Stem)
		ids = append(ids, id)
		t.form = append(t.form[:0], w.Written...)
		t.forms.vote(id, t.form)
		if prev >= 0 {
			id, _ = t.dict.intern(words[prev].Stem + " " + w.Stem)
			ids = append(ids, id)
			t.form = t.form[:0]
			for k, between := range words[prev : j+1] {
				if k > 0 {
					t.form = append(t.form, ' ')
				}
				t.form = append(t.form, between.Written...)
			}
			t.forms.vote(id, t.form)
		}
		prev = j
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	ids = ids[:min(len(ids), maxTextTerms)]
	t.buf = ids
	if !sortedSubset(old, ids) {
		t.left = true // a word of the old text no longer here: forgetLeftTerms may drop it
	}
	if len(ids) > room {
		c.termAt[i] = uint32(len(t.list))
		t.list = append(t.list, ids...)
	} else {
		copy(t.list[c.termAt[i]:], ids)
	}
	c.termN[i] = uint16(len(ids))
}

// termsOf is row i's term ids, sorted.
func (e *Engine) termsOf(c *textColumns, i uint32) []uint32 {
	at := c.termAt[i]
	return e.terms.list[at : at+uint32(c.termN[i])]
}

// textTone is the sentiment label of row i of a kind's texts, toneNone when it has none; a
// theme's sentiment is the net sentiment of its texts (metric.Sentiment's net, metrics.md
// section 4). The label is derived when the text is applied, from the score app stores
// (query_text.go).
func (e *Engine) textTone(kind cx.Kind, i uint32) uint8 {
	if kind == cx.KindMentions {
		return e.mentions.tone[i]
	}
	return responseTone(e.responses.flags[i])
}
