package clickhouse

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// What a survey answer takes from its ticket (customer, channel, team, agent, category) and
// whether it counts for CSAT and CES (its ticket's latest answer to that survey: the engine's
// supersede rule, engine.LaterAnswer) are written on its row when it ships, so the querier
// reads them instead of joining the tickets and every answer at query time (DESIGN.md:
// per-record derivations happen once, at write time). Answers ship in the steps of the tickets
// and messages (InsertStep), after them, and a step derives again every ticket it touches: those
// its answers join or leave and those it changes. A ticket's answers and the ticket itself are
// read from the store (Records), by its indexes: a lookup of a step's tickets in ClickHouse
// reads whole columns, as they lie anywhere in its sorting order (the first ship of 26M records
// took 9 minutes that way, 107 s before answers were derived).
//
// The store holds the records as they stand, which may be past the step's cut (upTo): a record
// changed since has a change number above upTo and ships in a later step. So a ticket's view is
// its answers numbered at most upTo (the later ones are left out and their rows not written:
// they are as an earlier step left them), and the ticket itself when numbered at most upTo,
// else its row in ClickHouse (what the cut holds; for a ticket of the step, the step's). Every
// answer of the view is written, with the version: the highest change number of the view (the
// ticket's, each answer's) and of the answers of the step that left the ticket. Why the row a
// ticket's answers end with is right:
//   - A derivation's inputs are changes of the ticket and of answers that joined, changed or
//     left it. Let S be the last of them. The step that ships S derives the ticket (S is its
//     answer's, its ticket's, or an answer leaving it, which ClickHouse's row of that answer
//     names), reads a view with nothing after S left out, and counts S in the version: its
//     rows hold what the records say, with version S.
//   - No row of those answers has a higher version: a version is the number of an input of
//     this ticket, at most S, or a ticket's row version in ClickHouse, read only when the
//     ticket changed past the cut, so below that change, an input too. A derivation whose
//     version is S read the store after S was committed (sequence order is commit order), so
//     it saw what the last one sees and wrote the same rows. A row an answer got under a ticket
//     it left was written before it left, at a version below its leaving.
// So a re-shipped step writes rows no newer than the last, ReplacingMergeTree(version) keeps
// the last, and between two steps a row may lag (a later answer not yet counted), never lead.
// The tests read the rows by argMax as well as FINAL, as the two agree only when the highest
// version is one content.

// Records reads the store's records as they stand, with their change numbers
// (store.SeqRecords).
type Records interface {
	RecordsSeq(ctx context.Context, kind cx.Kind, col string, values []string, fn func(rec cx.Record, seq int64) error) error
}

// answerDerived is how many columns end an answer's row that the shipper derives: t_customer,
// t_channel, t_team, t_agent, t_category, counted. The columns before them are its own.
const answerDerived = 6

// member is an answer under a ticket, as the store holds it.
type member struct {
	answer *cx.Response
	seq    int64
}

// shippedTicket is what an answer takes from its ticket: "" each when there is none or it is
// deleted; version is the change it was read at (0 when it never existed).
type shippedTicket struct {
	values  []any // customer_id, channel, team, agent, category
	version uint64
}

// insertAnswers writes the step's answer changes: an answer without a ticket and a deletion by
// themselves; every ticket an answer joins or leaves, and the tickets the step changed
// (tickets), derived again from the store.
func (db *DB) insertAnswers(ctx context.Context, changes, tickets []Change, upTo int64, d *Derive) error {
	if len(changes)+len(tickets) == 0 {
		return nil
	}
	if d == nil || d.Store == nil {
		return errors.New("clickhouse: survey answers ship with the store they come from (Derive.Store), to read their tickets there")
	}
	t, _ := tableOf(cx.KindResponses)
	ids := make([]string, len(changes))
	for i, c := range changes {
		ids[i] = c.Record.Key()
	}
	// Where each answer was: the ticket of its row, whose other answers may count again now.
	was, err := db.answersWere(ctx, ids)
	if err != nil {
		return err
	}
	left := map[string]int64{} // a ticket to derive again → the highest change of an answer that left it (0: none)
	derive := func(ticket string, leaving int64) { left[ticket] = max(left[ticket], leaving) }
	for _, c := range tickets {
		derive(c.Record.Key(), 0)
	}
	var rows [][]any
	for _, c := range changes {
		id := c.Record.Key()
		a, put := c.Record.(*cx.Response)
		switch {
		case !put:
			rows = append(rows, deletedRow(cx.KindResponses, id, uint64(c.Seq)))
		case a.TicketID == "": // no ticket: its own alone, counted
			rows = append(rows, answerRow(id, t.row(a, nil), shippedTicket{values: noTicket}, true, uint64(c.Seq)))
		default:
			derive(a.TicketID, 0)
		}
		if w := was[id]; w != "" && (!put || w != a.TicketID) {
			derive(w, c.Seq)
		}
	}
	derived, err := db.deriveAnswers(ctx, left, tickets, upTo, d.Store)
	if err != nil {
		return err
	}
	return db.insertRows(ctx, cx.KindResponses, append(rows, derived...))
}

// noTicket is what an answer takes from no ticket.
var noTicket = []any{"", "", "", "", ""}

// ticketGives is what an answer takes from a ticket record of change seq (a cx.Deletion: none),
// in the order of answerRow's derived columns.
func ticketGives(rec cx.Record, seq int64) shippedTicket {
	if t, ok := rec.(*cx.Ticket); ok {
		return shippedTicket{values: []any{t.CustomerID, t.Channel, t.Team, t.Agent, t.Category}, version: uint64(seq)}
	}
	return shippedTicket{values: noTicket, version: uint64(seq)}
}

