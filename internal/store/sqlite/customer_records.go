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
	err := s.selectWhere(ctx, cx.KindCustomers, "id = ?", []any{id}, func(r cx.Record) error {
		out.Customer = r.(*cx.Customer)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.selectWhere(ctx, cx.KindOrders, "customer_id = ?", []any{id}, func(r cx.Record) error {
		out.Orders = append(out.Orders, *r.(*cx.Order))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.selectWhere(ctx, cx.KindTickets, "customer_id = ?", []any{id}, func(r cx.Record) error {
		out.Tickets = append(out.Tickets, *r.(*cx.Ticket))
		return nil
	})
	if err != nil {
		return nil, err
	}
	const ofTickets = "ticket_id IN (SELECT id FROM tickets WHERE customer_id = ?)"
	err = s.selectWhere(ctx, cx.KindResponses, "customer_id = ? OR "+ofTickets, []any{id, id}, func(r cx.Record) error {
		out.Responses = append(out.Responses, *r.(*cx.Response))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.selectWhere(ctx, cx.KindReviews, ofTickets, []any{id}, func(r cx.Record) error {
		out.Reviews = append(out.Reviews, *r.(*cx.Review))
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out.Customer == nil && len(out.Orders)+len(out.Tickets)+len(out.Responses) == 0 {
		return nil, cx.Errorf(cx.ENOTFOUND, "no customer %q: no record names it", id)
	}
	return &out, nil
}
