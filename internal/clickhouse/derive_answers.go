package clickhouse

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// What a survey answer takes from its ticket (customer, channel, team, agent, category) and
// whether it counts for CSAT and CES (its ticket's latest answer to that survey: the engine's
// supersede rule, engine.LaterAnswer) are written on its row when it ships, so the querier
// reads them instead of joining the tickets and every answer at query time (DESIGN.md:
// per-record derivations happen once, at write time). Answers ship in the steps of the tickets
// and messages (InsertStep), after them: a step's rows reflect every change of the three kinds
// numbered at most its upTo. An answer's row is derived again when the answer changes, when
// another answer joins or leaves its ticket (counted may move), and when its ticket changes or
// is deleted; ticket_answers finds a ticket's answers by its sorting key.
//
// Versions. An answer's row carries the highest change number among what it is derived from:
// its own change, its ticket's row (a deletion's too), and every row of ticket_answers under
// its ticket — each answer of the ticket, and the deleted row of each that left it (moved or
// deleted), whose number is that of the change that took it away. Call that set the inputs.
//   - It wins over every earlier row of the answer: a later derivation sees each input as new
//     as or newer than an earlier one did (ClickHouse only gains changes), so its maximum is
//     no lower.
//   - A later genuine change of an input has a number above every step shipped before it, so
//     the derivation it causes carries at least that number: above every earlier row's, which
//     were all derived from changes of earlier steps.
//   - Two derivations with the same number have the same content, so which one ClickHouse keeps
//     does not matter: the content changes only when an input changes, and an input changed
//     after the first derivation has a number above that derivation's step (every change up to
//     the step was in ClickHouse then), hence above its maximum, and is counted in the
//     second's. A step shipped again therefore writes the very rows it wrote, and a
//     re-ship changes nothing.
// This needs the step's cut to be consistent: the answers, tickets and messages up to upTo
// all shipped when its answers are derived, which shipping them in the same steps gives. (A
// rebuild of the tickets alone, on new business hours, ships each ticket once again; its
// answers are derived once each then, to the values they had.)
//
// A deleted answer's row carries its deletion's number, above every row of it derived before.
// Of the answers not in the step only those whose derived columns change are written again
// (most steps flip no other answer's counted): a row left as it is holds what a derivation
// would write, so the argument stands. The tests read the rows by argMax as well as FINAL,
// as the two agree only when a new content always came with a higher version.

// ticketAnswers is the table of the answers by ticket: an answer's row under each ticket it
// belonged to, keyed by (ticket_id, id), its version the answer's own change number; an answer
// that left a ticket (moved or deleted) has a deleted row under it. Its survey and submission
// instant are what counted needs of the ticket's other answers.
const ticketAnswers = "ticket_answers"

var ticketAnswersColumns = []string{"ticket_id", "id", "survey", "submitted_at", "version", "deleted"}

func (db *DB) createTicketAnswers() string {
	return "CREATE TABLE IF NOT EXISTS " + db.name + "." + ticketAnswers + " (ticket_id String, id String, survey String, " +
		"submitted_at DateTime, version UInt64, deleted UInt8) ENGINE = ReplacingMergeTree(version) ORDER BY (ticket_id, id)"
}

// answerDerived is how many columns end an answer's row that the shipper derives: t_customer,
// t_channel, t_team, t_agent, t_category, counted. The columns before them are its own.
const answerDerived = 6

// member is an answer under a ticket, as ticket_answers holds it.
type member struct {
	id, survey string
	at         uint32 // engine.Instant
	seq        uint64 // its own change number
}

// storedAnswer is an answer's row as ClickHouse holds it: its own columns and derived ones.
type storedAnswer struct {
	own, derived   []any
	ticket, survey string
	at             uint32 // engine.Instant of submitted_at
}

// shippedTicket is what an answer takes from its ticket: "" each when there is none or it is
// deleted; version is its row's (0 when it never shipped).
type shippedTicket struct {
	values  []any // customer_id, channel, team, agent, category
	version uint64
}

