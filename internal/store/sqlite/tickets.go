package sqlite

import (
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

var tickets = newTable(cx.KindTickets, []string{
	"id", "created_at", "customer_id", "channel", "team", "agent", "category", "complaint",
	"direction", "first_reply_at", "first_solved_at", "solved_at", "reopens", "agent_replies",
	"wait_seconds", "handle_seconds", "transfers", "attrs",
}, bindTicket, scanTicket)

func bindTicket(rec cx.Record, dst []any) ([]any, error) {
	t, ok := rec.(*cx.Ticket)
	if !ok || t == nil {
		return dst, store.WrongRecord("ticket", rec)
	}
	attrs, err := store.BindAttrs(t.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, t.ID, store.BindInstant(t.CreatedAt), store.BindText(t.CustomerID), store.BindText(t.Channel),
		store.BindText(t.Team), store.BindText(t.Agent), store.BindText(t.Category), boolean(t.Complaint), store.BindText(t.Direction),
		store.BindInstant(t.FirstReplyAt), store.BindInstant(t.FirstSolvedAt), store.BindInstant(t.SolvedAt), store.BindInt(t.Reopens),
		store.BindInt(t.AgentReplies), store.BindFloat(t.WaitSeconds), store.BindFloat(t.HandleSeconds),
		store.BindInt(t.Transfers), attrs), nil
}

func scanTicket(r *row) cx.Record {
	return &cx.Ticket{
		ID:            r.text(),
		CreatedAt:     r.instant(),
		CustomerID:    r.text(),
		Channel:       r.text(),
		Team:          r.text(),
		Agent:         r.text(),
		Category:      r.text(),
		Complaint:     r.flag(),
		Direction:     r.text(),
		FirstReplyAt:  r.instant(),
		FirstSolvedAt: r.instant(),
		SolvedAt:      r.instant(),
		Reopens:       r.optInt(),
		AgentReplies:  r.optInt(),
		WaitSeconds:   r.optFloat(),
		HandleSeconds: r.optFloat(),
		Transfers:     r.optInt(),
		Attrs:         r.attrs(),
	}
}
