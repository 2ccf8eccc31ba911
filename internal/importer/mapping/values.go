package mapping

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer/cells"
)

// timesRead says which time fields the engine reads itself and writes as RFC 3339 with offset:
// all of them when the map gives the source's zone or time formats (the canonical importer knows
// neither), and otherwise those it computes with: a duration's start, its result, and those
// merged to the earliest. The rest go to the canonical importer as written.
func (m *Map) timesRead(km *kindMap) []bool {
	read := make([]bool, len(km.fields))
	for i, f := range km.fields {
		if f.target.form != instant {
			continue
		}
		read[i] = read[i] || m.zone != nil || m.layouts != nil || f.after >= 0
		if f.after >= 0 {
			read[f.after] = true
		}
	}
	for _, j := range km.earliest {
		read[j] = true
	}
	return read
}

// cellError is a bad value in the source column at position at (-1: the field's own source):
// a message of the catalogue, worded in the import's language when it is reported.
type cellError struct {
	at  int
	err error
}

// fill computes a record's cells from a source row; false when the row yields no record of
// this kind (a skip rule matched, a when_filled field came out empty) or a cell is bad (then
// errs says why).
func (e *Engine) fill(b *bound, row []string, lines []int, errs *[]RowError) ([]string, bool) {
	if matches(b.skip, b.skips, row) {
		return nil, false
	}
	vals := make([]string, len(b.out.Header))
	clear(b.done)
	before := len(*errs)
	for _, j := range b.whenFilled {
		if e.compute(b, j, row, lines, vals, errs); vals[j] == "" && len(*errs) == before {
			return nil, false
		}
	}
	for i, f := range b.fields {
		if f.after < 0 {
			e.compute(b, i, row, lines, vals, errs)
		}
	}
	for i := range b.fields {
		e.compute(b, i, row, lines, vals, errs) // durations after their start
	}
	for k, at := range b.attrs {
		vals[len(b.fields)+k] = strings.TrimSpace(row[at])
	}
	if b.version >= 0 {
		v, ce := e.version(strings.TrimSpace(row[b.version]))
		if ce != nil {
			*errs = append(*errs, RowError{File: e.file, Line: lines[b.version], Column: e.names[b.version], Reason: cells.Reason(ce.err, e.lang)})
		}
		vals[len(vals)-1] = v
	}
	return vals, len(*errs) == before
}

// matches tells whether a rule of skip or delete holds for a row: its column's cell (at, per
// rule: the position in the source, -1 when the file lacks it) matches its pattern.
func matches(rules []cellRule, at []int, row []string) bool {
	for k, i := range at {
		if i >= 0 && rules[k].re.MatchString(strings.TrimSpace(row[i])) {
			return true
		}
	}
	return false
}

// key computes the fields of a row's key only, for the deletion of its record (a delete rule
// matched): the first field, and a review's criterion. The rest of such a row is not read, so
// a cancelled order's empty total is no error; false when the key is empty or bad (errs says).
func (e *Engine) key(b *bound, row []string, lines []int, errs *[]RowError) ([]string, bool) {
	vals := make([]string, len(b.out.Header))
	clear(b.done)
	before := len(*errs)
	for i, f := range b.fields {
		if i == 0 || b.kind == cx.KindReviews && f.target.name == "criterion" {
			e.compute(b, i, row, lines, vals, errs)
		}
	}
	return vals, len(*errs) == before && strings.TrimSpace(vals[0]) != ""
}

// numbers tells which of a record's cells (vals) are a JSON number of the source row passed on
// as written (a score of 5.0): the field's one column, no values map, the same text. nil when
// the source gave no numbers, or none is.
func (b *bound) numbers(row []string, numbers []bool, vals []string) []bool {
	if numbers == nil {
		return nil
	}
	var out []bool
	for i, f := range b.fields {
		s := b.cols[i]
		if len(s.at) != 1 || f.values != nil || !numbers[s.at[0]] || vals[i] != strings.TrimSpace(row[s.at[0]]) {
			continue
		}
		if out == nil {
			out = make([]bool, len(vals))
		}
		out[i] = true
	}
	return out
}

