package metric

import (
	"reflect"
	"slices"
	"strings"
)

// A duration's headline is its mean; its median and p90 stand beside it (Durations), and a
// rule may watch one of those instead (an alert on the first response's p90). Figures names
// them, ReadFigure reads one.

// Figures lists the figures of the metric that may stand in for its headline, the headline's
// own first ("mean", "median", "p90" for a duration); nil for a metric with only its headline.
func (d *Descriptor) Figures() []string {
	if d.Format == FormatDuration && strings.HasSuffix(d.Headline.Field, ".mean") {
		return []string{"mean", "median", "p90"}
	}
	return nil
}

// ReadFigure reads figure of the metric from s: "" or the headline's own name is the headline
// (Read); another of Figures is the field beside it. ok is false when the set does not hold the
// metric or the metric has no such figure.
func (d *Descriptor) ReadFigure(s *Set, figure string) (f Figure, ok bool) {
	names := d.Figures()
	if figure == "" || len(names) > 0 && figure == names[0] {
		return d.Read(s)
	}
	if !slices.Contains(names, figure) || !d.In(s) {
		return f, false
	}
	f, _ = d.Read(s) // the count the headline rests on is the figure's too
	f.Value = nil
	m := reflect.ValueOf(s).Elem().FieldByIndex(d.set).Elem()
	path := strings.TrimSuffix(d.Headline.Field, names[0]) + figure
	idx, err := jsonPath(m.Type(), path, reflect.Pointer)
	if err != nil {
		return f, false
	}
	if v := m.FieldByIndex(idx); !v.IsNil() {
		x := v.Elem().Float()
		f.Value = &x
	}
	return f, true
}

// SmallSample is the number of measurements below which a figure is small: metrics.md section 0
// ("the dashboard marks a value with n < 30 as indicative") and the NPS interval's adjusted-Wald
// variant (section 1, "when n < 30"). Every such mark and rule reads it here.
const SmallSample = 30

// Indicative tells whether a figure on n measurements is only indicative: some, but fewer than
// SmallSample (none is no figure at all).
func Indicative(n int) bool { return n > 0 && n < SmallSample }
