package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestConfigSectionMistakesInTheCommandsLanguage: the mistakes of [sync], [themes], [engine]
// and [server] — an address, a duration, a theme's key or terms, a ClickHouse address, a proxy
// — are said in the command's language, each naming the file, the key and why, as those of
// office hours and the rest (TestConfigRangeMistakesInTheCommandsLanguage).
func TestConfigSectionMistakesInTheCommandsLanguage(t *testing.T) {
	p := newProject(t)
	sync1 := p.file("sync1.toml", `[sync]
every = "vaak"
[sync.zendesk]
subdomain = "acme"
url = "https://acme.zendesk.com"
[sync.freshdesk]
domain = "Acme Corp"
`)
	sync2 := p.file("sync2.toml", `[sync]
every = "30s"
[sync.zendesk]
subdomain = "acme"
[sync.freshdesk]
url = "http://acme.freshdesk.com"
`)
	sync3 := p.file("sync3.toml", `[sync.zendesk]
url = "https://u:p@acme.zendesk.com"
email = "an@example.nl"
[sync.freshdesk]
url = "https://acme.freshdesk.com/api"
`)
	sync4 := p.file("sync4.toml", `[sync.zendesk]
url = "acme"
email = "an@example.nl"
[sync.freshdesk]
url = "ftp://acme.freshdesk.com"
`)
	themes := p.file("themes.toml", `[[themes.theme]]
label_nl = "Zonder sleutel"
[[themes.theme]]
key = "Levering"
[[themes.theme]]
key = "retour"
nl = ["de", "\"terug", "snel, traag"]
nl_not = ["?!", "niet, wel"]
[[themes.theme]]
key = "retour"
[[themes.theme]]
key = "nieuw"
label_nl = "Nieuw"
`)
	var many strings.Builder
	many.WriteString("[themes]\nbuiltin = false\n")
	for i := 1; i <= 33; i++ {
		fmt.Fprintf(&many, "[[themes.theme]]\nkey = \"thema_%d\"\nlabel_nl = \"Thema %d\"\nnl = [\"woord%d\"]\n", i, i, i)
	}
	tooMany := p.file("many.toml", many.String())
	engine := p.file("engine.toml", `[server]
trusted_proxies = ["10.0.0.5/8", "proxy"]
[engine]
kind = "duckdb"
clickhouse = "http://ch:8123/kp"
`)
	dsn := func(name, addr string) string {
		return p.file(name, "[engine]\nclickhouse = \""+addr+"\"\n")
	}
	dsns := []struct{ file, nl, en string }{
		{dsn("ch1.toml", "clickhouse:///kp"), `het adres noemt geen host: schrijf clickhouse://HOST:PORT/DATABASE`,
			`the address names no host: want clickhouse://HOST:PORT/DATABASE`},
		{dsn("ch2.toml", "clickhouse://ch:99999/kp"), `poort "99999" is geen getal van 1 tot en met 65535`,
			`port "99999" is not a number from 1 to 65535`},
		{dsn("ch3.toml", "clickhouse://ch:/kp"), `het adres heeft een dubbele punt maar geen poort`,
			`the address has a colon but no port`},
		{dsn("ch4.toml", "clickhouse://ch:9000"), `het adres noemt geen database: schrijf clickhouse://HOST:PORT/DATABASE`,
			`the address names no database: want clickhouse://HOST:PORT/DATABASE`},
		{dsn("ch5.toml", "clickhouse://ch/1kp"), `database "1kp" is geen eenvoudige naam (letters, cijfers en _, niet beginnend met een cijfer)`,
			`database "1kp" is not a plain name (letters, digits and _, not starting with a digit)`},
		{dsn("ch6.toml", "clickhouse://ch/kp#x"), `het adres heeft geen #… na de database`,
			`the address takes no #… after the database`},
		{dsn("ch7.toml", "clickhouse://ch/kp?cluster=a;b"), `de opties na de database zijn geen paren NAAM=WAARDE: schrijf ?cluster=NAAM`,
			`the options after the database are not NAME=VALUE pairs: want ?cluster=NAME`},
		{dsn("ch8.toml", "clickhouse://ch/kp?shard=1"), `onbekende optie "shard" na de database: de enige optie is cluster=NAAM`,
			`unknown option "shard" after the database: the only option is cluster=NAME`},
		{dsn("ch9.toml", "clickhouse://ch/kp?cluster=a&cluster=b"), `de optie cluster staat er 2 keer: geef haar één keer`,
			`the option cluster is given 2 times: give it once`},
		{dsn("ch10.toml", "clickhouse://ch/kp?cluster=a-b"), `cluster "a-b" is geen eenvoudige naam (letters, cijfers en _, niet beginnend met een cijfer)`,
			`cluster "a-b" is not a plain name (letters, digits and _, not starting with a digit)`},
	}
	cases := []configMistakes{
		{sync1, []string{
			sync1 + `: sync.every: "vaak" is geen tijdsduur; schrijf bijvoorbeeld "15m" of "1h"`,
			sync1 + `: sync.zendesk: geef subdomain of url, niet allebei`,
			sync1 + `: sync.freshdesk.domain: "acme corp" is geen accountnaam zoals "acme" (van acme.freshdesk.com)`,
		}, []string{
			sync1 + `: sync.every: "vaak" is not a duration; write such as "15m" or "1h"`,
			sync1 + `: sync.zendesk: give subdomain or url, not both`,
			sync1 + `: sync.freshdesk.domain: "acme corp" is not an account name such as "acme" (of acme.freshdesk.com)`,
		}},
		{sync2, []string{
			sync2 + `: sync.every: "30s": synchroniseer niet vaker dan eens per minuut en niet minder vaak dan eens per dag`,
			sync2 + `: sync.zendesk.email: nodig bij een Zendesk-account: het e-mailadres van de medewerker van wie $KLANTPULS_ZENDESK_TOKEN het API-token bevat`,
			sync2 + `: sync.freshdesk.url: "http://acme.freshdesk.com" is gewone http: het token zou leesbaar over het netwerk gaan; gebruik https (gewone http alleen voor deze machine)`,
		}, []string{
			sync2 + `: sync.every: "30s": sync between once a minute and once a day`,
			sync2 + `: sync.zendesk.email: required with a Zendesk account: the e-mail address of the agent whose API token $KLANTPULS_ZENDESK_TOKEN holds`,
			sync2 + `: sync.freshdesk.url: "http://acme.freshdesk.com" is plain http: the token would cross the network readable; use https (plain http is for this machine only)`,
		}},
		{sync3, []string{
			sync3 + `: sync.zendesk.url: "https://u:p@acme.zendesk.com" bevat inloggegevens; geef die via de omgevingsvariabele`,
			sync3 + `: sync.freshdesk.url: "https://acme.freshdesk.com/api" heeft een pad; geef alleen het adres, zoals https://acme.freshdesk.com`,
		}, []string{
			sync3 + `: sync.zendesk.url: "https://u:p@acme.zendesk.com" has credentials in it; give them through the environment variable`,
			sync3 + `: sync.freshdesk.url: "https://acme.freshdesk.com/api" has a path; give the address only, such as https://acme.freshdesk.com`,
		}},
		{sync4, []string{
			sync4 + `: sync.zendesk.url: "acme" is geen URL zoals https://acme.zendesk.com`,
			sync4 + `: sync.freshdesk.url: "ftp://acme.freshdesk.com" is geen http(s)-URL`,
		}, []string{
			sync4 + `: sync.zendesk.url: "acme" is not a URL such as https://acme.zendesk.com`,
			sync4 + `: sync.freshdesk.url: "ftp://acme.freshdesk.com" is not an http(s) URL`,
		}},
		{themes, []string{
			themes + `: themes.theme[1].key: een thema heeft een sleutel nodig, zoals "delivery" (een ingebouwd thema krijgt er dan termen bij)`,
			themes + `: themes.theme[2].key: "Levering" is geen themasleutel: alleen kleine letters, cijfers en _, beginnend met een letter`,
			themes + `: themes.theme[3].nl: de term "de" heeft geen woorden om op te zoeken (stopwoorden zoals "de" of "the" tellen niet mee)`,
			themes + `: themes.theme[3].nl: de term "\"terug" opent een aanhalingsteken dat hij niet sluit`,
			themes + `: themes.theme[3].nl: de term "snel, traag" heeft een komma, streepje of einde van een zin tussen zijn woorden: een term wordt binnen één zinsdeel gevonden, dus deze nooit`,
			themes + `: themes.theme[3].nl_not: de uitdrukking "?!" heeft geen woorden om op te zoeken`,
			themes + `: themes.theme[3].nl_not: de uitdrukking "niet, wel" heeft een komma, streepje of einde van een zin tussen haar woorden: een uitdrukking wordt binnen één zinsdeel gevonden, dus deze nooit`,
			themes + `: themes.theme[3]: het nieuwe thema "retour" heeft een label_nl of label_en nodig`,
			themes + `: themes.theme[4].key: "retour" is al thema 3`,
			themes + `: themes.theme[5]: het nieuwe thema "nieuw" heeft termen in nl of en nodig`,
		}, []string{
			themes + `: themes.theme[1].key: a theme needs a key, such as "delivery" (a built-in one adds terms to it)`,
			themes + `: themes.theme[2].key: "Levering" is not a theme key: lower-case letters, digits and _ only, starting with a letter`,
			themes + `: themes.theme[3].nl: the term "de" has no words to match (stop words such as "de" or "the" are left out)`,
			themes + `: themes.theme[3].nl: the term "\"terug" opens a quote it does not close`,
			themes + `: themes.theme[3].nl: the term "snel, traag" has a comma, dash or sentence's end between its words: a term matches within one clause, so it could never match`,
			themes + `: themes.theme[3].nl_not: the expression "?!" has no words to match`,
			themes + `: themes.theme[3].nl_not: the expression "niet, wel" has a comma, dash or sentence's end between its words: an expression is found within one clause, so it could never be`,
			themes + `: themes.theme[3]: the new theme "retour" needs a label_nl or label_en`,
			themes + `: themes.theme[4].key: "retour" is already theme 3`,
			themes + `: themes.theme[5]: the new theme "nieuw" needs terms in nl or en`,
		}},
		{tooMany, []string{tooMany + `: themes: 33 thema's (de ingebouwde tellen mee, tenzij builtin = false), hoogstens 32`},
			[]string{tooMany + `: themes: 33 themes (the built-in ones count unless builtin = false), at most 32`}},
		{engine, []string{
			engine + `: server.trusted_proxies: "10.0.0.5/8" heeft bits gezet voorbij zijn lengte; bedoelt u "10.0.0.0/8"?`,
			engine + `: server.trusted_proxies: "proxy" is geen IP-adres of CIDR-bereik zoals "10.0.0.0/8"`,
			engine + `: engine.kind: "duckdb" is geen engine; er zijn "memory" en "clickhouse"`,
			engine + `: engine.clickhouse: geen ClickHouse-adres: schrijf clickhouse://HOST:PORT/DATABASE`,
		}, []string{
			engine + `: server.trusted_proxies: "10.0.0.5/8" has bits set past its length; did you mean "10.0.0.0/8"?`,
			engine + `: server.trusted_proxies: "proxy" is not an IP address or CIDR range like "10.0.0.0/8"`,
			engine + `: engine.kind: "duckdb" is not an engine; there are "memory" and "clickhouse"`,
			engine + `: engine.clickhouse: not a ClickHouse address: want clickhouse://HOST:PORT/DATABASE`,
		}},
	}
	for _, d := range dsns {
		cases = append(cases, configMistakes{d.file, []string{d.file + ": engine.clickhouse: " + d.nl}, []string{d.file + ": engine.clickhouse: " + d.en}})
	}
	saysConfigMistakes(t, p, cases)
}
