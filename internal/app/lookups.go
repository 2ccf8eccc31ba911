package app

import (
	"context"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/nameorder"
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
	SortLastContact = CustomerSort(engine.RankLastContact) // latest contact: ticket, message or answer
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
// The list holds every customer the engine knows: those with a row and those only other
// records name so far (engine.CustomersWithoutRow), who have no name, e-mail or segment. The
// loaded engine works out the figures, and ranks the customers by a figure or by id
// (engine.RankCustomers: one pass, where the database needs a look-up per customer); the
// database finds the customers a search or a segment keeps, sorts by name, and reads the
// page's names and e-mail addresses.
func (a *App) Customers(ctx context.Context, q CustomerQuery) ([]CustomerRow, int, error) {
	e, err := a.EngineFor(ctx, "the customer list")
	if err != nil {
		return nil, 0, err
	}
	sq := store.CustomerQuery{Search: q.Search, Segment: q.Segment, Sort: store.CustomerSort(q.Sort),
		Descending: q.Descending, Limit: q.Limit, Offset: q.Offset}
	filtered := strings.TrimSpace(q.Search) != "" || q.Segment != ""
	// The customers without a row the search keeps; none of a segment, theirs being unknown.
	var withoutRow []string
	if q.Segment == "" && (filtered || q.Sort == SortName) {
		withoutRow = e.CustomersWithoutRow(idHolds(q.Search))
	}
	var rows []store.CustomerRow
	total := 0
	switch {
	case q.Sort == SortName:
		if rows, total, err = a.customersByName(ctx, e, sq, withoutRow); err != nil {
			return nil, 0, err
		}
	case engine.Ranks(string(q.Sort)) || q.Sort == SortCustomerID:
		rank := engine.CustomerRank{By: string(q.Sort), From: q.RevenueFrom, To: q.RevenueTo, Desc: q.Descending,
			Offset: q.Offset, Limit: q.Limit}
		if strings.TrimSpace(q.Search) == "" {
			rank.Segment = q.Segment // the engine knows segments: no list of ids to read
		} else {
			ids, err := a.dash.CustomerIDs(ctx, sq)
			if err != nil {
				return nil, 0, err
			}
			rank.Filtered, rank.Only = true, append(ids, withoutRow...)
		}
		var page []string
		page, total = e.RankCustomers(rank)
		found, err := a.dash.CustomersByID(ctx, page)
		if err != nil {
			return nil, 0, err
		}
		rows = rowsOf(page, found)
	default:
		if rows, total, err = a.dash.Customers(ctx, sq); err != nil {
			return nil, 0, err // a sort the list does not have (cx.EINVALID)
		}
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

// customersByName is a page of the list sorted by name: the database's customers (those
// without a name last, by id), then the customers without a row (withoutRow), who have no name
// either, by id. How many there are in all is the second result.
func (a *App) customersByName(ctx context.Context, e *engine.Engine, sq store.CustomerQuery, withoutRow []string) ([]store.CustomerRow, int, error) {
	rows, total, err := a.dash.Customers(ctx, sq)
	if err != nil {
		return nil, 0, err
	}
	if sq.Limit <= 0 || len(rows) < sq.Limit {
		page, _ := e.RankCustomers(engine.CustomerRank{By: string(SortCustomerID), Desc: sq.Descending, Filtered: true,
			Only: withoutRow, Offset: max(sq.Offset-total, 0), Limit: sq.Limit - len(rows)})
		rows = append(rows, rowsOf(page, nil)...)
	}
	return rows, total + len(withoutRow), nil
}

// rowsOf are the list's rows of the customers of ids, in that order: each its row of found,
// or only its id when it has none (a customer known only from other records).
func rowsOf(ids []string, found []store.CustomerRow) []store.CustomerRow {
	byID := make(map[string]store.CustomerRow, len(found))
	for _, r := range found {
		byID[r.ID] = r
	}
	out := make([]store.CustomerRow, len(ids))
	for i, id := range ids {
		if r, ok := byID[id]; ok {
			out[i] = r
		} else {
			out[i] = store.CustomerRow{ID: id}
		}
	}
	return out
}

// idHolds is the search of a customer known only by id: whether the id holds the search, in
// any case (the database's search of the rows, store.CustomerQuery, on the id).
func idHolds(search string) func(id string) bool {
	term := strings.ToLower(strings.TrimSpace(search))
	return func(id string) bool { return strings.Contains(strings.ToLower(id), term) }
}

// namer is a querier that lists a dimension's names (the ClickHouse querier).
type namer interface {
	Names(ctx context.Context, d engine.Dim) ([]string, error)
}

// Names lists the values of dimension d as the engine's Names does (first spelling seen, in
// the order every list of names follows: engine.SortNames), for the filters and the forms that name a team: from the engine when
// it is loaded, else from the querier that answers reports when it can (ClickHouse), so a page
// that only needs names does not load the engine.
func (a *App) Names(ctx context.Context, d engine.Dim) ([]string, error) {
	if e := a.engine.Load(); e != nil {
		return e.Names(d), nil
	}
	if b := a.reports.Load(); b != nil {
		if n, ok := b.Querier.(namer); ok {
			names, err := n.Names(ctx, d)
			return nameorder.Sort(names), err
		}
	}
	e, err := a.EngineFor(ctx, "the names of "+string(d))
	if err != nil {
		return nil, err
	}
	return e.Names(d), nil
}
