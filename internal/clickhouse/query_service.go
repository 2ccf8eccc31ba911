package clickhouse

import (
	"context"
	"fmt"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// tickets is the SQL of the tickets that pass the plan's filters, one row each with its
// instants (UInt32, 0 = none), its group (g) and its channel's shown name (ch); the segment is
// its customer's, joined at query time. The tickets are not cut to the plan's periods: a
// ticket created long before still counts where it is solved or waiting.
func (p *plan) tickets(s *statement) string {
	const own = "id, created_at, solved_at, first_solved_at, first_reply_at, outbound, wait_seconds, handle_seconds, agent_replies, customer_id, channel, team, agent, category"
	cols := "toUInt32(created_at) AS created, toUInt32(solved_at) AS solved, toUInt32(first_solved_at) AS first_solved, " +
		"toUInt32(first_reply_at) AS first_reply, outbound, wait_seconds, handle_seconds, agent_replies, customer_id, channel, team, agent, category"
	sql := join("SELECT", cols, "FROM", p.table(cx.KindTickets, own))
	if p.uses(engine.BySegment) {
		sql = join("SELECT created, solved, first_solved, first_reply, outbound, wait_seconds, handle_seconds, agent_replies,",
			"customer_id, channel, team, agent, category, c_segment FROM (SELECT", cols, ", customer_id AS cust FROM",
			p.table(cx.KindTickets, own), ") ANY LEFT JOIN (SELECT id AS cust, segment AS c_segment FROM",
			p.table(cx.KindCustomers, "id, segment"), ") USING cust")
	}
	dim := func(d engine.Dim) string { return p.ticketDim(s, d) }
	return join("SELECT *,", dim(p.Query.By), "AS g,", p.shownExpr(s, engine.ByChannel, "channel"), "AS ch FROM (", sql, ") WHERE", p.keep(s, dim))
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

// ticketCounts computes the tickets created and solved per period and group, and the created
// per channel (metrics.md section 2), as the engine's service pass counts them: a ticket is
// created in the period of its creation and solved in that of its solve (not before its
// creation). A group is seen in a period where any of the ticket's figures falls, as the
// engine marks it, waiting tickets (the backlog) included.
func ticketCounts(ctx context.Context, p *plan) error {
	created, solved := make([]int, len(p.sets)), make([]int, len(p.sets))
	perChannel := make([]map[string]int, len(p.sets))
	if !p.noMatch {
		s := &statement{}
		sql := join("SELECT k, g, ch, count() AS n FROM (SELECT arrayJoin(", p.periodsExpr(s, "created"), ") AS k, g, ch FROM (",
			p.tickets(s), ") WHERE", p.inRange(s, "created"), ") GROUP BY k, g, ch")
		var (
			k     int32
			g, ch string
			n     uint64
		)
		err := p.each(ctx, "tickets created", sql, s, []any{&k, &g, &ch, &n}, func() error {
			if slot := p.slot(int(k), g); slot >= 0 {
				created[slot] += int(n)
				if perChannel[slot] == nil {
					perChannel[slot] = map[string]int{}
				}
				perChannel[slot][ch] += int(n)
				p.seen[slot] = true
			}
			return nil
		})
		if err != nil {
			return err
		}
		s = &statement{}
		sql = join("SELECT k, g, count() AS n FROM (SELECT arrayJoin(", p.periodsExpr(s, "solved"), ") AS k, g FROM (",
			p.tickets(s), ") WHERE", p.inRange(s, "solved"), "AND solved >= created) GROUP BY k, g")
		err = p.each(ctx, "tickets solved", sql, s, []any{&k, &g, &n}, func() error {
			if slot := p.slot(int(k), g); slot >= 0 {
				solved[slot] += int(n)
				p.seen[slot] = true
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := p.ticketsSeen(ctx); err != nil {
			return err
		}
	}
	for k := range p.sets {
		t := metric.NewTickets(created[k], solved[k], perChannel[k])
		p.sets[k].Tickets = &t
	}
	return nil
}

// ticketsSeen marks the periods and groups the tickets' other figures fall in (engine:
// serviceTicket): a first reply to an inbound ticket, a first solve, the end of the wait, the
// handle time's instant (the solve, else the creation); and, when any ticket knows of replies,
// the periods at whose end an inbound ticket was still waiting for its first reply (backlog).
func (p *plan) ticketsSeen(ctx context.Context) error {
	s := &statement{}
	fs := "if(first_solved != 0, first_solved, solved)"
	instants := []string{
		"if(outbound = 0 AND first_reply >= created, first_reply, 0)",
		fmt.Sprintf("if(%s >= created, %s, 0)", fs, fs),
		// Wait time belongs to the moment the customer was answered: creation + wait.
		"if(isNull(wait_seconds) OR isNaN(assumeNotNull(wait_seconds)) OR assumeNotNull(wait_seconds) >= 4294967295 - created, 0, " +
			"created + toUInt32(assumeNotNull(wait_seconds)))",
		"if(isNull(handle_seconds) OR isNaN(assumeNotNull(handle_seconds)), 0, if(solved != 0, solved, created))",
	}
	var arrays []string
	for _, at := range instants {
		arrays = append(arrays, p.periodsExpr(s, at))
	}
	sql := join("SELECT DISTINCT k, g FROM (SELECT arrayJoin(arrayConcat(", joinComma(arrays), ")) AS k, g FROM (", p.tickets(s), "))")
	var (
		k int32
		g string
	)
	mark := func() error {
		if slot := p.slot(int(k), g); slot >= 0 {
			p.seen[slot] = true
		}
		return nil
	}
	if err := p.each(ctx, "tickets seen", sql, s, []any{&k, &g}, mark); err != nil {
		return err
	}
	// The backlog at the end of period k: inbound, created before the end, first replied at
	// or after it (or not yet); only when some ticket knows of replies (engine: anyReplyData).
	s = &statement{}
	var replies uint64
	err := p.each(ctx, "tickets seen", join("SELECT count() FROM", p.table(cx.KindTickets, "first_reply_at, agent_replies"),
		"WHERE toUInt32(first_reply_at) != 0 OR isNotNull(agent_replies)"), s, []any{&replies}, func() error { return nil })
	if err != nil || replies == 0 {
		return err
	}
	his := make([]uint32, len(p.Periods))
	for k, pd := range p.Periods {
		his[k] = pd.Hi
	}
	end := fmt.Sprintf("arrayElement(%s, k + 1)", s.bind(his))
	sql = join("SELECT DISTINCT toInt32(k) AS k, g FROM (SELECT arrayJoin(arrayFilter(k -> created <", end, "AND (first_reply = 0 OR", end, "<= first_reply),",
		fmt.Sprintf("range(%d))) AS k, g FROM (", len(his)), p.tickets(s), ") WHERE outbound = 0", readByLambda("created", "first_reply"), ")")
	return p.each(ctx, "tickets waiting", sql, s, []any{&k, &g}, mark)
}

func joinComma(parts []string) string {
	out := ""
	for i, s := range parts {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

// readByLambda is a condition that always holds and names columns: 18.16 drops from a
// subquery a column that only a lambda reads ("Unknown identifier"), and this keeps them.
func readByLambda(cols ...string) string {
	out := ""
	for _, c := range cols {
		out += " AND isNotNull(" + c + ")"
	}
	return out
}
