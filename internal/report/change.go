package report

import (
	"math"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// A figure and its change as the dashboard's tiles, its pages and the e-mail digests show them.

// Measured shows a headline in its format, or "Niet gemeten" when nothing was measured, and
// says which: empty is not zero (metrics.md section 0), and an FCR of an export without reply
// data measures no ticket and must say so, not show a dash or a perfect 100% (section 2).
func (l Lang) Measured(f metric.Format, currency string, x *float64) (text string, none bool) {
	if x == nil {
		return l.Word("not_measured"), true
	}
	return l.Figure(f, currency, x), false
}

// ShownChange rounds a change diff of a figure now at value as it is shown: at the figure's
// precision (metric.Format.Step) — percentage points and decimal figures such as IQS to one
// decimal, money to the cent, a duration to the minute from a minute and to the second under
// one, others whole —, so that a change shown as 0 has no arrow and no colour ("▼ 0,0
// procentpunt" in green said nothing happened, loudly), and a change has no precision its
// figure lacks ("▲ 47 s" beside "1 u 00 m"). A value not known (nil) is taken as large: a
// duration's change to the minute.
func ShownChange(f metric.Format, value *float64, diff float64) float64 {
	at := math.Inf(1)
	if value != nil {
		at = *value
	}
	unit := f.Step(at)
	return metric.Round(diff/unit, 0) * unit
}

// ChangeClass is the colour of a change: good or bad by the metric's direction ("▲ 9 m" on a
// response time is bad); "ns" (grey) when the metric has a test (hasTest) and it does not find
// the change significant — or cannot be run, as on one detractor against two promoters, whose
// standard error is 0 — so noise does not look like news; "ns" too when a metric without a test
// rests on fewer than 30 measurements in either period (few: metrics.md section 0 calls such a
// figure indicative, and its change by direction alone — one ticket against two — would read as
// news); "flat" for no change or no direction.
func ChangeClass(dir metric.Direction, diff float64, hasTest, significant, few bool) string {
	switch {
	case diff == 0 || dir == metric.NoDirection:
		return "flat"
	case hasTest && !significant, !hasTest && few:
		return "ns"
	case dir.Good(diff):
		return "good"
	}
	return "bad"
}

// JudgedChange is a change of a metric's headline as it is shown, and how it is judged.
type JudgedChange struct {
	Diff   float64       // the change as shown (ShownChange)
	Class  string        // its colour (ChangeClass)
	Test   metric.Change // the metric's test of it, when Tested
	Tested bool          // the metric has a test and it could be run
	// Few: the metric has no test and either period's headline rests on fewer than 30
	// measurements, so the change is grey (ChangeClass) and not called better or worse.
	Few bool
}

// JudgeChange judges the change diff of d's headline from prev to cur: the one rule the
// overview's tiles and the e-mail digests colour a change by, so a team lead sees the same
// colour in the mail as on the dashboard.
func JudgeChange(d *metric.Descriptor, diff float64, cur, prev *metric.Set) JudgedChange {
	c, _ := d.Read(cur)
	diff = ShownChange(d.Format, c.Value, diff)
	res, tested := d.Change(cur, prev)
	hasTest := d.Test != metric.NoTest
	p, _ := d.Read(prev)
	few := !hasTest && (Indicative(d, c) || Indicative(d, p))
	class := ChangeClass(d.Direction, diff, hasTest, tested && res.Significant, few)
	return JudgedChange{Diff: diff, Test: res, Tested: tested, Class: class, Few: few && class == "ns"}
}

// Change writes a change diff of a figure in format f, diff as it is shown (ShownChange, which
// JudgeChange applies: its Diff): its arrow, and the change in percentage points for a
// percentage (points is the word for them), a duration unsigned and written as the figure is
// (Duration), a plus for a rise. A change that rounds to nothing is "→" and "0,0".
func (l Lang) Change(f metric.Format, currency, points string, diff float64) (arrow, text string) {
	arrow = "→"
	switch {
	case diff > 0:
		arrow = "▲"
	case diff < 0:
		arrow = "▼"
	}
	switch f {
	case metric.FormatDuration:
		a := math.Abs(diff)
		return arrow, l.Duration(&a)
	case metric.FormatMoney:
		text = l.Money(currency, &diff)
	case metric.FormatPercent:
		text = l.Number(diff, 1) + " " + points
	case metric.FormatDecimal:
		text = l.Number(diff, 1)
	default:
		text = l.Number(diff, 0)
	}
	if diff > 0 {
		text = "+" + text
	}
	return arrow, text
}
