package importer

import (
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer/cells"
)

// The readers of a row's numbers: counts and integers, decimals, and the amounts, margins and
// durations a kind's bounds apply to. Each records a bad cell as a row error (row.errorf) and
// returns nil or the zero value, as every accessor of row does.

// count reads a non-negative integer; nil when empty.
func (r *row) count(col string) *int {
	v := strings.TrimSpace(r.raw(col))
	if v == "" || !r.numeric(col) {
		return nil
	}
	n, ok := r.whole(col, v)
	switch {
	case !ok:
		r.errorf(col, msgNotWhole, v)
		return nil
	case n < 0:
		r.errorf(col, msgNegative, n)
		return nil
	}
	return &n
}

// integer reads an integer of any sign.
func (r *row) integer(col string, required bool) (int, bool) {
	v := strings.TrimSpace(r.raw(col))
	if v == "" {
		if required {
			r.errorf(col, msgRequired)
		}
		return 0, false
	}
	if !r.numeric(col) {
		return 0, false
	}
	n, ok := r.whole(col, v)
	if !ok {
		r.errorf(col, msgNotWhole, v)
		return 0, false
	}
	return n, true
}

// whole reads v, the cell of col, as a whole number: digits, or a JSON number without a
// fractional part where the cell was one (Values.Parse).
func (r *row) whole(col, v string) (int, bool) {
	if n, err := strconv.Atoi(v); err == nil {
		return n, true
	}
	if i, ok := r.p.index[col]; ok && (i < len(r.p.numbers) && r.p.numbers[i] || r.jsonType(col) == JSONNumber) {
		return wholeNumber(v)
	}
	return 0, false
}

// decimal reads a decimal number by cells.ParseDecimal's rule; nil when empty.
func (r *row) decimal(col string, required bool) *float64 {
	v := r.given(col, required)
	if v == "" {
		return nil
	}
	return r.number(col, v)
}

// number reads v, col's number without a sign around it (€, %), by cells.ParseDecimal's rule,
// the column's cells all written one way.
func (r *row) number(col, v string) *float64 {
	f, err := cells.ParseDecimal(v)
	if err != nil {
		r.fail(col, err)
		return nil
	}
	if r.p.seps.mixed(col, v, r.p.line) {
		if r.p.records {
			r.errorf(col, msgMixedSeparatorsRecords, v, r.p.seps[col].pointLine-1, r.p.seps[col].commaLine-1)
		} else {
			r.errorf(col, msgMixedSeparators, v, r.p.seps[col].pointLine, r.p.seps[col].commaLine)
		}
		return nil
	}
	return &f
}

// bounded reads a decimal in 0..most (an amount, a duration): the bound keeps every sum of
// such values finite (cx.MaxAmount says why).
func (r *row) bounded(col string, required bool, most float64, what msg) *float64 {
	f := r.decimal(col, required)
	switch {
	case f == nil:
		return nil
	case *f < 0:
		r.errorf(col, msgNegative, *f)
		return nil
	case *f > most:
		r.tooLarge(col, strings.TrimSpace(r.raw(col)), most, what)
		return nil
	}
	return f
}

// tooLarge says that col's value, shown as shown, is over most, the largest what accepted.
func (r *row) tooLarge(col, shown string, most float64, what msg) {
	r.errorf(col, msgTooLarge, shown, strconv.FormatFloat(most, 'f', -1, 64), what.in(r.p.rd.Lang))
}

// amount reads a sum of money: negative for a refund, at most cx.MaxAmount either way; in
// euros when a € stood before or after it (cells.Euros), as a Dutch Excel writes a currency
// cell.
func (r *row) amount(col string, required bool) (f *float64, euro bool) {
	v := r.given(col, required)
	if v == "" {
		return nil, false
	}
	n, euro, err := cells.Euros(v)
	if err != nil {
		r.fail(col, err)
		return nil, false
	}
	switch f = r.number(col, n); {
	case f == nil:
		return nil, false
	case *f < -cx.MaxAmount:
		r.errorf(col, msgTooSmall, v, strconv.FormatFloat(-cx.MaxAmount, 'f', -1, 64))
		return nil, false
	case *f > cx.MaxAmount:
		r.tooLarge(col, v, cx.MaxAmount, whatAmount)
		return nil, false
	}
	return f, euro
}

// fraction reads a fraction 0..1 (a margin), written so (0.3) or as a percentage (30%, 30 %):
// a percent sign says a hundredth unambiguously, as a spreadsheet shows a cell formatted so.
func (r *row) fraction(col string) *float64 {
	v := r.given(col, false)
	if v == "" {
		return nil
	}
	n, percent := cells.Percent(v)
	f := r.number(col, n)
	if f != nil && percent {
		*f /= 100
	}
	if f != nil && (*f < 0 || *f > 1) {
		r.errorf(col, msgFraction, v)
		return nil
	}
	return f
}

// seconds reads a duration in seconds.
func (r *row) seconds(col string) *float64 {
	return r.bounded(col, false, cx.MaxSeconds, whatDuration)
}