// version reads the time a record's resource last changed as the attribute cx.SourceVersion
// holds it: RFC 3339 in UTC, to the fraction of a second the source gives, so versions compare
// as instants whatever zone the source wrote them in; "" for none.
func (e *Engine) version(v string) (string, *cellError) {
	if v == "" {
		return "", nil
	}
	t, err := e.m.readTime(v, e.zone, &e.layoutHint)
	if err == nil {
		err = cells.InRange(v, t)
	}
	if err != nil {
		return "", &cellError{-1, err}
	}
	return t.UTC().Format(time.RFC3339Nano), nil
}

// compute fills field i once, and reports a bad cell by its source column and line.
func (e *Engine) compute(b *bound, i int, row []string, lines []int, vals []string, errs *[]RowError) {
	if b.done[i] {
		return
	}
	b.done[i] = true
	v, ce := e.value(b, i, row, vals)
	vals[i] = v
	if ce == nil {
		return
	}
	s, line, col := b.cols[i], lines[0], b.cols[i].name
	switch {
	case ce.at >= 0:
		line, col = lines[ce.at], e.names[ce.at]
	case len(s.at) == 1:
		line, col = lines[s.at[0]], e.names[s.at[0]]
	case len(s.at) > 1:
		line = lines[s.at[0]]
	}
	*errs = append(*errs, RowError{File: e.file, Line: line, Column: col, Reason: cells.Reason(ce.err, e.lang)})
}

// value computes one field: its source, then values, then the rule of its form.
func (e *Engine) value(b *bound, i int, row, vals []string) (string, *cellError) {
	f, s := b.fields[i], b.cols[i]
	var v string
	switch {
	case f.value != nil:
		v = *f.value
	case f.join != nil:
		var parts []string
		for _, at := range s.at {
			if p := strings.TrimSpace(row[at]); p != "" {
				parts = append(parts, p)
			}
		}
		v = strings.Join(parts, f.sep)
	case len(s.at) == 1:
		v = row[s.at[0]]
		if f.target.form != text || f.values != nil || f.target.name != "comment" && f.target.name != "text" {
			v = strings.TrimSpace(v) // free text is kept as written, as the canonical importer keeps it
		}
	}
	if f.values != nil {
		mapped, ok := f.values[strings.ToLower(strings.TrimSpace(v))]
		switch {
		case ok:
			v = mapped
		case v == "":
		case f.refuse:
			return "", &cellError{-1, msgUnknownValue.Err(v, known(f.values), f.where)}
		case f.fallback != nil:
			v = *f.fallback
		}
	}
	if v == "" && s.minus < 0 {
		return "", nil
	}
	switch {
	case f.unit != "":
		return e.duration(b, f, v, vals)
	case f.target.form == customer:
		return cx.CustomerKey(v), nil
	case f.target.form == decimal:
		return e.amount(f, s, v, row)
	case f.target.form == whole && f.rescale:
		return rescale(f, v)
	case f.target.form == instant && b.read[i]:
		t, err := e.m.readTime(v, e.zone, &e.layoutHint)
		if err != nil {
			return "", &cellError{-1, err}
		}
		b.times[i] = t
		return e.formatTime(t, v)
	}
	return v, nil
}

func known(values map[string]string) string {
	var keys []string
	for k := range values {
		keys = append(keys, fmt.Sprintf("%q", k))
	}
	slices.Sort(keys)
	return strings.Join(keys, ", ")
}

