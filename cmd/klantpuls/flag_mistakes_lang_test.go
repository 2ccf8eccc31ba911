package main

import (
	"testing"
)

// TestFlagMistakesInTheCommandsLanguage: a value given by a flag or its environment variable
// rather than the configuration file (--clickhouse, --trusted-proxies, --base-url) is refused
// in the command's language, whole, naming the flag and the variable it came from.
func TestFlagMistakesInTheCommandsLanguage(t *testing.T) {
	p := newProject(t)
	for _, lang := range []string{"nl", "en"} {
		t.Setenv("KLANTPULS_LANG", lang)
		in := inLang(lang)
		p.says(in(`klantpuls: --clickhouse ($KLANTPULS_CLICKHOUSE): poort "99999" is geen getal van 1 tot en met 65535`,
			`klantpuls: --clickhouse ($KLANTPULS_CLICKHOUSE): port "99999" is not a number from 1 to 65535`), exitUsage,
			"clickhouse", "rebuild", "--clickhouse", "clickhouse://ch:99999/kp")
		p.says(in(`klantpuls: --clickhouse ($KLANTPULS_CLICKHOUSE): geen ClickHouse-adres: schrijf clickhouse://HOST:PORT/DATABASE`,
			`klantpuls: --clickhouse ($KLANTPULS_CLICKHOUSE): not a ClickHouse address: want clickhouse://HOST:PORT/DATABASE`), exitUsage,
			"clickhouse", "rebuild", "--clickhouse", "http://ch:8123/kp")

		t.Setenv("KLANTPULS_TRUSTED_PROXIES", "10.0.0.0/8, nginx")
		p.says(in(`klantpuls: --trusted-proxies ($KLANTPULS_TRUSTED_PROXIES): "nginx" is geen IP-adres of CIDR-bereik zoals "10.0.0.0/8"`,
			`klantpuls: --trusted-proxies ($KLANTPULS_TRUSTED_PROXIES): "nginx" is not an IP address or CIDR range like "10.0.0.0/8"`), exitUsage,
			"serve", "--addr", "127.0.0.1:0")
		t.Setenv("KLANTPULS_TRUSTED_PROXIES", "10.0.0.5/8")
		p.says(in(`klantpuls: --trusted-proxies ($KLANTPULS_TRUSTED_PROXIES): "10.0.0.5/8" heeft bits gezet voorbij zijn lengte; bedoelt u "10.0.0.0/8"?`,
			`klantpuls: --trusted-proxies ($KLANTPULS_TRUSTED_PROXIES): "10.0.0.5/8" has bits set past its length; did you mean "10.0.0.0/8"?`), exitUsage,
			"serve", "--addr", "127.0.0.1:0")
		t.Setenv("KLANTPULS_TRUSTED_PROXIES", "")

		for _, c := range []struct{ url, nl, en string }{
			{"klantpuls.example.nl", `"klantpuls.example.nl" is geen adres zoals https://klantpuls.voorbeeld.nl`,
				`"klantpuls.example.nl" is not an address such as https://klantpuls.example.nl`},
			{"https://an:geheim@klantpuls.example.nl", `"https://an:geheim@klantpuls.example.nl" bevat inloggegevens: de links naar klanten zouden ze tonen`,
				`"https://an:geheim@klantpuls.example.nl" has credentials in it: links sent to customers would show them`},
			{"https://klantpuls.example.nl/?a=1", `"https://klantpuls.example.nl/?a=1" heeft een query of fragment; geef alleen het adres`,
				`"https://klantpuls.example.nl/?a=1" has a query or fragment; give the address only`},
		} {
			p.says(in(`klantpuls: --base-url ($KLANTPULS_BASE_URL): `+c.nl, `klantpuls: --base-url ($KLANTPULS_BASE_URL): `+c.en), exitUsage,
				"digest", "send", "lead@example.com", "--base-url", c.url)
		}
	}
}
