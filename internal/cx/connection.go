package cx

import "time"

// Connection is one tool's webhook deliveries into klantpuls (issue 12, point 1): a source (the
// tool's signature scheme and payload mapping), the secret its deliveries are signed with, and
// the kinds of records it may write. Its ID is random and URL-safe: it names the connection in
// the receiving URL /hooks/{source}/{id}, where a guessable number would let anyone count them.
// The secret is not a field: it is held apart, sealed, and opened only to verify a delivery.
type Connection struct {
	ID        string
	Source    string // a webhook source's name: shopify, zendesk, klantpuls, …
	Name      string // the admin's label: "Webwinkel", "Helpdesk NL"
	Kinds     []Kind // what its deliveries may write; others are refused
	CreatedAt time.Time
	UserID    int64  // who made it; 0 on the command line
	Actor     string // e-mail address or cli:<os user>
	// APIToken tells that a token for the tool's API is kept (sealed, never shown): deliveries
	// that name a thing only by its id are completed from the API (Trengo).
	APIToken bool
	// Event is the one event the connection receives, for a source that names its event in the
	// URL, unsigned (Trengo's ?event=): the event its first accepted delivery named; "" until
	// then. A delivery naming another is refused (internal/web, hookEvent).
	Event string

	// What came of its deliveries: those accepted (a repeat of one included), when the last
	// one came, and those refused or failed, with the latest reason and when.
	Deliveries   int64
	LastDelivery time.Time
	Errors       int64
	LastError    string // in English, after the status it was answered ("403: …")
	LastErrorAt  time.Time
	// LastErrorWords are LastError's reason as phrases of the pages' words (cx.Refuse's key and
	// its values), said in the reader's language when shown; none for a failure without words
	// and for errors counted before they were kept, whose LastError is shown as it is.
	LastErrorWords []AuditPhrase
}

// Allows tells whether the connection may write records of kind.
func (c *Connection) Allows(kind Kind) bool {
	for _, k := range c.Kinds {
		if k == kind {
			return true
		}
	}
	return false
}
