package sqlite

import "github.com/klantpuls/klantpuls/internal/cx"

var responses = newTable(cx.KindResponses, []string{
	"id", "survey", "score", "submitted_at", "customer_id", "ticket_id", "channel", "team",
	"agent", "comment", "language", "replied_at", "attrs",
}, bindResponse, scanResponse)

func bindResponse(rec cx.Record, dst []any) ([]any, error) {
	s, ok := rec.(*cx.Response)
	if !ok || s == nil {
		return dst, wrongType("response", rec)
	}
	attrs, err := attrsJSON(s.Attrs)
	if err != nil {
		return dst, err
	}
	return append(dst, s.ID, s.Survey, int64(s.Score), instant(s.SubmittedAt),
		text(s.CustomerID), text(s.TicketID), text(s.Channel), text(s.Team), text(s.Agent),
		text(s.Comment), text(s.Language), instant(s.RepliedAt), attrs), nil
}

func scanResponse(r *row) cx.Record {
	return &cx.Response{
		ID:          r.text(),
		Survey:      r.text(),
		Score:       int(r.integer()),
		SubmittedAt: r.instant(),
		CustomerID:  r.text(),
		TicketID:    r.text(),
		Channel:     r.text(),
		Team:        r.text(),
		Agent:       r.text(),
		Comment:     r.text(),
		Language:    r.text(),
		RepliedAt:   r.instant(),
		Attrs:       r.attrs(),
	}
}
