package mapping

import "github.com/klantpuls/klantpuls/internal/cx"

// form is what a canonical column holds, as far as mapping cares: a time it may compute or
// convert, a decimal it reads with the source's separator, a whole number it may rescale, the
// id of a customer (which an e-mail address may be: cx.CustomerKey), or text it copies.
type form int

const (
	text form = iota
	instant
	decimal
	whole
	customer
)

// target is one canonical column of a kind.
type target struct {
	name     string
	required bool
	form     form
}

// canonical is data.md section 2 in the order of internal/importer/kinds.go (the key first).
// The names and required flags are checked against importer.Columns by TestCanonicalColumns,
// so the two cannot drift; the form is what this package adds.
var canonical = map[cx.Kind][]target{
	cx.KindCustomers: {{"customer_id", true, customer}, {"acquired_at", true, instant}, {"name", false, text},
		{"email", false, text}, {"segment", false, text}, {"churned_at", false, instant}, {"referred_by", false, customer}},
	cx.KindOrders: {{"order_id", true, text}, {"customer_id", true, customer}, {"ordered_at", true, instant},
		{"amount", true, decimal}, {"gross_margin", false, decimal}, {"refund_of", false, text}, {"currency", false, text}},
	cx.KindTickets: {{"ticket_id", true, text}, {"created_at", true, instant}, {"customer_id", false, customer},
		{"channel", false, text}, {"team", false, text}, {"agent", false, text}, {"category", false, text},
		{"complaint", false, text}, {"direction", false, text}, {"first_reply_at", false, instant},
		{"first_solved_at", false, instant}, {"solved_at", false, instant}, {"reopens", false, whole},
		{"agent_replies", false, whole}, {"wait_seconds", false, decimal}, {"handle_seconds", false, decimal},
		{"transfers", false, whole}},
	cx.KindMessages: {{"message_id", true, text}, {"ticket_id", true, text}, {"at", true, instant},
		{"author", true, text}, {"agent", false, text}},
	cx.KindResponses: {{"response_id", true, text}, {"survey", true, text}, {"score", true, whole},
		{"submitted_at", true, instant}, {"customer_id", false, customer}, {"ticket_id", false, text},
		{"channel", false, text}, {"team", false, text}, {"agent", false, text}, {"comment", false, text},
		{"language", false, text}, {"replied_at", false, instant}, {"scale", false, text}},
	cx.KindMentions: {{"mention_id", true, text}, {"source", true, text}, {"at", true, instant},
		{"text", true, text}, {"author", false, text}, {"url", false, text}, {"replied_at", false, instant}},
	cx.KindReviews: {{"review_id", true, text}, {"reviewed_at", true, instant}, {"agent", true, text},
		{"criterion", true, text}, {"ticket_id", false, text}, {"reviewer", false, text}, {"rating", false, whole}},
	cx.KindEvents: {{"event_id", true, text}, {"customer_id", true, customer}, {"kind", true, text},
		{"at", true, instant}},
}

func targetOf(kind cx.Kind, name string) (target, bool) {
	for _, t := range canonical[kind] {
		if t.name == name {
			return t, true
		}
	}
	return target{}, false
}
