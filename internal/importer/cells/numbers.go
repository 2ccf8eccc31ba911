package cells

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// ParseDecimal reads a decimal number as people write them, by one rule that never guesses:
//
//   - A single point is the decimal point (12.50, the canonical form; also 1.5e3).
//   - A single comma is a decimal comma (12,50, 0,125, 1,2345) — except a comma followed by
//     exactly three digits after one to three digits not starting with 0 (1,234): that is
//     1234 written with an English thousands comma as readily as 1.234 with a Dutch decimal
//     comma, so it is refused with both readings spelled out.
//   - With both a point and a comma, the last of them is the decimal separator and the other
//     separates thousands, in groups of three (1.234,56 and 1,234.56 are both 1234.56).
//   - Two or more of the same separator with no other are thousands separators, in groups of
//     three (1.234.567 and 1,234,567).
//   - A sign may lead; an exponent only with the canonical point (1.5e3). Inf, NaN and
//     hexadecimal are not decimal numbers; spaces, currency signs and percent signs are refused.
//
// A number too large for float64 is returned as ±Inf without an error: the caller's bound says
// what is too large.
func ParseDecimal(s string) (float64, error) {
	v := strings.TrimSpace(s)
	body := strings.TrimLeft(v, "+-")
	if len(v)-len(body) > 1 || body == "" {
		return 0, newProblem(msgNotANumber, v)
	}
	points, commas := strings.Count(body, "."), strings.Count(body, ",")
	canonical := body
	switch {
	case commas == 0 && points <= 1:
		// The canonical form, exponent and all.
	case strings.ContainsAny(body, "eE"):
		return 0, newProblem(msgNotANumber, v)
	case points == 0 && commas == 1:
		whole, frac, _ := strings.Cut(body, ",")
		if thousandsGroup(whole, frac) {
			return 0, newProblem(msgNumberAmbiguous, v, sign(v)+whole+frac, sign(v)+whole+"."+frac)
		}
		canonical = whole + "." + frac
	case points == 0 || commas == 0: // two or more of one separator: thousands
		if !grouped(body, body[strings.IndexAny(body, ".,")]) {
			return 0, newProblem(msgNumberGrouping, v)
		}
		canonical = strings.NewReplacer(".", "", ",", "").Replace(body)
	default:
		i := strings.LastIndexAny(body, ".,")
		dec, thousands := body[i], byte(',')
		if dec == ',' {
			thousands = '.'
		}
		whole, frac := body[:i], body[i+1:]
		if strings.IndexByte(frac, thousands) >= 0 || strings.IndexByte(whole, dec) >= 0 || !grouped(whole, thousands) {
			return 0, newProblem(msgNumberGrouping, v)
		}
		canonical = strings.ReplaceAll(whole, string(thousands), "") + "." + frac
	}
	if strings.Trim(canonical, "0123456789.eE+-") != "" {
		return 0, newProblem(msgNotANumber, v) // ParseFloat also reads hexadecimal, Inf and NaN
	}
	f, err := strconv.ParseFloat(sign(v)+canonical, 64)
	if errors.Is(err, strconv.ErrRange) && math.IsInf(f, 0) {
		err = nil // well formed but huge: the caller's bound says so
	}
	if err != nil {
		return 0, newProblem(msgNotANumber, v)
	}
	return f, nil
}

// grouped reports whether s is digits in groups of three separated by sep, the first group of
// one to three digits.
func grouped(s string, sep byte) bool {
	groups := strings.Split(s, string(sep))
	if len(groups[0]) < 1 || len(groups[0]) > 3 || !digits(groups[0]) {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !digits(g) {
			return false
		}
	}
	return true
}

// thousandsGroup: whole and frac, either side of one separator, read as well as one number
// with a thousands separator — one to three digits, not starting with 0, then exactly three
// (1,234 and 1.234) — as with a decimal one.
func thousandsGroup(whole, frac string) bool {
	return len(frac) == 3 && len(whole) >= 1 && len(whole) <= 3 && whole[0] != '0' && digits(whole) && digits(frac)
}

// Convention tells which way of writing numbers a cell shows, when it shows one: pointGroup,
// a single point before exactly three digits (1.250, which ParseDecimal reads as 1.25 and a
// Dutch file means as 1250); decimalComma, a comma ParseDecimal reads as the decimal one
// (12,5 and 1.234,50; not 1,234,567). A column with cells of both was written two ways.
func Convention(v string) (pointGroup, decimalComma bool) {
	body := strings.TrimLeft(strings.TrimSpace(v), "+-")
	if whole, frac, ok := strings.Cut(body, "."); ok && !strings.ContainsAny(body, ",") {
		pointGroup = thousandsGroup(whole, frac)
	}
	i := strings.LastIndexAny(body, ".,")
	decimalComma = i >= 0 && body[i] == ',' && strings.Count(body, ",") == 1
	return pointGroup, decimalComma
}

func digits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func sign(v string) string {
	if strings.HasPrefix(v, "-") {
		return "-"
	}
	return ""
}

// ParseDecimalAs reads a decimal number whose decimal separator is known (a mapping file's
// decimal = "," or "."): the other sign only separates thousands, in groups of three, so 1,234
// with a decimal comma is 1.234 and 1.234 is 1234. Without a separator (0) it is ParseDecimal.
func ParseDecimalAs(s string, dec byte) (float64, error) {
	if dec == 0 {
		return ParseDecimal(s)
	}
	thousands := byte(',')
	if dec == ',' {
		thousands = '.'
	}
	v := strings.TrimSpace(s)
	body := strings.TrimLeft(v, "+-")
	whole, frac, hasFrac := strings.Cut(body, string(dec))
	switch {
	case len(v)-len(body) > 1 || body == "" || hasFrac && !digits(frac):
	case whole == "" && hasFrac, digits(whole), grouped(whole, thousands):
		f, err := strconv.ParseFloat(sign(v)+strings.ReplaceAll(whole, string(thousands), "")+"."+frac, 64)
		if err == nil || errors.Is(err, strconv.ErrRange) {
			return f, nil // ±Inf when huge: the caller's bound says so
		}
	}
	return 0, newProblem(msgNotANumberAs, v, string(dec))
}
