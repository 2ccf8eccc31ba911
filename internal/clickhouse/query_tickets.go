package clickhouse

import (
	"context"
	"fmt"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// ticketColumns are the columns of a ticket the service parts read: instants as UInt32 (0 =
// none), the optional numbers as shipped (NULL = not known).
const ticketColumns = "created, solved, first_solved, first_reply, outbound, complaint, wait_seconds, handle_seconds, " +
	"agent_replies, reopens, transfers, first_reply_biz, first_solved_biz, solved_biz, customer_id, channel, team, agent, category"

// tickets is the SQL of the tickets that pass the plan's filters, one row each with its
// ticketColumns, its group (g) and its channel's shown name (ch); the segment is its
// customer's, joined at query time. The tickets are not cut to the plan's periods: a ticket
// created long before still counts where it is solved or waiting.
func (p *plan) tickets(s *statement) string {
	// first_reply and replies are what the ticket's messages give, when it has any (derive.go).
	const own = "id, created_at, solved_at, first_solved_at, first_reply, outbound, complaint, wait_seconds, handle_seconds, " +
		"replies, reopens, transfers, first_reply_biz, first_solved_biz, solved_biz, customer_id, channel, team, agent, category"
	sql := join("SELECT toUInt32(created_at) AS created, toUInt32(solved_at) AS solved, toUInt32(first_solved_at) AS first_solved,",
		"toUInt32(first_reply) AS first_reply, outbound, complaint, wait_seconds, handle_seconds, replies AS agent_replies, reopens, transfers,",
		"first_reply_biz, first_solved_biz, solved_biz, customer_id, channel, team, agent, category FROM", p.table(cx.KindTickets, own))
	cols := ticketColumns
	if p.uses(engine.BySegment) {
		sql = join("SELECT", cols, ", c_segment FROM (SELECT *, customer_id AS cust FROM (", sql,
			")) ANY LEFT JOIN (SELECT id AS cust, segment AS c_segment FROM", p.table(cx.KindCustomers, "id, segment"), ") USING cust")
		cols += ", c_segment"
	}
	dim := func(d engine.Dim) string { return p.ticketDim(s, d) }
	return join("SELECT", cols, ",", dim(p.Query.By), "AS g,", p.shownExpr(s, engine.ByChannel, "channel"), "AS ch FROM (", sql,
		") WHERE", p.keep(s, dim))
}

// ticketDim is the SQL of a ticket's shown name in dimension d (engine: ticketDim).
func (p *plan) ticketDim(s *statement, d engine.Dim) string {
	switch d {
	case engine.ByChannel, engine.ByTeam, engine.ByAgent, engine.ByCategory:
		return p.shownExpr(s, d, string(d))
	case engine.BySegment:
		return p.shownExpr(s, d, "c_segment")
	}
	return "''"
}

// figureAt is an instant a ticket's figure belongs to, as SQL on ticketColumns, and the
// condition under which the ticket gives that figure (engine: serviceTicket).
type figureAt struct{ at, when string }

const firstSolved = "if(first_solved != 0, first_solved, solved)" // engine: firstSolvedAt

var (
	atCreated     = figureAt{"created", "1"}
	atFirstReply  = figureAt{"first_reply", "outbound = 0 AND first_reply >= created"}
	atSolved      = figureAt{"solved", "solved >= created"}
	atFirstSolved = figureAt{firstSolved, firstSolved + " >= created"}
	// Wait time belongs to the moment the customer was answered: creation + wait (engine:
	// waitEnd, which measures no wait past the last instant a UInt32 holds).
	atWaitEnd = figureAt{"created + toUInt32(assumeNotNull(wait_seconds))",
		"isNotNull(wait_seconds) AND NOT isNaN(assumeNotNull(wait_seconds)) AND assumeNotNull(wait_seconds) < 4294967295 - created"}
	// Handle time belongs to the solve, else the creation (engine: handleAt).
	atHandle = figureAt{"if(solved != 0, solved, created)", "isNotNull(handle_seconds) AND NOT isNaN(assumeNotNull(handle_seconds))"}
)

// byPeriod is the SQL of the tickets, one row per period of the instant that holds it, with its
// period (k), its group (g), its channel (ch) and the columns cols of ticketColumns.
func (p *plan) byPeriod(s *statement, i figureAt, cols string) string {
	if cols != "" {
		cols = ", " + cols
	}
	return join("SELECT arrayJoin(", p.periodsExpr(s, i.at), ") AS k, g, ch", cols, "FROM (", p.tickets(s), ") WHERE", p.inRange(s, i.at),
		"AND", i.when)
}

// ticketCounts computes the tickets created and solved per period and group, and the created
// per channel (metrics.md section 2), as the engine's service pass counts them when only the
// counts are asked (a chart of volumes): a group is seen in a period where any of the ticket's
// figures falls, waiting tickets (the backlog) included.
func ticketCounts(ctx context.Context, p *plan) error {
	created, solved := make([]int, len(p.sets)), make([]int, len(p.sets))
	perChannel := make([]map[string]int, len(p.sets))
	if !p.noMatch {
		err := together(
			func() error { return p.countCreated(ctx, created, perChannel) },
			func() error { return p.countSolved(ctx, solved) },
			func() error { return p.ticketsSeen(ctx) },
			func() error { _, err := p.waiting(ctx, nil); return err })
		if err != nil {
			return err
		}
	}
	for k := range p.sets {
		t := metric.NewTickets(created[k], solved[k], perChannel[k])
		p.sets[k].Tickets = &t
	}
	return nil
}

// countSolved counts the tickets solved per slot (not before their creation), and marks the
// slots seen.
func (p *plan) countSolved(ctx context.Context, solved []int) error {
	s := &statement{}
	sql := join("SELECT k, g, count() AS n FROM (", p.byPeriod(s, atSolved, ""), ") GROUP BY k, g")
	var (
		k int32
		g string
		n uint64
	)
	return p.each(ctx, "tickets solved", sql, s, []any{&k, &g, &n}, func() error {
		if slot := p.slot(int(k), g); slot >= 0 {
			solved[slot] += int(n)
			p.mark(slot)
		}
		return nil
	})
}

// countCreated counts the tickets created per slot and per channel, and marks the slots seen.
func (p *plan) countCreated(ctx context.Context, created []int, perChannel []map[string]int) error {
	s := &statement{}
	sql := join("SELECT k, g, ch, count() AS n FROM (", p.byPeriod(s, atCreated, ""), ") GROUP BY k, g, ch")
	var (
		k     int32
		g, ch string
		n     uint64
	)
	return p.each(ctx, "tickets created", sql, s, []any{&k, &g, &ch, &n}, func() error {
		if slot := p.slot(int(k), g); slot >= 0 && p.known(ch) {
			created[slot] += int(n)
			if perChannel[slot] == nil {
				perChannel[slot] = map[string]int{}
			}
			perChannel[slot][ch] += int(n)
			p.mark(slot)
		}
		return nil
	})
}

// ticketsSeen marks the periods and groups the tickets' other figures fall in: a first reply
// to an inbound ticket, a first solve, the end of the wait, the handle time's instant.
func (p *plan) ticketsSeen(ctx context.Context) error {
	s := &statement{}
	var arrays []string
	for _, i := range []figureAt{atFirstReply, atFirstSolved, atWaitEnd, atHandle} {
		arrays = append(arrays, p.periodsExpr(s, fmt.Sprintf("if(%s, %s, 0)", i.when, i.at)))
	}
	sql := join("SELECT DISTINCT k, g FROM (SELECT arrayJoin(arrayConcat(", strings.Join(arrays, ", "), ")) AS k, g FROM (", p.tickets(s), "))")
	var (
		k int32
		g string
	)
	return p.each(ctx, "tickets seen", sql, s, []any{&k, &g}, func() error {
		if slot := p.slot(int(k), g); slot >= 0 {
			p.mark(slot)
		}
		return nil
	})
}

// waiting counts the backlog at the end of each period: inbound tickets created before the end
// and first replied at or after it, or not yet (engine: backlog). Only when some ticket knows of
// replies (engine: anyReplyData), else it reports none (replyData false). A ticket waits in a
// stretch of consecutive periods of each row, from the first ending after its creation up to
// the first ending after its first reply: ClickHouse counts the tickets per stretch, and the
// stretches are summed here (engine: ranges). It marks the slots with a backlog seen, and
// gives count (when not nil) each slot's backlog.
func (p *plan) waiting(ctx context.Context, count []int) (replyData bool, err error) {
	if replyData, err = p.anyReplyData(ctx); err != nil || !replyData {
		return false, err
	}
	s := &statement{}
	// Per row: the stretch [lo, hi) as timeline.endedBy gives it, of the creation and of the
	// first reply (none: to the row's end).
	var cols []string
	for _, l := range p.Lines {
		n := len(l.Bounds) - 1
		cols = append(cols, fmt.Sprintf("greatest(%s, 0)", p.positionExpr(s, l, "created")),
			fmt.Sprintf("if(first_reply = 0, toInt32(%d), greatest(%s, 0))", n, p.positionExpr(s, l, "first_reply")))
	}
	sql := join("SELECT g, [", strings.Join(cols, ", "), "] AS stretches, count() AS n FROM (", p.tickets(s),
		") WHERE outbound = 0 GROUP BY g, stretches")
	var (
		g         string
		stretches []int32
		n         uint64
	)
	groups := 1
	if p.Query.By != engine.ByNone {
		groups = len(p.keys)
	}
	diff := make([][]int, len(p.Lines)) // per row: (periods+1) × groups differences
	for i, l := range p.Lines {
		diff[i] = make([]int, len(l.Bounds)*groups)
	}
	err = p.each(ctx, "tickets waiting", sql, s, []any{&g, &stretches, &n}, func() error {
		gi := p.group(g)
		if gi < 0 {
			return nil
		}
		for i := range p.Lines {
			if lo, hi := int(stretches[2*i]), int(stretches[2*i+1]); lo < hi {
				diff[i][lo*groups+gi] += int(n)
				diff[i][hi*groups+gi] -= int(n)
			}
		}
		return nil
	})
	if err != nil {
		return true, err
	}
	for i, l := range p.Lines {
		for gi := range groups {
			sum := 0
			for j := range len(l.Bounds) - 1 {
				sum += diff[i][j*groups+gi]
				if slot := (l.First+j)*len(p.keys) + gi; sum > 0 {
					p.mark(slot)
					if count != nil {
						count[slot] = sum
					}
				}
			}
		}
	}
	return true, nil
}

// anyReplyData tells whether any ticket is known to be answered or not (engine: anyReplyData):
// all tickets, not the query's filtered ones.
func (p *plan) anyReplyData(ctx context.Context) (bool, error) {
	var replies uint64
	err := p.each(ctx, "tickets waiting", join("SELECT count() FROM", p.table(cx.KindTickets, "first_reply, replies"),
		"WHERE toUInt32(first_reply) != 0 OR isNotNull(replies)"), &statement{}, []any{&replies}, func() error { return nil })
	return replies > 0, err
}
