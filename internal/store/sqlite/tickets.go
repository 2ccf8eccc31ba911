package sqlite

import "github.com/klantpuls/klantpuls/internal/cx"

var tickets = newTable(cx.KindTickets, []string{
	"id", "created_at", "customer_id", "channel", "team", "agent", "category", "complaint",
	"direction", "first_reply_at", "first_solved_at", "solved_at", "reopens", "agent_replies",
	"wait_seconds", "handle_seconds", "transfers", "attrs",
}, bindTicket, scanTicket)

func bindTicket(rec cx.Record, dst []any) ([]any, error) {
	t, ok := rec.(*cx.Ticket)
	if !ok || t == nil {
		return dst, wrongType("ticket", rec)
	}
	attrs, err := attrsJSON(t.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, t.ID, instant(t.CreatedAt), text(t.CustomerID), text(t.Channel),
		text(t.Team), text(t.Agent), text(t.Category), boolean(t.Complaint), text(t.Direction),
		instant(t.FirstReplyAt), instant(t.FirstSolvedAt), instant(t.SolvedAt), optInt(t.Reopens),
		optInt(t.AgentReplies), optFloat(t.WaitSeconds), optFloat(t.HandleSeconds),
		optInt(t.Transfers), attrs), nil
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
