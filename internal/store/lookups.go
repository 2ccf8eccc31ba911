package store

import (
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TicketRecords is one ticket with what belongs to it: its messages and the survey answers
// about it, each in the order they happened (ties by id).
type TicketRecords struct {
	Ticket    cx.Ticket
	Messages  []cx.Message
	Responses []cx.Response
}

// CustomerSort is a column the customer list sorts by.
type CustomerSort string

// The customer list's columns to sort by.
const (
	SortCustomerID  CustomerSort = "id"
	SortName        CustomerSort = "name"
	SortRevenue     CustomerSort = "revenue"      // revenue over the window (CustomerQuery)
	SortLastContact CustomerSort = "last_contact" // latest ticket or answer
	SortNPS         CustomerSort = "nps"          // latest NPS score, so by NPS class
)

// CustomerQuery selects a page of the customer list: the customers (rows of customers) whose
// id, name or e-mail holds Search (case-insensitive, a substring, no wildcards), sorted by
// Sort (then by id), with their revenue over [RevenueFrom, RevenueTo).
type CustomerQuery struct {
	Search                 string
	Segment                string // only customers of this segment (compared as cx.NameKey); "" for all
	Sort                   CustomerSort
	Descending             bool
	RevenueFrom, RevenueTo time.Time
	Limit, Offset          int
}

// CustomerRow is one customer of the list. Revenue is Σ amount of their orders in the window
// (refunds negative), nil without one; NPS their latest NPS score, nil without one;
// LastContact the latest of their tickets' creation and their answers, zero without any.
type CustomerRow struct {
	ID, Name, Email string
	Revenue         *float64
	LastContact     time.Time
	NPS             *int
}
