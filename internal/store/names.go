package store

import "context"

// Name is one value of a dimension a filter compares as names compare (cx.NameKey): a ticket's
// or an answer's channel, team or agent, a ticket's category, a customer's segment, as stored.
type Name struct{ Dimension, Value string }

// Names is a store that keeps the names its filters find rows by (FeedbackQuery.Filter,
// CustomerQuery.Segment). Every write records the names of its records, but a node of a
// release before the names table does not: the rows it writes during a rolling upgrade are
// found by a name only once it is recorded here.
type Names interface {
	// RecordNames records those of names the store does not know yet, in one transaction; a
	// name another process records at the same time is left as it is.
	RecordNames(ctx context.Context, names []Name) error
}
