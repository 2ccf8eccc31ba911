package engine

import (
	"cmp"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// Why answers the question the figures raise (issue 13): what customers write about (themes),
// which words came up (emerging terms) and which factors move CSAT and NPS (drivers), each
// against the previous period of equal length. It reads what was derived when the records
// were applied — themes and terms of each text, first replies in business seconds — and only
// counts, in one pass over the answers and one over the texts.
type Why struct {
	From         time.Time      `json:"-"`
	To           time.Time      `json:"-"`
	PreviousFrom time.Time      `json:"-"`
	Texts        int            `json:"texts"` // comments and mentions in the period
	PrevTexts    int            `json:"previous_texts"`
	Themes       []ThemeFigures `json:"themes"`
	Emerging     []EmergingTerm `json:"emerging_terms"`
	CSAT         []Driver       `json:"csat_drivers"`
	NPS          []Driver       `json:"nps_drivers"`
}

// ThemeFigures are one theme's figures in the period: how many texts mention it (volume) and
// which part of all texts that is (share, a percentage), against the previous period; the mean
// sentiment of those texts; and the NPS and CSAT of the answers whose comment mentions it
// against those whose comment does not, with the difference (metric.Effect).
type ThemeFigures struct {
	Key            string        `json:"key"`
	LabelNL        string        `json:"label_nl"`
	LabelEN        string        `json:"label_en"`
	Volume         int           `json:"volume"`
	PrevVolume     int           `json:"previous_volume"`
	Share          *float64      `json:"share"`
	PrevShare      *float64      `json:"previous_share"`
	ShareChange    *ChangeTest   `json:"share_change"` // null: no test possible
	Sentiment      *float64      `json:"sentiment"`    // net sentiment of its texts, −100..100; null without labels
	SentimentN     int           `json:"sentiment_n"`  // its texts with a label: the n the page marks it on
	PrevSentiment  *float64      `json:"previous_sentiment"`
	NPSWith        metric.NPS    `json:"nps_with"`
	NPSWithout     metric.NPS    `json:"nps_without"`
	NPSDifference  metric.Effect `json:"nps_difference"`
	CSATWith       metric.CSAT   `json:"csat_with"`
	CSATWithout    metric.CSAT   `json:"csat_without"`
	CSATDifference metric.Effect `json:"csat_difference"`
	Examples       []TextRef     `json:"examples"` // up to three of the period's latest texts that mention it
}

// ChangeTest is the significance of a change (metric.Change with JSON names).
type ChangeTest struct {
	Z           float64 `json:"z"`
	P           float64 `json:"p"`
	Significant bool    `json:"significant"`
}

// EmergingTerm is a stem or a pair of neighbouring stems found in significantly more texts
// than in the previous period (metric.LogLikelihood), shown as customers wrote it, with up to
// three of the latest texts of the period that hold it.
type EmergingTerm struct {
	// Term is the form customers wrote it in, lower-cased ("steeds niet bezorgd"; termforms.go):
	// what a person reads. Two terms written alike (a Dutch and an English stem of one name)
	// show once, as the stronger.
	Term string `json:"term"`
	// Stem is the term as counted, the stems the stemmer writes ("sted bezorgd"): what a
	// program matches and groups by.
	Stem      string    `json:"stem"`
	Count     int       `json:"texts"`
	PrevCount int       `json:"previous_texts"`
	G2        float64   `json:"g2"`
	Examples  []TextRef `json:"examples"`
}

// TextRef names a text: a response's comment or a mention.
type TextRef struct {
	Kind cx.Kind `json:"kind"`
	ID   string  `json:"id"`
}

// Emerging terms: at least MinTermTexts texts of the period hold the term, it rose, and its G²
// passes metric.G2Significant; the MaxEmerging highest are kept, with MaxExamples texts each.
const (
	MinTermTexts = 5
	MaxEmerging  = 20
	MaxExamples  = 3
)

// Why computes themes, emerging terms and drivers over q's period and filter (By and Step are
// not read; an agent filter limits everything to the agent's answers and tickets, and leaves
// mentions out as every split does). q.PreviousFrom zero means the period of equal length in
// days just before. target gives a team's first-response target in business seconds.
func (e *Engine) Why(q Query, target func(team string) int64) (*Why, error) {
	if !q.From.Before(q.To) {
		return nil, errEmptyPeriod(q)
	}
	if q.PreviousFrom.IsZero() {
		q.PreviousFrom = q.From.AddDate(0, 0, -int(newPeriod(q.From, q.To).days))
	}
	if err := q.checkPeriods(); err != nil {
		return nil, err
	}
	q.By, q.Step = ByNone, NoStep
	e.mu.RLock()
	defer e.mu.RUnlock()
	r := e.newRun(q, nil)
	defer e.scratch.put(r.s)
	w := &Why{From: q.From, To: q.To, PreviousFrom: q.PreviousFrom}
	d := r.newDrivers(target)
	var t *textCounts // the texts' counts beside the drivers': neither writes what the other reads
	runTasks([]func(){d.count, func() { t = r.countTexts() }})
	w.Texts, w.PrevTexts = t.texts[1], t.texts[0]
	w.Themes = r.themeFigures(d, t)
	w.Emerging = r.emerging(t)
	w.CSAT, w.NPS = d.drivers()
	return w, nil
}

// textCounts are the counts of the texts of the previous period (index 0) and the period (1).
type textCounts struct {
	texts    [2]int
	volume   [2][]int                    // per theme
	tone     [2][]metric.SentimentCounts // per theme: its texts' sentiment labels
	terms    [2][]int32                  // per term id: texts holding it
	examples []latest                    // per theme, in the period
}

// latest keeps the MaxExamples newest texts offered, newest first, as rows: their ids are
// read only for those kept in the end.
type latest struct {
	at   []uint32
	rows []textRow
}

type textRow struct {
	kind cx.Kind
	i    uint32
}

func (l *latest) offer(at uint32, row textRow) {
	j, _ := slices.BinarySearchFunc(l.at, at, func(x, t uint32) int { return cmp.Compare(t, x) })
	if j >= MaxExamples {
		return
	}
	l.at, l.rows = slices.Insert(l.at, j, at), slices.Insert(l.rows, j, row)
	if len(l.at) > MaxExamples {
		l.at, l.rows = l.at[:MaxExamples], l.rows[:MaxExamples]
	}
}

func (l *latest) refs(e *Engine) []TextRef {
	var out []TextRef
	for _, r := range l.rows {
		out = append(out, e.textRef(r.kind, r.i))
	}
	return out
}

// eachText calls f with every text of the two periods that passes the filter: the comments of
// answers (also one a later rating superseded: it was said) and, when nothing is split or
// filtered by channel, team or agent, mentions.
func (r *run) eachText(f func(p int, c *textColumns, i uint32, at uint32, kind cx.Kind)) {
	e := r.e
	rs := &e.responses
	for i := range uint32(len(rs.flags)) {
		if rs.flags[i]&responseComment == 0 {
			continue
		}
		ks, in := r.periodsOf(rs.submitted[i])
		if !in || !r.responseKept(i) {
			continue
		}
		f(ks[0], &rs.text, i, rs.submitted[i], cx.KindResponses)
	}
	if !r.onlyDims() {
		return
	}
	m := &e.mentions
	for i := range uint32(len(m.at)) {
		// Every mention with its text, also one of emoji only: it has no terms, but a tone.
		if ks, in := r.periodsOf(m.at[i]); in && m.hasText[i] {
			f(ks[0], &m.text, i, m.at[i], cx.KindMentions)
		}
	}
}

func (r *run) countTexts() *textCounts {
	n := len(r.e.taxonomy.Themes())
	t := &textCounts{examples: make([]latest, n)}
	for p := range 2 {
		t.volume[p], t.tone[p] = make([]int, n), make([]metric.SentimentCounts, n)
		t.terms[p] = make([]int32, r.e.terms.dict.len())
	}
	r.eachText(func(p int, c *textColumns, i, at uint32, kind cx.Kind) {
		t.texts[p]++
		tone := r.e.textTone(kind, i)
		for th, set := 0, c.themes[i]; set != 0; th, set = th+1, set>>1 {
			if set&1 != 0 {
				t.volume[p][th]++
				if p == 1 {
					t.examples[th].offer(at, textRow{kind, i})
				}
				countTone(&t.tone[p][th], tone)
			}
		}
		for _, id := range r.e.termsOf(c, i) {
			t.terms[p][id]++
		}
	})
	return t
}

func (r *run) themeFigures(d *driverCounts, t *textCounts) []ThemeFigures {
	var out []ThemeFigures
	for th, x := range r.e.taxonomy.Themes() {
		tone := t.tone[1][th].Sentiment()
		f := ThemeFigures{Key: x.Key, LabelNL: x.LabelNL, LabelEN: x.LabelEN,
			Volume: t.volume[1][th], PrevVolume: t.volume[0][th],
			Share: share(t.volume[1][th], t.texts[1]), PrevShare: share(t.volume[0][th], t.texts[0]),
			Sentiment: tone.Net, SentimentN: tone.N, PrevSentiment: t.tone[0][th].Sentiment().Net,
			Examples: t.examples[th].refs(r.e)}
		if c, ok := metric.ProportionChange(t.volume[1][th], t.texts[1], t.volume[0][th], t.texts[0]); ok {
			f.ShareChange = &ChangeTest{Z: c.Z, P: c.P, Significant: c.Significant}
		}
		with, without := d.of(1, d.themeFactor(th))
		f.NPSWith, f.NPSWithout = with.nps(), without.nps()
		f.CSATWith, f.CSATWithout = with.csat(), without.csat()
		f.NPSDifference = metric.NPSEffect(f.NPSWith, f.NPSWithout)
		f.CSATDifference = metric.CSATEffect(with.csatPos, with.csatN, without.csatPos, without.csatN)
		out = append(out, f)
	}
	return out
}

func share(x, n int) *float64 {
	if n == 0 {
		return nil
	}
	v := 100 * float64(x) / float64(n)
	return &v
}

// emerging finds the terms that rose significantly, then walks the period's texts once more
// for the latest examples of each.
func (r *run) emerging(t *textCounts) []EmergingTerm {
	n1, n0 := t.texts[1], t.texts[0]
	type rising struct {
		id uint32
		g2 float64
	}
	var up []rising
	for id, a := range t.terms[1] {
		b := int(t.terms[0][id])
		// Rising: a/n1 > b/n0, in whole numbers.
		if int(a) < MinTermTexts || int(a)*n0 <= b*n1 {
			continue
		}
		if g := metric.LogLikelihood(int(a), n1, b, n0); g >= metric.G2Significant {
			up = append(up, rising{uint32(id), g})
		}
	}
	dict := &r.e.terms.dict
	slices.SortFunc(up, func(a, b rising) int {
		if c := cmp.Compare(b.g2, a.g2); c != 0 {
			return c
		}
		return cmp.Compare(dict.key(a.id), dict.key(b.id))
	})
	var out []EmergingTerm
	pick := map[uint32]int{}
	shown := map[string]bool{}
	for _, x := range up {
		if len(out) == MaxEmerging {
			break
		}
		term := r.e.shown(x.id)
		if shown[term] {
			continue // written alike as a stronger one: one row
		}
		shown[term] = true
		pick[x.id] = len(out)
		out = append(out, EmergingTerm{Term: term, Stem: dict.key(x.id), Count: int(t.terms[1][x.id]),
			PrevCount: int(t.terms[0][x.id]), G2: x.g2})
	}
	if len(pick) == 0 {
		return out
	}
	examples := make([]latest, len(out))
	r.eachText(func(p int, c *textColumns, i, at uint32, kind cx.Kind) {
		if p != 1 {
			return
		}
		for _, id := range r.e.termsOf(c, i) {
			if k, ok := pick[id]; ok {
				examples[k].offer(at, textRow{kind, i})
			}
		}
	})
	for k := range out {
		out[k].Examples = examples[k].refs(r.e)
	}
	return out
}

// textRef names row i of a kind's texts.
func (e *Engine) textRef(kind cx.Kind, i uint32) TextRef {
	if kind == cx.KindMentions {
		return TextRef{kind, e.mentions.ids.key(i)}
	}
	return TextRef{kind, e.responses.ids.key(i)}
}