// deriveAnswers returns the rows of the answers of the tickets to derive (left: each with the
// highest change of an answer that left it in the step), from the store's view at the cut upTo;
// the step's ticket changes are what ClickHouse holds of those tickets now.
func (db *DB) deriveAnswers(ctx context.Context, left map[string]int64, changed []Change, upTo int64, store Records) ([][]any, error) {
	ids := make([]string, 0, len(left))
	for id := range left {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	tk := map[string]shippedTicket{}
	for _, c := range changed {
		tk[c.Record.Key()] = ticketGives(c.Record, c.Seq)
	}
	var others, later []string // the tickets to read; those changed past the cut, as ClickHouse holds them
	for _, id := range ids {
		if _, ok := tk[id]; !ok {
			others = append(others, id)
		}
	}
	// The tickets and their answers are read at once (two of the store's read connections).
	readTickets := func() error {
		err := store.RecordsSeq(ctx, cx.KindTickets, "id", others, func(rec cx.Record, seq int64) error {
			if seq > upTo {
				later = append(later, rec.Key())
			} else {
				tk[rec.Key()] = ticketGives(rec, seq)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("clickhouse: unable to read the tickets of answers: %w", err)
		}
		shipped, err := db.answerTickets(ctx, later)
		maps.Copy(tk, shipped)
		return err
	}
	members := map[string][]member{}
	readAnswers := func() error {
		err := store.RecordsSeq(ctx, cx.KindResponses, "ticket_id", ids, func(rec cx.Record, seq int64) error {
			if a, ok := rec.(*cx.Response); ok && seq <= upTo { // a later one: its step derives the ticket again
				members[a.TicketID] = append(members[a.TicketID], member{a, seq})
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("clickhouse: unable to read the answers of tickets: %w", err)
		}
		return nil
	}
	if err := both(readTickets, readAnswers); err != nil {
		return nil, err
	}
	t, _ := tableOf(cx.KindResponses)
	var rows [][]any
	for _, ticket := range ids {
		ms := members[ticket]
		tv := tk[ticket]
		if tv.values == nil {
			tv.values = noTicket
		}
		version := max(tv.version, uint64(left[ticket]))
		for _, m := range ms {
			version = max(version, uint64(m.seq))
		}
		latest := latestOf(ms)
		for _, m := range ms {
			rows = append(rows, answerRow(m.answer.ID, t.row(m.answer, nil), tv, latest[m.answer.Survey] == m.answer, version))
		}
	}
	return rows, nil
}

// latestOf returns, per survey, the answer among ms that counts (engine.LaterAnswer).
func latestOf(ms []member) map[string]*cx.Response {
	latest := map[string]*cx.Response{}
	for _, m := range ms {
		a := m.answer
		if cur, ok := latest[a.Survey]; !ok || engine.LaterAnswer(engine.Instant(a.SubmittedAt), a.ID, engine.Instant(cur.SubmittedAt), cur.ID) {
			latest[a.Survey] = a
		}
	}
	return latest
}

// newestBy ends a lookup of a few keys (the sorting key's columns key) in a ReplacingMergeTree
// with what keeps each key's row of the highest version, the one FINAL keeps: FINAL merges
// every part the keys' granules are in and takes seconds where this sort takes a fraction (an
// answer lookup of 3000 ids in the 1M shop: 2 s against 0.4 s). Rows of equal versions have the
// same content here (the versions' argument above), so which of them is kept does not matter.
func newestBy(key string) string {
	return "ORDER BY " + key + ", version DESC LIMIT 1 BY " + key
}

// answerRow is an answer's row: id, its own columns, what it takes from its ticket, counted,
// version, not deleted.
func answerRow(id string, own []any, t shippedTicket, counted bool, version uint64) []any {
	row := make([]any, 0, 1+len(own)+answerDerived+2)
	row = append(append(append(row, id), own...), t.values...)
	return append(row, boolFlag(counted), version, uint8(0))
}

// answerTickets returns what answers take from each ticket as ClickHouse holds it, and its
// row's version (a deleted one's too, with no values).
func (db *DB) answerTickets(ctx context.Context, ids []string) (map[string]shippedTicket, error) {
	out := map[string]shippedTicket{}
	q := fmt.Sprintf("SELECT id, customer_id, channel, team, agent, category, version, deleted FROM %s.tickets "+
		"WHERE id IN (SELECT id FROM ids) %s", db.name, newestBy("id"))
	err := db.eachRow(ctx, q, ids, "the tickets of answers", func(scan func(...any) error) error {
		var id, customer, channel, team, agent, category string
		var version uint64
		var gone uint8
		if err := scan(&id, &customer, &channel, &team, &agent, &category, &version, &gone); err != nil {
			return err
		}
		t := shippedTicket{values: []any{customer, channel, team, agent, category}, version: version}
		if gone == 1 {
			t.values = noTicket
		}
		out[id] = t
		return nil
	})
	return out, err
}

// answersWere returns the ticket of each answer's row in ClickHouse ("" for none, and for an
// answer without a row or deleted).
func (db *DB) answersWere(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	q := fmt.Sprintf("SELECT id, ticket_id, deleted FROM %s.%s WHERE id IN (SELECT id FROM ids) %s", db.name, cx.KindResponses, newestBy("id"))
	err := db.eachRow(ctx, q, ids, "answers", func(scan func(...any) error) error {
		var id, ticket string
		var gone uint8
		if err := scan(&id, &ticket, &gone); err != nil || gone == 1 {
			return err
		}
		out[id] = ticket
		return nil
	})
	return out, err
}
