package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/report"
)

// A number a user types into a form is read and written the way the page's language writes
// it: Dutch "3.000" is three thousand and "80,5" is eighty and a half; English the reverse.
// A thousands separator must be followed by groups of exactly three digits, so "80.5" on a
// Dutch page (or "80,5" on an English one) is refused as ambiguous rather than read as 805 or 80.5.

// maxFormNumber bounds the length of a typed number: longer is no number anyone means.
const maxFormNumber = 40

// parseFormNumber reads a number typed on a page in lang ("nl" or "en"); field names the form
// field in the error, which says what to write instead.
func parseFormNumber(lang, field, typed string) (float64, error) {
	if lang != "en" {
		lang = "nl" // the pages' default
	}
	s := strings.TrimSpace(typed)
	thousands, point := numberMarks(lang)
	bad := func(why string) error {
		return fmt.Errorf(words[lang]["number_bad"], field, typed, why)
	}
	if s == "" || len(s) > maxFormNumber {
		return 0, bad(words[lang]["number_not"])
	}
	sign := ""
	if s[0] == '-' || s[0] == '+' {
		sign, s = s[:1], s[1:]
	} else if rest, ok := strings.CutPrefix(s, report.Minus); ok { // copied from a page
		sign, s = "-", rest
	}
	whole, frac, hasPoint := strings.Cut(s, point)
	if hasPoint && (frac == "" || !allDigits(frac)) {
		if strings.Contains(frac, thousands) || strings.Contains(frac, point) {
			return 0, bad(words[lang]["number_ambiguous"])
		}
		return 0, bad(words[lang]["number_not"])
	}
	groups := strings.Split(whole, thousands)
	for i, g := range groups {
		if !allDigits(g) || (g == "" && (len(groups) > 1 || !hasPoint)) {
			return 0, bad(words[lang]["number_not"])
		}
		if i > 0 && len(g) != 3 || len(groups) > 1 && len(groups[0]) > 3 {
			return 0, bad(words[lang]["number_ambiguous"])
		}
	}
	canon := sign + strings.Join(groups, "")
	if hasPoint {
		canon += "." + frac
	}
	x, err := strconv.ParseFloat(canon, 64)
	if err != nil || math.IsInf(x, 0) {
		return 0, bad(words[lang]["number_not"])
	}
	return x, nil
}

// formNumber writes x as a user would type it on a page in lang, with thousands separators and
// as many decimals as x has: parseFormNumber reads it back as x.
func formNumber(lang string, x float64) string {
	decimals := 0
	if _, frac, ok := strings.Cut(strconv.FormatFloat(x, 'f', -1, 64), "."); ok {
		decimals = len(frac)
	}
	// A field holds what a keyboard types: a hyphen, not the minus a page shows.
	return strings.Replace(report.Lang(lang).Number(x, decimals), report.Minus, "-", 1)
}

// storedNumber writes a number for storage (a setting), the same in every language.
func storedNumber(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// readStoredNumber reads a stored number back; a decimal comma, as settings written before
// storedNumber may hold, is read as a point.
func readStoredNumber(s string) (float64, error) {
	return strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
}

// numberMarks are the thousands separator and decimal point of a language.
func numberMarks(lang string) (thousands, point string) {
	if lang == "en" {
		return ",", "."
	}
	return ".", ","
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

var numberWords = map[string]map[string]string{
	"nl": {
		"number_bad":       "%s: %q %s",
		"number_whole":     "is geen heel getal.",
		"number_not":       "is geen getal. Schrijf bijvoorbeeld 3.000 of 80,5.",
		"number_ambiguous": "is dubbelzinnig: op een Nederlandse pagina is de punt het scheidingsteken voor duizendtallen en de komma het decimaalteken. Schrijf bijvoorbeeld 3.000 of 80,5.",
	},
	"en": {
		"number_bad":       "%s: %q %s",
		"number_whole":     "is not a whole number.",
		"number_not":       "is not a number. Write for instance 3,000 or 80.5.",
		"number_ambiguous": "is ambiguous: on an English page the comma separates thousands and the point is the decimal point. Write for instance 3,000 or 80.5.",
	},
}

func init() { addWords(numberWords) }
