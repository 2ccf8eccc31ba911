package cx

import (
	"fmt"
	"strings"
	"time"
)

// Kind names a record kind as data.md section 2 does; it is also the --kind of `klantpuls import`.
type Kind string

const (
	KindCustomers Kind = "customers"
	KindOrders    Kind = "orders"
	KindTickets   Kind = "tickets"
	KindMessages  Kind = "messages"
	KindResponses Kind = "responses"
	KindMentions  Kind = "mentions"
	KindReviews   Kind = "reviews"
	KindEvents    Kind = "events"
)

// Kinds lists every record kind in an order in which importing them needs no look-ahead for a
// human reader (references may still point forward: files may arrive in any order).
var Kinds = []Kind{KindCustomers, KindOrders, KindTickets, KindMessages, KindResponses,
	KindMentions, KindReviews, KindEvents}

// ParseKind accepts a kind name case-insensitively.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range Kinds {
		if k == known {
			return k, nil
		}
	}
	return "", Refuse(EINVALID, "", "unknown_kind", "unknown kind %q (want one of %s)", s, KindNames(Kinds))
}

// One is the kind's name for one record of it: "ticket" (every kind's name is its plural).
func (k Kind) One() string { return strings.TrimSuffix(string(k), "s") }

// KindNames lists kinds as the messages that name the kinds one may write do: "customers,
// orders, …".
func KindNames(kinds []Kind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// Record is any row klantpuls stores. Key is its identity: a later record with the same key
// replaces the earlier one.
type Record interface {
	RecordKind() Kind
	Key() string
}

// Attrs keeps the columns of an import file that klantpuls does not know, so nothing a customer
// sends is thrown away.
type Attrs map[string]string

// Customer is a person or company that buys. A customer is in the base between AcquiredAt and
// ChurnedAt (metrics.md section 3).
type Customer struct {
	ID         string    `json:"customer_id"`
	AcquiredAt time.Time `json:"acquired_at"`
	Name       string    `json:"name,omitempty"`
	Email      string    `json:"email,omitempty"`
	Segment    string    `json:"segment,omitempty"`
	ChurnedAt  time.Time `json:"churned_at,omitzero"`
	ReferredBy string    `json:"referred_by,omitempty"`
	Attrs      Attrs     `json:"attrs,omitempty"`
}

// Order is one purchase, or a refund: GrossMargin is a fraction 0..1, nil when the order has
// none. Amount is in the account's currency. A refund has a negative Amount, dated when the
// money went back, and RefundOf names the order it reduces when that is known; the order
// itself stays as it was, so revenue nets out (metrics.md section 3 sums amounts). Currency is
// the ISO 4217 code the amount came in ("" = the account's); when it was another currency,
// OriginalAmount keeps the amount as it came and Amount is converted at the configured rate.
type Order struct {
	ID             string    `json:"order_id"`
	CustomerID     string    `json:"customer_id"`
	OrderedAt      time.Time `json:"ordered_at"`
	Amount         float64   `json:"amount"`
	GrossMargin    *float64  `json:"gross_margin,omitempty"`
	RefundOf       string    `json:"refund_of,omitempty"`
	Currency       string    `json:"currency,omitempty"`
	OriginalAmount *float64  `json:"original_amount,omitempty"`
	Attrs          Attrs     `json:"attrs,omitempty"`
}

// IsRefund reports whether the order gives money back rather than takes it: a refund counts
// in revenue, but is no order and makes nobody a buyer (metrics.md section 3, CLV).
func (o *Order) IsRefund() bool { return o.Amount < 0 || o.RefundOf != "" }

// Direction tells who started a ticket; outbound tickets are left out of response times.
const (
	Inbound  = "inbound"
	Outbound = "outbound"
)

// Ticket is one conversation with the service team, over any channel. Zero instants and nil
// numbers are absent values.
type Ticket struct {
	ID            string    `json:"ticket_id"`
	CreatedAt     time.Time `json:"created_at"`
	CustomerID    string    `json:"customer_id,omitempty"`
	Channel       string    `json:"channel,omitempty"`
	Team          string    `json:"team,omitempty"`
	Agent         string    `json:"agent,omitempty"`
	Category      string    `json:"category,omitempty"`
	Complaint     bool      `json:"complaint,omitempty"`
	Direction     string    `json:"direction,omitempty"`
	FirstReplyAt  time.Time `json:"first_reply_at,omitzero"`
	FirstSolvedAt time.Time `json:"first_solved_at,omitzero"`
	SolvedAt      time.Time `json:"solved_at,omitzero"`
	Reopens       *int      `json:"reopens,omitempty"`
	AgentReplies  *int      `json:"agent_replies,omitempty"`
	WaitSeconds   *float64  `json:"wait_seconds,omitempty"`
	HandleSeconds *float64  `json:"handle_seconds,omitempty"`
	Transfers     *int      `json:"transfers,omitempty"`
	Attrs         Attrs     `json:"attrs,omitempty"`
}

// IsOutbound reports whether the team started the ticket.
func (t *Ticket) IsOutbound() bool { return t.Direction == Outbound }

// Message authors. Only agent messages are replies; bot messages and internal notes never are.
const (
	AuthorCustomer = "customer"
	AuthorAgent    = "agent"
	AuthorBot      = "bot"
	AuthorNote     = "note"
)

// Message is one message within a ticket.
type Message struct {
	ID       string    `json:"message_id"`
	TicketID string    `json:"ticket_id"`
	At       time.Time `json:"at"`
	Author   string    `json:"author"`
	Agent    string    `json:"agent,omitempty"`
	Attrs    Attrs     `json:"attrs,omitempty"`
}

// Survey kinds.
const (
	SurveyNPS  = "nps"
	SurveyCSAT = "csat"
	SurveyCES  = "ces"
)

// Response is one answer to an NPS, CSAT or CES survey.
type Response struct {
	ID          string    `json:"response_id"`
	Survey      string    `json:"survey"`
	Score       int       `json:"score"`
	SubmittedAt time.Time `json:"submitted_at"`
	CustomerID  string    `json:"customer_id,omitempty"`
	TicketID    string    `json:"ticket_id,omitempty"`
	Channel     string    `json:"channel,omitempty"`
	Team        string    `json:"team,omitempty"`
	Agent       string    `json:"agent,omitempty"`
	Comment     string    `json:"comment,omitempty"`
	Language    string    `json:"language,omitempty"`
	RepliedAt   time.Time `json:"replied_at,omitzero"`
	// Scale is the answer scale the score was given on, when it is not the install's CSAT
	// scale: a Zendesk good/bad rating, a Freshdesk rating, 1-10 (metric.CSATScales names
	// them). Empty: the install's scale, as every answer before scales were kept.
	Scale string `json:"scale,omitempty"`
	Attrs Attrs  `json:"attrs,omitempty"`
	// Sentiment is the comment's score in [-1, 1] (metrics.md section 4), nil without a
	// comment. It is derived, not given: app works it out when the record is written, from
	// Comment and Language, so whatever a client sends in its place is not read as it.
	Sentiment *float64 `json:"sentiment,omitempty"`
}

// Mention is something said about the company in public (social media, review sites).
type Mention struct {
	ID        string    `json:"mention_id"`
	Source    string    `json:"source"`
	At        time.Time `json:"at"`
	Text      string    `json:"text"`
	Author    string    `json:"author,omitempty"`
	URL       string    `json:"url,omitempty"`
	RepliedAt time.Time `json:"replied_at,omitzero"`
	Attrs     Attrs     `json:"attrs,omitempty"`
	// Sentiment is the text's score in [-1, 1], derived when the record is written, as a
	// Response's is.
	Sentiment *float64 `json:"sentiment,omitempty"`
}

// Review is one criterion of a quality review of a conversation; the rows sharing a ReviewID
// make up the review. Rating nil means not applicable.
type Review struct {
	ReviewID   string    `json:"review_id"`
	Criterion  string    `json:"criterion"`
	ReviewedAt time.Time `json:"reviewed_at"`
	Agent      string    `json:"agent"`
	TicketID   string    `json:"ticket_id,omitempty"`
	Reviewer   string    `json:"reviewer,omitempty"`
	Rating     *int      `json:"rating,omitempty"`
	Attrs      Attrs     `json:"attrs,omitempty"`
}

// Event is something a customer did that shows engagement: joined the loyalty programme,
// followed a training, and so on.
type Event struct {
	ID         string    `json:"event_id"`
	CustomerID string    `json:"customer_id"`
	Kind       string    `json:"kind"`
	At         time.Time `json:"at"`
	Attrs      Attrs     `json:"attrs,omitempty"`
}

func (*Customer) RecordKind() Kind { return KindCustomers }
func (*Order) RecordKind() Kind    { return KindOrders }
func (*Ticket) RecordKind() Kind   { return KindTickets }
func (*Message) RecordKind() Kind  { return KindMessages }
func (*Response) RecordKind() Kind { return KindResponses }
func (*Mention) RecordKind() Kind  { return KindMentions }
func (*Review) RecordKind() Kind   { return KindReviews }
func (*Event) RecordKind() Kind    { return KindEvents }

func (c *Customer) Key() string { return c.ID }
func (o *Order) Key() string    { return o.ID }
func (t *Ticket) Key() string   { return t.ID }
func (m *Message) Key() string  { return m.ID }
func (r *Response) Key() string { return r.ID }
func (m *Mention) Key() string  { return m.ID }
func (e *Event) Key() string    { return e.ID }

// Key of a review row is its review and criterion: one rating per criterion per review.
func (r *Review) Key() string { return ReviewKey(r.ReviewID, r.Criterion) }

// ReviewKey joins a review id and a criterion into one key. The unit separator cannot appear in
// a CSV cell a person typed, so keys of different pairs never collide.
func ReviewKey(reviewID, criterion string) string {
	return reviewID + "\x1f" + NameKey(criterion)
}

// ShownKey is a record's key as a message names it: a review's row (ReviewKey) as its id and
// criterion, "QA-7, criterion toon", never with the separator; any other key as it is.
func ShownKey(kind Kind, key string) string { return ShownKeyWith(kind, key, "criterion") }

// ShownKeyWith is ShownKey in a message's language, word being its word for a criterion:
// "QA-7, criterium toon" in Dutch.
func ShownKeyWith(kind Kind, key, word string) string {
	if id, criterion, ok := strings.Cut(key, "\x1f"); ok && kind == KindReviews {
		return id + ", " + word + " " + criterion
	}
	return key
}

// NameKey is how channel, team, agent, segment, source and criterion names compare: trimmed and
// case-insensitive (data.md section 2).
func NameKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// String helps error messages name a record; a review's row by its id and criterion (ShownKey),
// as a person wrote them, not with the separator of its key.
func String(r Record) string {
	return fmt.Sprintf("%s %q", r.RecordKind(), ShownKey(r.RecordKind(), r.Key()))
}
