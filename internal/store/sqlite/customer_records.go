package sqlite

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// CustomerRecords reads everything stored about one customer: the customer row, their orders
// and tickets, the answers they gave or that concern their tickets, and the reviews of their
// tickets. A customer that no record names at all is cx.ENOTFOUND.
func (s *Store) CustomerRecords(ctx context.Context, id string) (*store.CustomerRecords, error) {
	var out store.CustomerRecords
	// ?1 names id wherever it appears, so every read binds it once.
	const ofTickets = "ticket_id IN (SELECT id FROM tickets WHERE customer_id = ?1)"
	reads := []struct {
		kind  cx.Kind
		where string
		add   func(cx.Record)
	}{
		{cx.KindCustomers, "id = ?1", func(r cx.Record) { out.Customer = r.(*cx.Customer) }},
		{cx.KindOrders, "customer_id = ?1", func(r cx.Record) { out.Orders = append(out.Orders, *r.(*cx.Order)) }},
		{cx.KindTickets, "customer_id = ?1", func(r cx.Record) { out.Tickets = append(out.Tickets, *r.(*cx.Ticket)) }},
		{cx.KindResponses, "customer_id = ?1 OR " + ofTickets, func(r cx.Record) { out.Responses = append(out.Responses, *r.(*cx.Response)) }},
		{cx.KindReviews, ofTickets, func(r cx.Record) { out.Reviews = append(out.Reviews, *r.(*cx.Review)) }},
	}
	for _, read := range reads {
		err := s.selectWhere(ctx, read.kind, read.where, []any{id}, func(r cx.Record) error {
			read.add(r)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if out.Customer == nil && len(out.Orders)+len(out.Tickets)+len(out.Responses) == 0 {
		return nil, cx.Errorf(cx.ENOTFOUND, "no customer %q: no record names it", id)
	}
	return &out, nil
}
