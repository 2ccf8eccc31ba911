package clickhouse

import (
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// One table per record kind, with the columns a report aggregates: ids, instants as DateTime
// (UInt32 seconds; 1970-01-01 00:00:00 is absent, as the engine's noTime), dimension names as
// the record gives them, scores, and per-record derivations computed in Go when the record is
// shipped. Free text (comments, mention texts, names, e-mail addresses) is not shipped: the
// store keeps it, so an erasure has nothing to scrub here. Every table ends in version (the
// store's change number) and deleted; ReplacingMergeTree(version) keeps, per id, the row of
// the highest version, so a re-shipped change never doubles. Types keep to what ClickHouse
// 18.16 (Debian's) and current releases both have: no LowCardinality, no DateTime64.

// column is one column: its name, its ClickHouse type, and the value a deletion row carries.
type column struct {
	name, typ string
	zero      any
}

// table is the table of one kind; row gives a record's values in cols order (after id).
type table struct {
	kind cx.Kind
	cols []column // after id, before version and deleted
	row  func(r cx.Record, d *Derive) []any
}

// Derive holds what per-record derivations need: the business-hours calendar of a team.
type Derive struct {
	Calendar func(team string) *calendar.Calendar
}

var (
	noInstant = time.Unix(0, 0).UTC()
	str       = func(name string) column { return column{name, "String", ""} }
	instantC  = func(name string) column { return column{name, "DateTime", noInstant} }
	flag      = func(name string) column { return column{name, "UInt8", uint8(0)} }
	optFloat  = func(name string) column { return column{name, "Nullable(Float64)", (*float64)(nil)} }
	optInt    = func(name string) column { return column{name, "Nullable(Int32)", (*int32)(nil)} }
	optSecs   = func(name string) column { return column{name, "Nullable(UInt32)", (*uint32)(nil)} }
)

var tables = []table{
	{cx.KindCustomers, []column{instantC("acquired_at"), instantC("churned_at"), str("segment"), str("referred_by")},
		func(r cx.Record, _ *Derive) []any {
			c := r.(*cx.Customer)
			return []any{instant(c.AcquiredAt), instant(c.ChurnedAt), c.Segment, c.ReferredBy}
		}},
	{cx.KindOrders, []column{str("customer_id"), instantC("ordered_at"), {"amount", "Float64", float64(0)}, optFloat("gross_margin"), flag("refund"), str("refund_of")},
		func(r cx.Record, _ *Derive) []any {
			o := r.(*cx.Order)
			return []any{o.CustomerID, instant(o.OrderedAt), o.Amount, o.GrossMargin, boolFlag(o.IsRefund()), o.RefundOf}
		}},
	{cx.KindTickets, []column{instantC("created_at"), str("customer_id"), str("channel"), str("team"), str("agent"), str("category"),
		flag("complaint"), flag("outbound"), instantC("first_reply_at"), instantC("first_solved_at"), instantC("solved_at"),
		optInt("reopens"), optInt("agent_replies"), optFloat("wait_seconds"), optFloat("handle_seconds"), optInt("transfers"),
		optSecs("first_reply_biz"), optSecs("first_solved_biz"), optSecs("solved_biz")},
		ticketRow},
	{cx.KindMessages, []column{str("ticket_id"), instantC("at"), str("author"), str("agent")},
		func(r cx.Record, _ *Derive) []any {
			m := r.(*cx.Message)
			return []any{m.TicketID, instant(m.At), m.Author, m.Agent}
		}},
	{cx.KindResponses, []column{str("survey"), {"score", "Int16", int16(0)}, instantC("submitted_at"), str("customer_id"), str("ticket_id"),
		str("channel"), str("team"), str("agent"), str("language"), instantC("replied_at"), str("scale"), flag("commented"), optFloat("sentiment")},
		func(r cx.Record, _ *Derive) []any {
			a := r.(*cx.Response)
			return []any{a.Survey, int16(a.Score), instant(a.SubmittedAt), a.CustomerID, a.TicketID, a.Channel, a.Team, a.Agent,
				a.Language, instant(a.RepliedAt), a.Scale, boolFlag(a.Comment != ""), a.Sentiment}
		}},
	{cx.KindMentions, []column{str("source"), instantC("at"), instantC("replied_at"), optFloat("sentiment")},
		func(r cx.Record, _ *Derive) []any {
			m := r.(*cx.Mention)
			return []any{m.Source, instant(m.At), instant(m.RepliedAt), m.Sentiment}
		}},
	{cx.KindReviews, []column{str("review_id"), str("criterion"), instantC("reviewed_at"), str("agent"), str("ticket_id"), str("reviewer"), optInt("rating")},
		func(r cx.Record, _ *Derive) []any {
			v := r.(*cx.Review)
			return []any{v.ReviewID, v.Criterion, instant(v.ReviewedAt), v.Agent, v.TicketID, v.Reviewer, optInt32(v.Rating)}
		}},
	{cx.KindEvents, []column{str("customer_id"), str("kind"), instantC("at")},
		func(r cx.Record, _ *Derive) []any {
			e := r.(*cx.Event)
			return []any{e.CustomerID, e.Kind, instant(e.At)}
		}},
}

// ticketRow derives the business seconds of the ticket row's own intervals with its team's
// calendar, as the engine does when it applies a ticket (engine.deriveTicket): an end before
// the creation, or none, is not measured; the first resolution is first_solved_at, else
// solved_at. A first reply that only the ticket's messages give is not derived here yet.
func ticketRow(r cx.Record, d *Derive) []any {
	t := r.(*cx.Ticket)
	cal := d.Calendar(t.Team)
	biz := func(end time.Time) *uint32 {
		s, ok := cal.Elapsed(unix(t.CreatedAt), unix(end))
		if !ok {
			return nil
		}
		v := uint32(s)
		return &v
	}
	firstSolved := t.FirstSolvedAt
	if firstSolved.IsZero() {
		firstSolved = t.SolvedAt
	}
	return []any{instant(t.CreatedAt), t.CustomerID, t.Channel, t.Team, t.Agent, t.Category,
		boolFlag(t.Complaint), boolFlag(t.IsOutbound()), instant(t.FirstReplyAt), instant(t.FirstSolvedAt), instant(t.SolvedAt),
		optInt32(t.Reopens), optInt32(t.AgentReplies), t.WaitSeconds, t.HandleSeconds, optInt32(t.Transfers),
		biz(t.FirstReplyAt), biz(firstSolved), biz(t.SolvedAt)}
}

// unix is t in Unix seconds, 0 for an absent (zero) time: as the engine keeps instants.
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// instant is a DateTime value: the zero time is absent (0), as in the engine.
func instant(t time.Time) time.Time {
	if t.IsZero() || t.Unix() < 0 {
		return noInstant
	}
	return t.UTC()
}

func boolFlag(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

func optInt32(p *int) *int32 {
	if p == nil {
		return nil
	}
	v := int32(*p)
	return &v
}

// tableOf returns the table of a kind.
func tableOf(kind cx.Kind) (*table, bool) {
	for i := range tables {
		if tables[i].kind == kind {
			return &tables[i], true
		}
	}
	return nil, false
}

// values is a change's row: id, the columns, version, deleted. A deletion carries the columns'
// zero values and deleted = 1.
func (t *table) values(r cx.Record, version int64, d *Derive) []any {
	out := make([]any, 0, len(t.cols)+3)
	out = append(out, r.Key())
	if _, gone := r.(cx.Deletion); gone {
		for _, c := range t.cols {
			out = append(out, c.zero)
		}
		return append(out, uint64(version), uint8(1))
	}
	out = append(out, t.row(r, d)...)
	return append(out, uint64(version), uint8(0))
}
