package clickhouse

import (
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// One table per record kind, with the columns a report aggregates: ids, instants as DateTime
// (UInt32 seconds; 1970-01-01 00:00:00 is absent, as the engine's noTime), dimension names as
// the record gives them, scores, and per-record derivations computed in Go when the record is
// shipped. Free text (comments, mention texts, names, e-mail addresses) is not shipped: the
// store keeps it. A customer's id is (it may be their e-mail address): an erasure moves their
// records onto a pseudonym, and the rows that named the id are then scrubbed (scrub.go). Every
// table ends in version (the store's change number) and deleted; ReplacingMergeTree(version) keeps, per id, the row of
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

// Derive holds what per-record derivations need: the business-hours calendar of a team, and
// the store the changes come from, where an answer's ticket and its other answers are read
// (derive_answers.go).
type Derive struct {
	Calendar func(team string) *calendar.Calendar
	Store    Records
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
		optSecs("first_reply_biz"), optSecs("first_solved_biz"), optSecs("solved_biz"),
		instantC("first_reply"), optInt("replies"), flag("waiting")},
		ticketRow},
	// ticket_was is the ticket a message belonged to before this change (a deletion's row
	// carries it too), so that the ticket it left is derived again (derive.go); "" when none.
	{cx.KindMessages, []column{str("ticket_id"), instantC("at"), str("author"), str("agent"), str("ticket_was")},
		func(r cx.Record, _ *Derive) []any {
			m := r.(*cx.Message)
			return []any{m.TicketID, instant(m.At), m.Author, m.Agent, ""}
		}},
	// An answer's row ends in what it takes from its ticket (t_*, "" without one) and whether
	// it counts for CSAT and CES (counted), derived when it or its ticket ships (derive_answers.go);
	// row gives its own columns, the ones before answerDerived.
	{cx.KindResponses, []column{str("survey"), {"score", "Int16", int16(0)}, instantC("submitted_at"), str("customer_id"), str("ticket_id"),
		str("channel"), str("team"), str("agent"), str("language"), instantC("replied_at"), str("scale"), flag("commented"), optFloat("sentiment"),
		str("t_customer"), str("t_channel"), str("t_team"), str("t_agent"), str("t_category"), flag("counted")},
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
	// The reply-time samples (metrics.md section 2), one row per message id, written by the
	// derivation of its ticket (derive.go): at is the agent message's instant; agent the
	// message's agent, else the ticket's; channel, team, category and customer_id the ticket's
	// (the dimensions the engine splits a sample by: run.replyDim). A message that is no sample
	// (any more) has a deleted row.
	{KindReplies, []column{str("ticket_id"), instantC("at"), str("agent"), str("channel"), str("team"), str("category"), str("customer_id"),
		{"cal_seconds", "UInt32", uint32(0)}, {"biz_seconds", "UInt32", uint32(0)}},
		nil},
}

// KindReplies names the table of reply-time samples, which the shipper derives from the
// tickets and their messages: no record of the store has this kind.
const KindReplies cx.Kind = "replies"

// ticketRow is a ticket's row as if it had no messages (DeriveTicket): the business seconds of
// its own intervals with its team's calendar. The shipper derives the tickets whose messages
// it knows with them (derive.go).
func ticketRow(r cx.Record, d *Derive) []any {
	t := r.(*cx.Ticket)
	return ticketValues(t, engine.DeriveTicket(ticketIn(t), nil, d.Calendar(t.Team), nil))
}

// ticketIn is what the reply rule reads of a ticket's row.
func ticketIn(t *cx.Ticket) engine.TicketRow {
	return engine.TicketRow{Created: engine.Instant(t.CreatedAt), FirstReply: engine.Instant(t.FirstReplyAt),
		FirstSolved: engine.Instant(t.FirstSolvedAt), Solved: engine.Instant(t.SolvedAt),
		Replies: engine.AgentReplies(t.AgentReplies), Outbound: t.IsOutbound()}
}

// ticketValues is a ticket's row (after id) with what its messages and calendar derive.
func ticketValues(t *cx.Ticket, d engine.TicketDerived) []any {
	var replies *int32
	if d.Replies != engine.NoReplies {
		n := int32(d.Replies)
		replies = &n
	}
	return []any{instant(t.CreatedAt), t.CustomerID, t.Channel, t.Team, t.Agent, t.Category,
		boolFlag(t.Complaint), boolFlag(t.IsOutbound()), instant(t.FirstReplyAt), instant(t.FirstSolvedAt), instant(t.SolvedAt),
		optInt32(t.Reopens), optInt32(t.AgentReplies), t.WaitSeconds, t.HandleSeconds, optInt32(t.Transfers),
		optSeconds(d.FirstReplyBiz), optSeconds(d.FirstSolvedBiz), optSeconds(d.SolvedBiz),
		unixInstant(d.FirstReply), replies, boolFlag(d.Waiting)}
}

// optSeconds is a derived number of seconds, nil when not measured.
func optSeconds(s uint32) *uint32 {
	if s == engine.NoSeconds {
		return nil
	}
	return &s
}

// unixInstant is an engine instant (0 absent) as a DateTime value.
func unixInstant(s uint32) time.Time {
	if s == 0 {
		return noInstant
	}
	return time.Unix(int64(s), 0).UTC()
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
