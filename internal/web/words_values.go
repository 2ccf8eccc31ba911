package web

import (
	"strings"

	"github.com/klantpuls/klantpuls/internal/report"
)

// The data's own values (a ticket's channel, an event's kind, a survey's kind, a user's role)
// are shown in the page's language when the catalogue knows them, under "family/value"; a value
// it does not know (a channel the account named itself) is shown as first seen. Values are
// compared case-insensitively, as the data compares them (spec/data.md).

// valueLabel is a data value of a family in the page's language.
func (p *page) valueLabel(family, value string) string {
	if family == "channel" { // report names channels, for the digests too
		return p.Channel(value)
	}
	if w, ok := words[p.Lang][family+"/"+strings.ToLower(strings.TrimSpace(value))]; ok {
		return w
	}
	return value
}

// Channel is a channel (chat, email, phone, social) in the page's language, as report names it
// for the digests too.
func (p *page) Channel(v string) string { return report.Lang(p.Lang).Channel(v) }

// EventKind is a kind of customer event (app_login, webinar …) in the page's language.
func (p *page) EventKind(v string) string { return report.Lang(p.Lang).EventKind(v) }

// SurveyKind is a survey's kind (nps, csat, ces) as the pages write it.
func (p *page) SurveyKind(v string) string { return p.valueLabel("survey", v) }

// Role is a user's role in the page's language.
func (p *page) Role(v string) string { return p.valueLabel("role", v) }

// Count is n with its noun, singular for one, in the page's language (countIn).
func (p *page) Count(n int, noun string) string { return countIn(p.Lang, n, noun) }

// countIn is n with its noun in lang, singular for one: "1 bestelling", "2.310 bestellingen".
// The noun's words are "count/" + noun + "/one" and "/other".
func countIn(lang string, n int, noun string) string {
	form := "/other"
	if n == 1 {
		form = "/one"
	}
	p := page{Lang: lang}
	return p.Num(n) + " " + p.T("count/"+noun+form)
}

var valueWords = map[string]map[string]string{
	"nl": {
		"survey/nps": "NPS", "survey/csat": "CSAT", "survey/ces": "CES",
		"role/admin": "beheerder", "role/manager": "manager", "role/agent": "medewerker",
		"scope/read": "lezen", "scope/write": "lezen en schrijven",
		"count/order/one": "bestelling", "count/order/other": "bestellingen",
		"count/refund/one": "terugbetaling", "count/refund/other": "terugbetalingen",
		"count/breaches/one": "overschrijding", "count/breaches/other": "overschrijdingen",
		"count/active_customers/one": "actieve klant", "count/active_customers/other": "actieve klanten",
		"count/row/one": "rij", "count/row/other": "rijen", "count/error/one": "fout", "count/error/other": "fouten",
		"count/day/one": "dag", "count/day/other": "dagen",
		"count/second/one": "seconde", "count/second/other": "seconden",
		"count/minute/one": "minuut", "count/minute/other": "minuten",
		"count/churned/one": "vertrokken klant", "count/churned/other": "vertrokken klanten",
		"count/session/one": "sessie", "count/session/other": "sessies",
		"count/api_token/one": "API-token", "count/api_token/other": "API-tokens",
		"count/followup/one": "opvolging", "count/followup/other": "opvolgingen",
		"count/comment/one": "opmerking", "count/comment/other": "opmerkingen",
	},
	"en": {
		"survey/nps": "NPS", "survey/csat": "CSAT", "survey/ces": "CES",
		"role/admin": "administrator", "role/manager": "manager", "role/agent": "agent",
		"scope/read": "read", "scope/write": "read and write",
		"count/order/one": "order", "count/order/other": "orders",
		"count/refund/one": "refund", "count/refund/other": "refunds",
		"count/breaches/one": "breach", "count/breaches/other": "breaches",
		"count/active_customers/one": "active customer", "count/active_customers/other": "active customers",
		"count/row/one": "row", "count/row/other": "rows", "count/error/one": "error", "count/error/other": "errors",
		"count/day/one": "day", "count/day/other": "days",
		"count/second/one": "second", "count/second/other": "seconds",
		"count/minute/one": "minute", "count/minute/other": "minutes",
		"count/churned/one": "customer who left", "count/churned/other": "customers who left",
		"count/session/one": "session", "count/session/other": "sessions",
		"count/api_token/one": "API token", "count/api_token/other": "API tokens",
		"count/followup/one": "follow-up", "count/followup/other": "follow-ups",
		"count/comment/one": "comment", "count/comment/other": "comments",
	},
}

func init() { addWords(valueWords) }

// joinAnd lists names as a sentence does, the last after and (the word in its language):
// "orders, tickets and customers"; one name alone, none "".
func joinAnd(names []string, and string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + and + " " + names[len(names)-1]
}