// duration reads a duration in the field's unit: as seconds (wait_seconds), or as the instant
// that long after its start (first_reply_at = created_at + minutes).
func (e *Engine) duration(b *bound, f *field, v string, vals []string) (string, *cellError) {
	if v == "" {
		return "", nil
	}
	var secs float64
	if f.unit == "hh:mm:ss" {
		parts := clockDuration.FindStringSubmatch(v)
		if parts == nil {
			return "", &cellError{-1, msgNotClock.Err(v)}
		}
		h, _ := strconv.Atoi(parts[1])
		m, _ := strconv.Atoi(parts[2])
		s, _ := strconv.Atoi(parts[3])
		secs = float64(h*3600 + m*60 + s)
	} else {
		n, err := cells.ParseDecimalAs(v, e.m.decimal)
		if err != nil {
			return "", &cellError{-1, err}
		}
		secs = n * units[f.unit]
	}
	if secs < 0 || secs > cx.MaxSeconds {
		return "", &cellError{-1, msgDurationRange.Err(v, f.unit)}
	}
	if f.after < 0 {
		return strconv.FormatFloat(secs, 'f', -1, 64), nil
	}
	if vals[f.after] == "" {
		return "", nil // no start (empty, or its own error is reported): no instant
	}
	return e.formatTime(b.times[f.after].Add(time.Duration(math.Round(secs))*time.Second), v)
}

// formatTime writes an instant as RFC 3339 in the engine's zone; in UTC where the zone's offset
// then had seconds, which RFC 3339 cannot write.
func (e *Engine) formatTime(t time.Time, v string) (string, *cellError) {
	if err := cells.InRange(v, t); err != nil { // as the canonical importer bounds instants
		return "", &cellError{-1, err}
	}
	if _, off := t.In(e.zone).Zone(); off%60 != 0 {
		return t.UTC().Format(time.RFC3339), nil
	}
	return t.In(e.zone).Format(time.RFC3339), nil
}

// amount reads a number with the source's separator, less the minus column when there is one.
// A sign behind a ' is read as the sign: exporters put ' before a cell that starts with - or +
// so that a spreadsheet does not take it for a formula (OWASP's CSV-injection advice; older
// WooCommerce versions wrote a refund's net sales as '-8.26). A € around the number or a % after
// it, as a Dutch Excel saves a currency or percentage cell, is found by the canonical importer's
// own functions (cells.Euros, cells.Percent) and written back around the number read, so the
// canonical row parser says what it means (a € names the currency, 30% is 0.3) or refuses it
// where it means nothing, as it does in a file of klantpuls's own.
func (e *Engine) amount(f *field, s source, v string, row []string) (string, *cellError) {
	if v == "" {
		return "", nil // no amount: nothing to subtract from
	}
	if len(v) > 1 && v[0] == '\'' && (v[1] == '-' || v[1] == '+') {
		v = v[1:]
	}
	n, sign, err := e.m.signed(v)
	if err != nil {
		return "", &cellError{-1, err}
	}
	if s.minus >= 0 {
		if mv := strings.TrimSpace(row[s.minus]); mv != "" {
			less, _, err := e.m.signed(mv)
			if err != nil {
				return "", &cellError{s.minus, err}
			}
			if n -= less; n < 0 {
				return "", &cellError{s.minus, msgMinusMore.Err(mv, v)}
			}
		}
	}
	return sign.around(strconv.FormatFloat(n, 'f', -1, 64)), nil
}

// numberSign is the sign written around a number: a € before it, a % after it.
type numberSign struct{ euro, percent bool }

// around writes the number n with the signs.
func (g numberSign) around(n string) string {
	if g.euro {
		n = "€" + n
	}
	if g.percent {
		n += "%"
	}
	return n
}

// signed reads v by number, a € around it and a % after it taken off by cells.Euros and
// cells.Percent, the canonical importer's readers of an amount and a margin.
func (m *Map) signed(v string) (float64, numberSign, error) {
	var g numberSign
	v, euro, err := cells.Euros(v)
	if g.euro = euro; err != nil {
		return 0, g, err
	}
	v, g.percent = cells.Percent(v)
	n, err := m.number(v)
	return n, g, err
}

// rescale maps a score from the source's scale onto klantpuls's linearly, rounding to the
// nearest point (half away from zero): 1..5 onto 0..10 gives 1→0, 2→2.5→3, 3→5.
func rescale(f *field, v string) (string, *cellError) {
	n, err := cells.ParseDecimal(v)
	if err != nil {
		return "", &cellError{-1, msgNotScore.Err(v)}
	}
	lo, hi := f.scale[0], f.scale[1]
	if n < lo || n > hi {
		return "", &cellError{-1, msgOffScale.Err(v, lo, hi, f.where)}
	}
	out := math.Round(f.to[0] + (n-lo)*(f.to[1]-f.to[0])/(hi-lo))
	return strconv.FormatFloat(out, 'f', -1, 64), nil
}

