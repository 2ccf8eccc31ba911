package app

import (
	"context"
	"strings"

	"github.com/klantpuls/klantpuls/internal/engine"

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
// Sorted by a figure, the loaded engine ranks the customers (engine.RankCustomers: one pass,
// where the database needs a look-up per customer) and the database reads the page's rows;
// the database's search picks the customers to rank when there is one.
func (a *App) Customers(ctx context.Context, q CustomerQuery) ([]CustomerRow, int, error) {
	e := a.engine.Load()
	if e == nil || !engine.Ranks(string(q.Sort)) {
		return a.dash.Customers(ctx, q)
	}
	rank := engine.CustomerRank{By: string(q.Sort), From: q.RevenueFrom, To: q.RevenueTo, Desc: q.Descending,
		Offset: q.Offset, Limit: q.Limit}
	if strings.TrimSpace(q.Search) != "" || q.Segment != "" {
		ids, err := a.dash.CustomerIDs(ctx, q)
		if err != nil {
			return nil, 0, err
		}
		rank.Filtered, rank.Only = true, ids
	}
	page, total := e.RankCustomers(rank)
	rows, err := a.dash.CustomersByID(ctx, q, page)
	return rows, total, err
}
