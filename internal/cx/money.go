package cx

import (
	"math"
	"strings"
)

// DefaultCurrency is the account's currency when the configuration names none.
const DefaultCurrency = "EUR"

// CurrencyCode reads an ISO 4217 alphabetic code: three letters, any case, written in capitals
// ("eur" → "EUR"). It checks the form, not the list: a code ISO adds later is taken too, and a
// code that is no currency is refused where it matters, because it has no rate.
func CurrencyCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 3 {
		return "", false
	}
	for i := range 3 {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return "", false
		}
	}
	return strings.ToUpper(s), true
}

// Money is the account's currency and the rates at which amounts in other currencies are
// converted into it: Rates["USD"] = 0.92 means 1 USD = 0.92 of the account's currency.
type Money struct {
	Currency string
	Rates    map[string]float64
}

// Convert turns an amount in currency (a CurrencyCode; "" = the account's) into the account's
// currency, rounded to the cent half away from zero (as money is written). ok is false when
// the currency is neither the account's nor has a rate: such an amount cannot be added to the
// others, and a file that holds one is refused rather than summed in mixed currencies.
func (m Money) Convert(amount float64, currency string) (converted float64, ok bool) {
	if currency == "" || currency == m.Currency {
		return amount, true
	}
	rate, ok := m.Rates[currency]
	if !ok {
		return 0, false
	}
	return math.Round(amount*rate*100) / 100, true
}
