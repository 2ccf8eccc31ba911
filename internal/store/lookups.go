package store

import "github.com/klantpuls/klantpuls/internal/cx"

// TicketRecords is one ticket with what belongs to it: its messages and the survey answers
// about it, each in the order they happened (ties by id).
type TicketRecords struct {
	Ticket    cx.Ticket
	Messages  []cx.Message
	Responses []cx.Response
}

// CustomerSort is a column the customer list sorts by in the database: its figures (revenue,
// last contact, NPS) are the engine's (engine.CustomerFigures), which also sorts by them.
type CustomerSort string

// The customer list's columns the database sorts by.
const (
	SortCustomerID CustomerSort = "id"
	SortName       CustomerSort = "name"
)

// CustomerQuery selects a page of the customer list: the customers (rows of customers) whose
// id, name or e-mail holds Search (case-insensitive, a substring, no wildcards) and whose
// segment is Segment, sorted by Sort (then by id).
type CustomerQuery struct {
	Search        string
	Segment       string // only customers of this segment (compared as cx.NameKey); "" for all
	Sort          CustomerSort
	Descending    bool
	Limit, Offset int
}

// CustomerRow is one customer of the list as the database has it.
type CustomerRow struct {
	ID, Name, Email string
}
