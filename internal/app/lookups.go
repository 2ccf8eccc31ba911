package app

import (
	"context"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"

	"github.com/klantpuls/klantpuls/internal/store"
)

// TicketRecords is a ticket with its messages and the answers about it: the store's shape of
// the ticket page, reached here (types.go says why).
type TicketRecords = store.TicketRecords

// CustomerSort is a column the customer list sorts by.
type CustomerSort string

// The customer list's columns to sort by: the database sorts by id and name, the engine by
// the figures (engine.RankCustomers).
const (
	SortCustomerID  = CustomerSort(store.SortCustomerID)
	SortName        = CustomerSort(store.SortName)
	SortRevenue     = CustomerSort(engine.RankRevenue)     // revenue over the window
	SortLastContact = CustomerSort(engine.RankLastContact) // latest ticket or answer
	SortNPS         = CustomerSort(engine.RankNPS)         // latest NPS score, so by NPS class
)

// CustomerQuery selects a page of the customer list: the customers whose id, name or e-mail
// holds Search (case-insensitive, a substring) and whose segment is Segment, sorted by Sort
// (then by id), with their revenue over [RevenueFrom, RevenueTo).
type CustomerQuery struct {
	Search                 string
	Segment                string // compared as cx.NameKey; "" for all
	Sort                   CustomerSort
	Descending             bool
	RevenueFrom, RevenueTo time.Time
	Limit, Offset          int
}

// CustomerRow is one customer of the list: the database's id, name and e-mail address, and
// the engine's figures (engine.CustomerFigures: revenue over the window, the latest contact,
// the latest NPS score).
type CustomerRow struct {
	ID, Name, Email string
	engine.CustomerFigures
}

// TicketRecords reads a ticket with its messages and the answers about it (cx.ENOTFOUND).
func (a *App) TicketRecords(ctx context.Context, id string) (*TicketRecords, error) {
	return a.dash.TicketRecords(ctx, id)
}

// Customers reads one page of the customer list and how many customers match its search.
// The loaded engine works out the figures, and ranks the customers when the list is sorted by
// one (engine.RankCustomers: one pass, where the database needs a look-up per customer); the
// database finds the customers a search or a segment keeps, sorts by id or name, and reads
// the page's names and e-mail addresses.
func (a *App) Customers(ctx context.Context, q CustomerQuery) ([]CustomerRow, int, error) {
	e, err := a.loadedEngine(ctx)
	if err != nil {
		return nil, 0, err
	}
	sq := store.CustomerQuery{Search: q.Search, Segment: q.Segment, Sort: store.CustomerSort(q.Sort),
		Descending: q.Descending, Limit: q.Limit, Offset: q.Offset}
	var rows []store.CustomerRow
	total := 0
	if engine.Ranks(string(q.Sort)) {
		rank := engine.CustomerRank{By: string(q.Sort), From: q.RevenueFrom, To: q.RevenueTo, Desc: q.Descending,
			Offset: q.Offset, Limit: q.Limit}
		if strings.TrimSpace(q.Search) != "" || q.Segment != "" {
			ids, err := a.dash.CustomerIDs(ctx, sq)
			if err != nil {
				return nil, 0, err
			}
			rank.Filtered, rank.Only = true, ids
		}
		var page []string
		page, total = e.RankCustomers(rank)
		if rows, err = a.dash.CustomersByID(ctx, page); err != nil {
			return nil, 0, err
		}
	} else if rows, total, err = a.dash.Customers(ctx, sq); err != nil {
		return nil, 0, err
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	figures := e.CustomerFigures(ids, q.RevenueFrom, q.RevenueTo)
	out := make([]CustomerRow, len(rows))
	for i, r := range rows {
		out[i] = CustomerRow{ID: r.ID, Name: r.Name, Email: r.Email, CustomerFigures: figures[i]}
	}
	return out, total, nil
}