// insertAnswers writes the step's answer changes and derives again the answers of every ticket
// they join or leave and of the tickets the step changed (tickets: their rows are in).
func (db *DB) insertAnswers(ctx context.Context, changes []Change, tickets []string) error {
	t, _ := tableOf(cx.KindResponses)
	ids := make([]string, len(changes))
	for i, c := range changes {
		ids[i] = c.Record.Key()
	}
	// Where each answer is now: its row, unless an earlier try of this step rewrote it. The rows
	// of ticket_answers are written before those of responses, so a try that wrote the latter
	// wrote the former, and the tickets the answer left were derived again by it.
	was, err := db.storedAnswers(ctx, ids)
	if err != nil {
		return err
	}
	groups, changed := map[string]bool{}, map[string]bool{} // changed: the step changed the ticket
	for _, id := range tickets {
		groups[id], changed[id] = true, true
	}
	inStep := map[string][]any{}  // an answer of the step: its own columns
	left := map[string][]member{} // the step's answers as they were under their tickets before it
	var byTicket, rows [][]any
	for _, c := range changes {
		id := c.Record.Key()
		a, put := c.Record.(*cx.Response)
		if put {
			if a.TicketID == "" { // no ticket: its own alone, counted
				rows = append(rows, answerRow(id, t.row(a, nil), shippedTicket{values: noTicket}, true, uint64(c.Seq)))
			} else {
				inStep[id] = t.row(a, nil)
				byTicket = append(byTicket, []any{a.TicketID, id, a.Survey, instant(a.SubmittedAt), uint64(c.Seq), uint8(0)})
				groups[a.TicketID] = true
			}
		} else {
			rows = append(rows, deletedRow(cx.KindResponses, id, uint64(c.Seq)))
		}
		if w, ok := was[id]; ok && w.ticket != "" {
			groups[w.ticket] = true
			left[w.ticket] = append(left[w.ticket], member{id: id, survey: w.survey, at: w.at})
			if !put || w.ticket != a.TicketID {
				byTicket = append(byTicket, []any{w.ticket, id, "", noInstant, uint64(c.Seq), uint8(1)})
			}
		}
	}
	if err := db.insertInto(ctx, ticketAnswers, ticketAnswersColumns, byTicket); err != nil {
		return err
	}
	derived, err := db.deriveAnswers(ctx, groups, changed, inStep, left)
	if err != nil {
		return err
	}
	return db.insertRows(ctx, cx.KindResponses, append(rows, derived...))
}

// noTicket is what an answer takes from no ticket.
var noTicket = []any{"", "", "", "", ""}

// deriveAnswers returns the rows of the answers of the groups' tickets that change: the step's
// own (inStep: their own columns), every answer of a ticket the step changed whose values
// change, and every other answer whose counted flips — it was its ticket's latest to its
// survey before the step (the others and what left holds) and is not now, or the other way
// round. The own columns of those last two come from ClickHouse.
func (db *DB) deriveAnswers(ctx context.Context, groups, changed map[string]bool, inStep map[string][]any,
	left map[string][]member) ([][]any, error) {
	ids := make([]string, 0, len(groups))
	for id := range groups {
		ids = append(ids, id)
	}
	members, newest, err := db.answersOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	ids = ids[:0] // the tickets holding answers: those whose values are taken
	latest := map[string]map[string]member{}
	need := map[string]bool{} // answers not in the step to read and maybe write again
	for ticket, ms := range members {
		ids = append(ids, ticket)
		latest[ticket] = latestOf(ms)
		var before map[string]member
		if !changed[ticket] {
			old := left[ticket]
			for _, m := range ms {
				if _, ok := inStep[m.id]; !ok {
					old = append(old, m)
				}
			}
			before = latestOf(old)
		}
		for _, m := range ms {
			if _, ok := inStep[m.id]; !ok && (changed[ticket] || (latest[ticket][m.survey].id == m.id) != (before[m.survey].id == m.id)) {
				need[m.id] = true
			}
		}
	}
	tk, err := db.answerTickets(ctx, ids)
	if err != nil {
		return nil, err
	}
	others := make([]string, 0, len(need))
	for id := range need {
		others = append(others, id)
	}
	stored, err := db.storedAnswers(ctx, others)
	if err != nil {
		return nil, err
	}
	var rows [][]any
	for ticket, ms := range members {
		tv := tk[ticket]
		if tv.values == nil {
			tv.values = noTicket
		}
		for _, m := range ms {
			version := max(m.seq, tv.version, newest[ticket])
			counted := latest[ticket][m.survey].id == m.id
			if own := inStep[m.id]; own != nil {
				rows = append(rows, answerRow(m.id, own, tv, counted, version))
				continue
			}
			s, ok := stored[m.id]
			if !ok { // not to write, or under the ticket without a row: a step that failed midway, shipped again later
				continue
			}
			row := answerRow(m.id, s.own, tv, counted, version)
			if !slices.Equal(s.derived, row[1+len(s.own):1+len(s.own)+answerDerived]) {
				rows = append(rows, row)
			}
		}
	}
	return rows, nil
}

