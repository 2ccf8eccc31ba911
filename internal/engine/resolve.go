package engine

import "github.com/klantpuls/klantpuls/internal/cx"

// resolveIDs looks up the ids a batch of records names (put interns or looks them up) in one
// pass over each dictionary whose table a restore left unbuilt (keys.resolve): a report that
// applies the few records committed since its engine file then builds no table, which for one
// ticket more cost 2.9 s at 10M tickets. It is a hint: an id it leaves out is looked up as
// ever, building the table, so the answer never depends on it (TestApplyOnRestoredBuildsNoTable
// holds it to put's lookups).
//
// Only an engine restored in place resolves so (a report, an import: they answer and end): a
// server, whose writes never end, builds each table once rather than pass over the ids for
// every write; and a dictionary passes over its ids at most maxPasses times (keys.resolve),
// after which a long catch-up builds the table too.
func (e *Engine) resolveIDs(recs []cx.Record) {
	if !e.inPlace {
		return
	}
	ids := map[*keys][]string{}
	add := func(k *keys, id string) {
		if id != "" && k.built != nil && len(k.table) == 0 {
			ids[k] = append(ids[k], id)
		}
	}
	deleted := func(d cx.Deletion) {
		if c, ok := e.columnsOf(d.Of); ok {
			add(c.ids, d.ID)
		}
	}
	for _, r := range recs {
		switch r := r.(type) {
		case cx.Deletion:
			deleted(r)
		case *cx.Deletion:
			deleted(*r)
		case *cx.Customer:
			add(&e.customers.ids, r.ID)
		case *cx.Order:
			add(&e.orders.ids, r.ID)
			add(&e.customers.ids, r.CustomerID)
		case *cx.Ticket:
			add(&e.tickets.ids, r.ID)
			add(&e.customers.ids, r.CustomerID)
		case *cx.Message:
			add(&e.messages.ids, r.ID)
			add(&e.tickets.ids, r.TicketID)
		case *cx.Response:
			add(&e.responses.ids, r.ID)
			add(&e.tickets.ids, r.TicketID)
			add(&e.customers.ids, r.CustomerID)
		case *cx.Mention:
			add(&e.mentions.ids, r.ID)
		case *cx.Review:
			add(&e.reviews.ids, r.Key())
			add(&e.reviews.reviewIDs, r.ReviewID)
		case *cx.Event:
			add(&e.events.ids, r.ID)
			add(&e.customers.ids, r.CustomerID)
		}
	}
	for k, list := range ids {
		k.resolve(list)
	}
}
