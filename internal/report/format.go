package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// Lang is a display language.
type Lang string

const (
	Dutch   Lang = "nl"
	English Lang = "en"
)

// Minus is the sign of a negative number as shown: the typographic minus (U+2212) the pages'
// explanations write ("100 − het percentage"), not a hyphen, so a change, an effect and its
// interval read alike. Only what is shown takes it: CSV and workbook cells stay numbers, and a
// form's field holds what a keyboard types (web's formNumber).
const Minus = "−"

// Number formats x with the given decimals, rounded half away from zero (metrics.md section 0),
// with a decimal comma and thousands dots in Dutch and the reverse in English; one that rounds
// to nothing is 0, without a sign (metric.Round).
func (l Lang) Number(x float64, decimals int) string {
	s := strconv.FormatFloat(metric.Round(x, decimals), 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	sign := ""
	if strings.HasPrefix(intPart, "-") {
		sign, intPart = Minus, intPart[1:]
	}
	thousands, point := ",", "."
	if l == Dutch {
		thousands, point = ".", ","
	}
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(thousands)
		}
		b.WriteRune(c)
	}
	out := sign + b.String()
	if frac != "" {
		out += point + frac
	}
	return out
}

// Percent shows a rate with one decimal.
func (l Lang) Percent(x *float64) string {
	if x == nil {
		return "–"
	}
	return l.Number(*x, 1) + "%"
}

// Duration shows seconds as "1 u 05 m" (Dutch) or "1 h 05 m", rounded to the minute; under an
// hour "25 m", under a minute "45 s".
func (l Lang) Duration(sec *float64) string {
	if sec == nil {
		return "–"
	}
	// Rounded as a duration is shown (metric.Format.Shown, which targets are judged by): to the
	// second under a minute, to the minute from there — 59 m 50 s is 1 u 00 m, not 60 m.
	s := int64(metric.FormatDuration.Shown(*sec))
	return l.clock(s, s/60)
}

// clock writes s seconds as m minutes, Duration's form: under a minute in seconds.
func (l Lang) clock(s, m int64) string {
	if s < 60 {
		return fmt.Sprintf("%d s", s)
	}
	if m < 60 {
		return fmt.Sprintf("%d m", m)
	}
	return fmt.Sprintf("%d %s %02d m", m/60, l.hour(), m%60)
}

// hour is the language's sign of hours: "u" (uur), "h".
func (l Lang) hour() string {
	if l == Dutch {
		return "u"
	}
	return "h"
}

// Age shows seconds in Duration's form under a day, and from a day in days and hours ("9 d 3
// u"), as a queue's age or a long wait is read. An age is how long it has been, counted as a
// clock counts — whole seconds, minutes and hours passed, never rounded up: 23 h 59 m 40 s is
// "23 u 59 m", as its band is under a day (metric.AgeBuckets); rounded to the minute it read
// "24 u 00 m", the next band's.
func (l Lang) Age(sec float64) string {
	if sec < 86400 {
		s := int64(math.Floor(sec))
		return l.clock(s, s/60)
	}
	hours := int64(sec / 3600)
	return fmt.Sprintf("%s d %d %s", l.Number(float64(hours/24), 0), hours%24, l.hour())
}

// PValue shows a test's p-value with three decimals, "p = 0,012", and one under 0.001 as
// "p < 0,001" (as APA style writes it): three decimals showed 0,000, no chance at all.
func (l Lang) PValue(p float64) string {
	if p < 0.001 {
		return "p < " + l.Number(0.001, 3)
	}
	return "p = " + l.Number(p, 3)
}

// Score shows an NPS as an integer.
func (l Lang) Score(x *float64) string {
	if x == nil {
		return "–"
	}
	return l.Number(*x, 0)
}

// Plain shows a number with the given decimals, or a dash for null.
func (l Lang) Plain(x *float64, decimals int) string {
	if x == nil || math.IsNaN(*x) {
		return "–"
	}
	return l.Number(*x, decimals)
}

// Money shows an amount in currency (an ISO 4217 code, the account's) with two decimals: the
// sign of the euro, the dollar and the pound, else the code (CHF 12,50).
func (l Lang) Money(currency string, x *float64) string {
	if x == nil {
		return "–"
	}
	return CurrencySign(currency) + " " + l.Number(*x, 2)
}

// CurrencySign is how an amount in currency is marked: € for EUR, $ for USD, £ for GBP, else
// the code itself, which nobody misreads.
func CurrencySign(currency string) string {
	switch currency {
	case "EUR":
		return "€"
	case "USD":
		return "$"
	case "GBP":
		return "£"
	}
	return currency
}

// Figure shows a metric's headline in the metric's display format; money in currency.
func (l Lang) Figure(f metric.Format, currency string, x *float64) string {
	switch f {
	case metric.FormatInteger:
		return l.Score(x)
	case metric.FormatPercent:
		return l.Percent(x)
	case metric.FormatDuration:
		return l.Duration(x)
	case metric.FormatMoney:
		return l.Money(currency, x)
	case metric.FormatCount:
		// Counted things with the language's thousands separators, like every other number
		// beside them: 12.860 (nl), 12,860 (en).
		if x == nil {
			return "–"
		}
		return l.Number(*x, 0)
	}
	return l.Plain(x, 1)
}