// latestOf returns, per survey, the answer among ms that counts (engine.LaterAnswer).
func latestOf(ms []member) map[string]member {
	latest := map[string]member{}
	for _, m := range ms {
		if cur, ok := latest[m.survey]; !ok || engine.LaterAnswer(m.at, m.id, cur.at, cur.id) {
			latest[m.survey] = m
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

// answersOf returns the answers each ticket holds now and the highest version among all its
// rows in ticket_answers, those of answers that left it included.
func (db *DB) answersOf(ctx context.Context, tickets []string) (map[string][]member, map[string]uint64, error) {
	out, newest := map[string][]member{}, map[string]uint64{}
	q := fmt.Sprintf("SELECT ticket_id, id, survey, submitted_at, version, deleted FROM %s.%s WHERE ticket_id IN (SELECT id FROM ids) %s",
		db.name, ticketAnswers, newestBy("ticket_id, id"))
	err := db.eachRow(ctx, q, tickets, "the answers of tickets", func(scan func(...any) error) error {
		var m member
		var ticket string
		var at time.Time
		var gone uint8
		if err := scan(&ticket, &m.id, &m.survey, &at, &m.seq, &gone); err != nil {
			return err
		}
		newest[ticket] = max(newest[ticket], m.seq)
		if gone == 0 {
			m.at = engine.Instant(instant(at))
			out[ticket] = append(out[ticket], m)
		}
		return nil
	})
	return out, newest, err
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

// storedAnswers returns the answers' rows as ClickHouse holds them (deleted ones left out).
func (db *DB) storedAnswers(ctx context.Context, ids []string) (map[string]storedAnswer, error) {
	t, _ := tableOf(cx.KindResponses)
	names := "id"
	for _, c := range t.cols {
		names += ", " + c.name
	}
	col := func(name string) int { return slices.IndexFunc(t.cols, func(c column) bool { return c.name == name }) }
	ticketCol, surveyCol, atCol := col("ticket_id"), col("survey"), col("submitted_at")
	out := map[string]storedAnswer{}
	q := fmt.Sprintf("SELECT %s, deleted FROM %s.%s WHERE id IN (SELECT id FROM ids) %s", names, db.name, cx.KindResponses, newestBy("id"))
	err := db.eachRow(ctx, q, ids, "answers", func(scan func(...any) error) error {
		var id string
		var gone uint8
		dest := []any{&id}
		for _, c := range t.cols {
			dest = append(dest, scanTarget(c.typ))
		}
		if err := scan(append(dest, &gone)...); err != nil || gone == 1 {
			return err
		}
		vals := make([]any, len(t.cols))
		for i, d := range dest[1:] {
			vals[i] = deref(d)
		}
		own := len(vals) - answerDerived
		out[id] = storedAnswer{own: vals[:own], derived: vals[own:], ticket: vals[ticketCol].(string), survey: vals[surveyCol].(string),
			at: engine.Instant(instant(vals[atCol].(time.Time)))}
		return nil
	})
	return out, err
}

// scanTarget is where a column of type typ is scanned; deref its value, as inserts take it.
func scanTarget(typ string) any {
	switch typ {
	case "String":
		return new(string)
	case "Int16":
		return new(int16)
	case "UInt8":
		return new(uint8)
	case "DateTime":
		return new(time.Time)
	case "Nullable(Float64)":
		return new(*float64)
	}
	panic("clickhouse: no scan target for " + typ) // a column type added to tables without one here
}

func deref(p any) any {
	switch v := p.(type) {
	case *string:
		return *v
	case *int16:
		return *v
	case *uint8:
		return *v
	case *time.Time:
		return v.UTC()
	case **float64:
		return *v
	}
	panic(fmt.Sprintf("clickhouse: no value of %T", p))
}