// clockDuration is a duration as hh:mm:ss; hours are not capped (Freshdesk writes 123:04:05).
var clockDuration = regexp.MustCompile(`^(\d{1,6}):([0-5]\d):([0-5]\d)$`)

// number reads a number by cells.ParseDecimalAs with the map's decimal separator (none: the
// canonical importer's rule); one too large to hold is refused here, as no bound later can.
func (m *Map) number(v string) (float64, error) {
	n, err := cells.ParseDecimalAs(v, m.decimal)
	if err == nil && math.IsInf(n, 0) {
		return 0, msgTooLarge.Err(v)
	}
	return n, err
}

// merger keeps one record per key of a kind whose records repeat in a source (a customer in
// each of their orders): the first met, its empty cells filled by later ones, its earliest
// fields the earliest instant of all, its sum fields the sum of all (an order and its refund
// rows). A deletion of the key (Record.Delete), met before or after, takes the key's place
// whatever its other rows say: an order cancelled is no sale, its refund rows none either. It
// holds one record per key until Flush.
type merger struct {
	at   map[string]int
	held []Record
}

func (g *merger) add(r Record, earliest, sum []int) {
	key := strings.TrimSpace(r.Cells[0])
	i, seen := g.at[key]
	if !seen || key == "" {
		for j, c := range r.Cells {
			r.Cells[j] = strings.Clone(c)
		}
		if key != "" {
			g.at[strings.Clone(key)] = len(g.held)
		}
		g.held = append(g.held, r)
		return
	}
	h := &g.held[i]
	switch {
	case h.Delete:
		return
	case r.Delete: // in the place the key was first met
		for j, c := range r.Cells {
			r.Cells[j] = strings.Clone(c)
		}
		r.Line, r.Numbers = h.Line, nil
		*h = r
		return
	}
	for j, c := range r.Cells {
		switch {
		case h.Cells[j] == "" && c != "":
			h.Cells[j] = strings.Clone(c)
			if r.Numbers != nil {
				if h.Numbers == nil {
					h.Numbers = make([]bool, len(h.Cells))
				}
				h.Numbers[j] = r.Numbers[j]
			}
		case c != "" && slices.Contains(sum, j):
			h.Cells[j] = addDecimals(h.Cells[j], c)
		}
	}
	for _, j := range earliest {
		a, errA := time.Parse(time.RFC3339, h.Cells[j])
		b, errB := time.Parse(time.RFC3339, r.Cells[j])
		if errA == nil && errB == nil && b.Before(a) {
			h.Cells[j] = strings.Clone(r.Cells[j])
		}
	}
}

// addDecimals adds two numbers as amount writes them, exactly to the most decimals either has
// (20.66 + -8.26 is 12.4, not float64's 12.400000000000002); in euros when either was (€20.66).
// A cell that is no such number (30%, which no amount is) is kept as written, for the canonical
// row parser to refuse.
func addDecimals(a, b string) string {
	a, euroA := strings.CutPrefix(a, "€")
	b, euroB := strings.CutPrefix(b, "€")
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	switch {
	case errA != nil:
		return a
	case errB != nil:
		return b
	}
	sum := strconv.FormatFloat(x+y, 'f', max(decimals(a), decimals(b)), 64)
	if z, _ := strconv.ParseFloat(sum, 64); z == 0 {
		sum = strings.TrimPrefix(sum, "-") // 16.49 + -16.49 rounded is 0.00, not -0.00
	}
	return numberSign{euro: euroA || euroB}.around(sum)
}

// decimals is the count of digits after the point of a number written by strconv's 'f' form.
func decimals(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// records are the merged records, in the order their keys were first met; the merger is
// empty after.
func (g *merger) records() []Record {
	out := g.held
	g.held, g.at = nil, map[string]int{}
	return out
}
