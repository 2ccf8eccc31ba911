package config

import (
	"maps"
	"slices"

	"github.com/BurntSushi/toml"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// MaxRate bounds an exchange rate, so that a converted amount stays a number the engine sums
// safely (cx.MaxAmount); no currency is worth a million of another that an account would use.
const MaxRate = 1e6

// money reads the account's currency (`currency = "EUR"`, the default) and the rates of
// [exchange_rates] (`USD = 0.92`: 1 USD is 0.92 of the account's currency). The rates are a
// table of their own beside `currency`, not [currency.rates]: in TOML a key cannot hold a
// string and a table at once.
func (c *checker) money(currency value, rates map[string]value) cx.Money {
	m := cx.Money{Currency: cx.DefaultCurrency, Rates: map[string]float64{}}
	if currency.set {
		s := c.text("currency", currency, cx.DefaultCurrency)
		code, ok := cx.CurrencyCode(s)
		if !ok {
			c.add(cx.Refuse(cx.EINVALID, "", "config_currency_code", "%s: %s: %q is not a currency code: write the three letters of ISO 4217, such as \"EUR\"", c.name, "currency", s))
		} else {
			m.Currency = code
		}
	}
	// Sorted, so that the messages come in the same order every run.
	for _, name := range slices.Sorted(maps.Keys(rates)) {
		key := toml.Key{"exchange_rates", name}.String()
		code, ok := cx.CurrencyCode(name)
		if !ok {
			c.add(cx.Refuse(cx.EINVALID, "", "config_rate_code", "%s: %s: %q is not a currency code: name each rate by the three letters of ISO 4217, such as USD", c.name, key, name))
			continue
		}
		before := len(c.errs)
		rate := c.number(key, rates[name], 0)
		switch {
		case len(c.errs) > before: // not a number: said already
		case code == m.Currency:
			c.add(cx.Refuse(cx.EINVALID, "", "config_rate_own_currency", "%s: %s: %s is the account's currency itself: remove the rate", c.name, key, code))
		case rate <= 0 || rate > MaxRate:
			c.add(cx.Refuse(cx.EINVALID, "", "config_rate_range", "%s: %s: %v is not a rate: write what 1 %s is in %s, a number above 0 and at most %g", c.name, key, rate, code, m.Currency, float64(MaxRate)))
		case m.Rates[code] != 0:
			c.add(cx.Refuse(cx.EINVALID, "", "config_rate_twice", "%s: %s: %s has a rate already (codes match in any case)", c.name, key, code))
		default:
			m.Rates[code] = rate
		}
	}
	return m
}
