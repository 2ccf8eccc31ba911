package app

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/store"
)

// The store's shapes of the ticket page and the customer list, reached here (types.go says why).
type (
	// TicketRecords is a ticket with its messages and the answers about it.
	TicketRecords = store.TicketRecords
	// CustomerQuery selects a page of the customer list.
	CustomerQuery = store.CustomerQuery
	// CustomerRow is one customer of the list.
	CustomerRow = store.CustomerRow
	// CustomerSort is a column the customer list sorts by.
	CustomerSort = store.CustomerSort
)

// The customer list's columns to sort by.
const (
	SortCustomerID  = store.SortCustomerID
	SortName        = store.SortName
	SortRevenue     = store.SortRevenue
	SortLastContact = store.SortLastContact
	SortNPS         = store.SortNPS
)

// TicketRecords reads a ticket with its messages and the answers about it (cx.ENOTFOUND).
func (a *App) TicketRecords(ctx context.Context, id string) (*TicketRecords, error) {
	return a.dash.TicketRecords(ctx, id)
}

// Customers reads one page of the customer list and how many customers match its search.
func (a *App) Customers(ctx context.Context, q CustomerQuery) ([]CustomerRow, int, error) {
	return a.dash.Customers(ctx, q)
}
