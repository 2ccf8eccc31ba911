package cells

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Euros takes the euro sign off an amount as a Dutch Excel writes a currency cell into a CSV
// it saves: before or after the number, with or without a space, a no-break one too (€ 12,50,
// €12,50, 12,50 €), a minus before the sign or after it (-€ 3,00, € -3,00). It returns the
// number as written, for ParseDecimal, and whether a euro sign named its currency. Any other
// currency sign ($, £, ¥) is refused, not read as euros: an amount in another currency is
// written without a sign and its code in the column currency.
func Euros(s string) (number string, euro bool, err error) {
	v := strings.TrimSpace(s)
	if plainASCII(v) { // most amounts: nothing to find (7 ns, where looking up each rune took 45)
		return v, false, nil
	}
	if strings.IndexFunc(v, otherCurrency) >= 0 {
		return "", false, newProblem(msgCurrencySign, v)
	}
	sign, body := "", v
	if len(body) > 0 && (body[0] == '-' || body[0] == '+') && strings.HasPrefix(body[1:], "€") {
		sign, body = body[:1], body[1:]
	}
	if after, ok := strings.CutPrefix(body, "€"); ok {
		number, euro = sign+strings.TrimSpace(after), true
	} else if before, ok := strings.CutSuffix(v, "€"); ok {
		number, euro = strings.TrimSpace(before), true
	} else {
		number = v
	}
	if euro && number == "" || strings.Contains(number, "€") { // a sign alone, two, or one inside
		return "", false, newProblem(msgNotANumber, v)
	}
	return number, euro, nil
}

// plainASCII: s holds no byte of a sign Euros reads — ASCII only, and no $ (the one currency sign
// in ASCII).
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || s[i] == '$' {
			return false
		}
	}
	return true
}

// otherCurrency is a currency sign other than the euro's (Unicode's category Sc: $, £, ¥, ₹).
func otherCurrency(r rune) bool { return r != '€' && unicode.Is(unicode.Sc, r) }

// Percent takes a percent sign off a fraction written as a percentage, as a spreadsheet shows
// a cell formatted so (30%, 30 %, 12,5%): the number, for ParseDecimal, and whether it is a
// percentage, a hundredth of the fraction. The sign says so unambiguously; 0.3 is 0.3.
func Percent(s string) (number string, percent bool) {
	v := strings.TrimSpace(s)
	if before, ok := strings.CutSuffix(v, "%"); ok && strings.TrimSpace(before) != "" {
		return strings.TrimSpace(before), true
	}
	return v, false
}
