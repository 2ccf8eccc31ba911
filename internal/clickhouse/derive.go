package clickhouse

import (
	"context"
	"fmt"
	"strings"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/ext"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// What a ticket derives from its messages (first reply, agent replies, reply-time samples,
// waiting) is computed here in Go by the engine's own rule (engine.DeriveTicket), so ClickHouse
// only aggregates. Tickets and messages are therefore shipped together, a step at a time: the
// step's changes of both kinds, all numbered at most upTo, then every ticket they touch derived
// again from its row and its messages as ClickHouse now holds them — the ticket a message was
// added to, changed in or moved to, the one it left (ticket_was) and the one it was deleted
// from. A ticket's row carries as its version its own change number when the step changes it
// (so the rows keep the order the tickets were written in: the querier shows a name as first
// written), else the highest of the step's messages that touch it; a row in replies carries
// the step's upTo. Each derivation reflects every change up to upTo, a ticket's version is
// above every earlier step's, and a later change that touches it has a higher number, so the
// newest derivation wins and shipping a step again changes nothing.

// ShipStep is one step of ticket, message and answer changes to ship with what they derive.
// The answers ship in the step, after the tickets, for what they take from their tickets
// (derive_answers.go).
type ShipStep struct {
	Tickets, Messages, Responses []Change
	// UpTo is the highest change number of the step: the version of its reply rows.
	UpTo int64
	// MessagesShipped is the messages' position before the step: a message row numbered
	// above it was written by an earlier try of this step.
	MessagesShipped int64
	// NoAnswersYet: the store holds no answer numbered at most UpTo (the pass read the answers'
	// changes from the start and found none up to the step's cut), so the tickets the step
	// changes have no answers to derive again and the store is not asked (a first ship's
	// tickets, imported before their answers).
	NoAnswersYet bool
}

// InsertStep writes a step: the messages' rows, then the rows of every ticket the step
// touches (its own changes and the tickets of its messages, before and after) and their reply
// samples, derived anew, then the step's answers and those of the tickets it changed.
func (db *DB) InsertStep(ctx context.Context, s ShipStep, d *Derive) error {
	ids := make([]string, len(s.Messages))
	for i, c := range s.Messages {
		ids[i] = c.Record.Key()
	}
	was, err := db.ticketsBefore(ctx, ids, s.MessagesShipped)
	if err != nil {
		return err
	}
	rows := make([][]any, 0, len(s.Messages))
	var byTicket [][]any           // ticket_messages: the message under its ticket, gone from the one it left
	touched := map[string]int64{}  // ticket → the highest change of the step that touches it
	changed := map[string]Change{} // the step's ticket changes
	var gone []string              // messages deleted in this step
	for _, c := range s.Messages {
		id := c.Record.Key()
		m, put := c.Record.(*cx.Message)
		if put {
			rows = append(rows, []any{id, m.TicketID, instant(m.At), m.Author, m.Agent, was[id], uint64(c.Seq), uint8(0)})
			byTicket = append(byTicket, []any{m.TicketID, id, instant(m.At), m.Author, m.Agent, uint64(c.Seq), uint8(0)})
			touched[m.TicketID] = max(touched[m.TicketID], c.Seq) // tickets come after: theirs replaces it
		} else {
			rows = append(rows, []any{id, "", noInstant, "", "", was[id], uint64(c.Seq), uint8(1)})
			gone = append(gone, id)
		}
		if w := was[id]; w != "" && (!put || w != m.TicketID) {
			byTicket = append(byTicket, []any{w, id, noInstant, "", "", uint64(c.Seq), uint8(1)})
			touched[w] = max(touched[w], c.Seq)
		}
	}
	err = both(func() error { return db.insertRows(ctx, cx.KindMessages, rows) },
		func() error { return db.insertInto(ctx, ticketMessages, ticketMessagesColumns, byTicket) })
	if err != nil {
		return err
	}
	for _, c := range s.Tickets {
		changed[c.Record.Key()] = c
		touched[c.Record.Key()] = c.Seq // a ticket changed in the step: its own change number
	}
	// The step's messages, and whether each was shipped before: one that was may have been a
	// sample; a new one has no row in replies to delete (most of a first ship's).
	inStep := make(map[string]bool, len(s.Messages))
	for _, c := range s.Messages {
		_, shipped := was[c.Record.Key()]
		inStep[c.Record.Key()] = shipped
	}
	tickets, replies, err := db.derive(ctx, touched, changed, inStep, uint64(s.UpTo), d)
	if err != nil {
		return err
	}
	for _, id := range gone {
		replies = append(replies, deletedRow(KindReplies, id, uint64(s.UpTo)))
	}
	err = both(func() error { return db.insertRows(ctx, cx.KindTickets, tickets) },
		func() error { return db.insertRows(ctx, KindReplies, replies) })
	if err != nil {
		return err
	}
	if s.NoAnswersYet && len(s.Responses) == 0 {
		return nil
	}
	return db.insertAnswers(ctx, s.Responses, s.Tickets, s.UpTo, d)
}

// both runs two inserts, or two reads, at once (ClickHouse and the store take them in
// parallel) and returns the first error. Either insert may land without the other: the step is
// shipped again then, which writes the same rows.
func both(f, g func() error) error {
	done := make(chan error, 1)
	go func() { done <- g() }()
	err := f()
	if gErr := <-done; err == nil {
		err = gErr
	}
	return err
}

// derive returns the rows of the touched tickets and of their messages' samples: a ticket
// changed in the step is as the step has it, another as ClickHouse holds it; a ticket that
// does not exist has no row (a deleted one's deletion row) and its messages no samples, as the
// engine counts no reply of a ticket it does not hold. A message that is no sample gets a
// deleted row only when it may have been one: an agent's, or one of the step's shipped before
// (it may have been an agent's); not one the step ships first (inStep false). The others got
// their deleted row when they last changed, or never had a row.
func (db *DB) derive(ctx context.Context, touched map[string]int64, changed map[string]Change, inStep map[string]bool,
	version uint64, d *Derive) (tickets, replies [][]any, err error) {
	agentCode := engine.AuthorCode(cx.AuthorAgent)
	ids := make([]string, 0, len(touched))
	var others []string
	for id := range touched {
		ids = append(ids, id)
		if _, ok := changed[id]; !ok {
			others = append(others, id)
		}
	}
	stored, err := db.shippedTickets(ctx, others)
	if err != nil {
		return nil, nil, err
	}
	msgs, err := db.ticketMessages(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	var in []engine.ReplyMessage
	for _, id := range ids {
		t := stored[id]
		if c, ok := changed[id]; ok {
			t, _ = c.Record.(*cx.Ticket)
			if t == nil {
				tickets = append(tickets, deletedRow(cx.KindTickets, id, uint64(touched[id])))
			}
		}
		ms := msgs[id]
		if t == nil {
			for _, m := range ms {
				if mayHaveBeen(m.id, engine.AuthorCode(m.author) == agentCode, inStep) {
					replies = append(replies, deletedRow(KindReplies, m.id, version))
				}
			}
			continue
		}
		in = in[:0]
		for i, m := range ms {
			in = append(in, engine.ReplyMessage{At: engine.Instant(m.at), Author: engine.AuthorCode(m.author), Ref: uint32(i)})
		}
		engine.SortMessages(in, func(ref uint32) string { return ms[ref].id })
		samples := make([]engine.ReplySample, len(in))
		derived := engine.DeriveTicket(ticketIn(t), in, d.Calendar(t.Team), samples)
		tickets = append(tickets, append(append([]any{id}, ticketValues(t, derived)...), uint64(touched[id]), uint8(0)))
		for i, r := range in {
			m, s := ms[r.Ref], samples[i]
			if s.Cal == engine.NoSeconds {
				if mayHaveBeen(m.id, r.Author == agentCode, inStep) {
					replies = append(replies, deletedRow(KindReplies, m.id, version))
				}
				continue
			}
			agent := m.agent
			if cx.NameKey(agent) == "" { // no agent's name, as the engine's names have it
				agent = t.Agent
			}
			replies = append(replies, []any{m.id, id, unixInstant(engine.Instant(m.at)), agent, t.Channel, t.Team, t.Category, t.CustomerID,
				s.Cal, s.Biz, version, uint8(0)})
		}
	}
	return tickets, replies, nil
}

// mayHaveBeen tells whether message id may have been a sample: shipped before (inStep: in the
// step, true when shipped before) and an agent's, or changed in the step.
func mayHaveBeen(id string, agent bool, inStep map[string]bool) bool {
	shippedBefore, changed := inStep[id]
	if changed {
		return shippedBefore
	}
	return agent
}

// deletedRow is the row that deletes id from kind's table: the columns' zero values.
func deletedRow(kind cx.Kind, id string, version uint64) []any {
	t, _ := tableOf(kind)
	row := []any{id}
	for _, c := range t.cols {
		row = append(row, c.zero)
	}
	return append(row, version, uint8(1))
}

// shippedMessage is a message as ClickHouse holds it.
type shippedMessage struct {
	id, author, agent string
	at                time.Time
}

// ticketMessages is the table of the messages by ticket: a message's row under each ticket it
// belonged to, keyed by (ticket_id, id), so a ticket's messages are read by the sorting key
// instead of a scan of all messages (a step of the shipper reads those of every ticket it
// touches). A message that left a ticket (moved or deleted) has a deleted row under it.
const ticketMessages = "ticket_messages"

var ticketMessagesColumns = []string{"ticket_id", "id", "at", "author", "agent", "version", "deleted"}

// createTicketMessages is ticketMessages' table. Its rows replace each other per ticket and
// message, the highest version winning, as a kind's table's do per id.
func (db *DB) createTicketMessages() string {
	return "CREATE TABLE IF NOT EXISTS " + db.name + "." + ticketMessages + " (ticket_id String, id String, at DateTime, " +
		"author String, agent String, version UInt64, deleted UInt8) ENGINE = ReplacingMergeTree(version) ORDER BY (ticket_id, id)"
}

// ticketMessages returns the messages each of the tickets holds now.
func (db *DB) ticketMessages(ctx context.Context, tickets []string) (map[string][]shippedMessage, error) {
	out := map[string][]shippedMessage{}
	// FINAL merges by the whole sorting key, which the condition is on; deleted is tested
	// after it (a condition moved before the merge would let an older row through).
	q := fmt.Sprintf("SELECT ticket_id, id, at, author, agent, deleted FROM %s.%s FINAL WHERE ticket_id IN (SELECT id FROM ids)",
		db.name, ticketMessages)
	err := db.eachRow(ctx, q, tickets, "the messages of tickets", func(scan func(...any) error) error {
		var m shippedMessage
		var ticket string
		var gone uint8
		if err := scan(&ticket, &m.id, &m.at, &m.author, &m.agent, &gone); err != nil || gone == 1 {
			return err
		}
		out[ticket] = append(out[ticket], m)
		return nil
	})
	return out, err
}

// ticketsBefore returns the ticket each message belonged to before the changes numbered above
// shipped: its newest row's ticket when that row is older (none when deleted), else (a step
// shipped again) the ticket_was that row recorded. A message never shipped has no entry.
func (db *DB) ticketsBefore(ctx context.Context, messages []string, shipped int64) (map[string]string, error) {
	out := map[string]string{}
	q := fmt.Sprintf("SELECT id, argMax(ticket_id, version), argMax(ticket_was, version), max(version), "+
		"argMax(deleted, version) FROM %s.messages WHERE id IN (SELECT id FROM ids) GROUP BY id", db.name)
	err := db.eachRow(ctx, q, messages, "where messages were", func(scan func(...any) error) error {
		var id, ticket, ticketWas string
		var version uint64
		var gone uint8
		if err := scan(&id, &ticket, &ticketWas, &version, &gone); err != nil {
			return err
		}
		switch {
		case version > uint64(shipped):
			out[id] = ticketWas
		case gone == 0:
			out[id] = ticket
		default:
			out[id] = "" // shipped before, and deleted
		}
		return nil
	})
	return out, err
}

// shippedTickets returns the tickets as ClickHouse holds them (the deleted ones left out).
func (db *DB) shippedTickets(ctx context.Context, ids []string) (map[string]*cx.Ticket, error) {
	out := map[string]*cx.Ticket{}
	q := fmt.Sprintf("SELECT id, created_at, customer_id, channel, team, agent, category, complaint, outbound, "+
		"first_reply_at, first_solved_at, solved_at, reopens, agent_replies, wait_seconds, handle_seconds, transfers "+
		", deleted FROM %s.tickets FINAL WHERE id IN (SELECT id FROM ids)", db.name)
	err := db.eachRow(ctx, q, ids, "tickets", func(scan func(...any) error) error {
		var t cx.Ticket
		var complaint, outbound, deleted uint8
		var reopens, replies, transfers *int32
		err := scan(&t.ID, &t.CreatedAt, &t.CustomerID, &t.Channel, &t.Team, &t.Agent, &t.Category, &complaint, &outbound,
			&t.FirstReplyAt, &t.FirstSolvedAt, &t.SolvedAt, &reopens, &replies, &t.WaitSeconds, &t.HandleSeconds, &transfers, &deleted)
		if err != nil || deleted == 1 { // filtered here: FINAL merges by the key, id, alone
			return err
		}
		t.Complaint = complaint == 1
		if outbound == 1 {
			t.Direction = cx.Outbound
		}
		for _, at := range []*time.Time{&t.CreatedAt, &t.FirstReplyAt, &t.FirstSolvedAt, &t.SolvedAt} {
			if at.Unix() == 0 { // DateTime's absent instant is the zero time here
				*at = time.Time{}
			}
		}
		t.Reopens, t.AgentReplies, t.Transfers = intOf(reopens), intOf(replies), intOf(transfers)
		out[t.ID] = &t
		return nil
	})
	return out, err
}

func intOf(p *int32) *int {
	if p == nil {
		return nil
	}
	n := int(*p)
	return &n
}

// eachRow runs q, which reads the external table ids (one String column, id) holding ids,
// and hands fn each row's scanner. An empty ids reads nothing. The ids go as external data, not
// in the query's text, which ClickHouse caps (max_query_size).
func (db *DB) eachRow(ctx context.Context, q string, ids []string, what string, fn func(scan func(...any) error) error) error {
	if len(ids) == 0 {
		return nil
	}
	table, err := ext.NewTable("ids", ext.Column("id", "String"))
	if err == nil {
		for _, id := range ids {
			if err = table.Append(id); err != nil {
				break
			}
		}
	}
	if err != nil {
		return fmt.Errorf("clickhouse: unable to read %s: %w", what, err)
	}
	rows, err := db.conn.Query(ch.Context(ctx, ch.WithExternalTable(table)), q)
	if err != nil {
		return fmt.Errorf("clickhouse: unable to read %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return fmt.Errorf("clickhouse: unable to read %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("clickhouse: unable to read %s: %w", what, err)
	}
	return nil
}

// insertRows writes rows (id, the columns, version, deleted) into kind's table in one INSERT.
func (db *DB) insertRows(ctx context.Context, kind cx.Kind, rows [][]any) error {
	t, _ := tableOf(kind)
	names := []string{"id"}
	for _, c := range t.cols {
		names = append(names, c.name)
	}
	return db.insertInto(ctx, string(kind), append(names, "version", "deleted"), rows)
}

// insertInto writes rows of the named columns into a table in one INSERT.
func (db *DB) insertInto(ctx context.Context, table string, names []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	batch, err := db.conn.PrepareBatch(ctx, fmt.Sprintf("INSERT INTO %s.%s (%s)", db.name, table, strings.Join(names, ", ")))
	if err != nil {
		return fmt.Errorf("clickhouse: unable to insert into %s: %w", table, err)
	}
	defer batch.Close()
	for _, r := range rows {
		if err := batch.Append(r...); err != nil {
			return fmt.Errorf("clickhouse: unable to insert into %s %s: %w", table, r[0], err)
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("clickhouse: unable to insert %d rows into %s: %w", len(rows), table, err)
	}
	return nil
}
