package sqldb

import (
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Table maps one record kind onto its SQL table. Both databases' tables are made from these
// columns, so they hold the same rows; every statement is made from these names, never from
// input.
type Table struct {
	Kind    cx.Kind
	Columns []string // the key column "id" first; seq (and PostgreSQL's ord) the store adds
	List    string   // Columns joined by ", "
	// bind appends the values of rec, a record of Kind, to c.values in column order: driver
	// values, nil for an absent one.
	bind func(c *columns, rec cx.Record) error
	scan func(r *row) cx.Record
}

// The record kinds: each one function that visits a record's fields in column order, which names
// the columns, binds a record and reads a row back. A review's row is keyed by cx.ReviewKey and
// keeps review_id and criterion as they were given, so the criterion is shown as first typed
// while its key compares case-insensitively.
var tables = map[cx.Kind]*Table{
	cx.KindCustomers: newTable(cx.KindCustomers, func(c *columns, v *cx.Customer) {
		c.str("id", &v.ID)
		c.instant("acquired_at", &v.AcquiredAt)
		c.text("name", &v.Name)
		c.text("email", &v.Email)
		c.text("segment", &v.Segment)
		c.instant("churned_at", &v.ChurnedAt)
		c.text("referred_by", &v.ReferredBy)
		c.attrs(&v.Attrs)
	}),
	cx.KindOrders: newTable(cx.KindOrders, func(c *columns, v *cx.Order) {
		c.str("id", &v.ID)
		c.str("customer_id", &v.CustomerID)
		c.instant("ordered_at", &v.OrderedAt)
		c.real("amount", &v.Amount)
		c.optReal("gross_margin", &v.GrossMargin)
		c.attrs(&v.Attrs)
	}),
	cx.KindTickets: newTable(cx.KindTickets, func(c *columns, v *cx.Ticket) {
		c.str("id", &v.ID)
		c.instant("created_at", &v.CreatedAt)
		c.text("customer_id", &v.CustomerID)
		c.text("channel", &v.Channel)
		c.text("team", &v.Team)
		c.text("agent", &v.Agent)
		c.text("category", &v.Category)
		c.flag("complaint", &v.Complaint)
		c.text("direction", &v.Direction)
		c.instant("first_reply_at", &v.FirstReplyAt)
		c.instant("first_solved_at", &v.FirstSolvedAt)
		c.instant("solved_at", &v.SolvedAt)
		c.optInt("reopens", &v.Reopens)
		c.optInt("agent_replies", &v.AgentReplies)
		c.optReal("wait_seconds", &v.WaitSeconds)
		c.optReal("handle_seconds", &v.HandleSeconds)
		c.optInt("transfers", &v.Transfers)
		c.attrs(&v.Attrs)
	}),
	cx.KindMessages: newTable(cx.KindMessages, func(c *columns, v *cx.Message) {
		c.str("id", &v.ID)
		c.str("ticket_id", &v.TicketID)
		c.instant("at", &v.At)
		c.str("author", &v.Author)
		c.text("agent", &v.Agent)
		c.attrs(&v.Attrs)
	}),
	cx.KindResponses: newTable(cx.KindResponses, func(c *columns, v *cx.Response) {
		c.str("id", &v.ID)
		c.str("survey", &v.Survey)
		c.integer("score", &v.Score)
		c.instant("submitted_at", &v.SubmittedAt)
		c.text("customer_id", &v.CustomerID)
		c.text("ticket_id", &v.TicketID)
		c.text("channel", &v.Channel)
		c.text("team", &v.Team)
		c.text("agent", &v.Agent)
		c.text("comment", &v.Comment)
		c.text("language", &v.Language)
		c.instant("replied_at", &v.RepliedAt)
		c.attrs(&v.Attrs)
	}),
	cx.KindMentions: newTable(cx.KindMentions, func(c *columns, v *cx.Mention) {
		c.str("id", &v.ID)
		c.str("source", &v.Source)
		c.instant("at", &v.At)
		c.str("text", &v.Text)
		c.text("author", &v.Author)
		c.text("url", &v.URL)
		c.instant("replied_at", &v.RepliedAt)
		c.attrs(&v.Attrs)
	}),
	cx.KindReviews: newTable(cx.KindReviews, func(c *columns, v *cx.Review) {
		c.derived("id", v.Key())
		c.str("review_id", &v.ReviewID)
		c.str("criterion", &v.Criterion)
		c.instant("reviewed_at", &v.ReviewedAt)
		c.str("agent", &v.Agent)
		c.text("ticket_id", &v.TicketID)
		c.text("reviewer", &v.Reviewer)
		c.optInt("rating", &v.Rating)
		c.attrs(&v.Attrs)
	}),
	cx.KindEvents: newTable(cx.KindEvents, func(c *columns, v *cx.Event) {
		c.str("id", &v.ID)
		c.str("customer_id", &v.CustomerID)
		c.str("kind", &v.Kind)
		c.instant("at", &v.At)
		c.attrs(&v.Attrs)
	}),
}

// TableFor returns the table of kind; cx.EINVALID for a kind that cannot be stored.
func TableFor(kind cx.Kind) (*Table, error) {
	t, ok := tables[kind]
	if !ok {
		return nil, cx.Errorf(cx.EINVALID, "store: unknown record kind %q", kind)
	}
	return t, nil
}

// newTable makes the table of kind from fields, which visits the fields of a record of type *R.
func newTable[R any, P interface {
	*R
	cx.Record
}](kind cx.Kind, fields func(c *columns, v P)) *Table {
	names := columns{naming: true}
	fields(&names, new(R))
	t := &Table{Kind: kind, Columns: names.names, List: strings.Join(names.names, ", ")}
	t.bind = func(c *columns, rec cx.Record) error {
		v, ok := rec.(P)
		if !ok || v == nil {
			return cx.Errorf(cx.EINTERNAL, "store: unable to store %T as %s", rec, kind)
		}
		fields(c, v)
		return c.err
	}
	t.scan = func(r *row) cx.Record {
		v := P(new(R))
		fields(&r.columns, v)
		return v
	}
	return t
}

// columns is what a kind's fields function visits the columns with: to name them (naming), to
// bind a record's values (values), or to read them from a row. Each row and batch keeps one, so
// neither reading nor binding a record allocates it.
type columns struct {
	naming bool
	names  []string
	values []any
	row    *row
	err    error
}

func (c *columns) put(name string, v any) {
	if c.naming {
		c.names = append(c.names, name)
	} else {
		c.values = append(c.values, v)
	}
}

// str is a text column that is always given.
func (c *columns) str(name string, p *string) {
	if c.row != nil {
		*p = c.row.text()
		return
	}
	c.put(name, *p)
}

// text is a text column that may be absent: NULL for "".
func (c *columns) text(name string, p *string) {
	if c.row != nil {
		*p = c.row.text()
		return
	}
	c.put(name, bindText(*p))
}

// derived is a column made from other fields on writing, and passed over on reading.
func (c *columns) derived(name string, value string) {
	if c.row != nil {
		c.row.i++
		return
	}
	c.put(name, value)
}

func (c *columns) instant(name string, p *time.Time) {
	if c.row != nil {
		*p = c.row.instant()
		return
	}
	c.put(name, bindInstant(*p))
}

// flag goes as a bool: modernc.org/sqlite binds it as 0 or 1, pgx as a boolean.
func (c *columns) flag(name string, p *bool) {
	if c.row != nil {
		*p = c.row.flag()
		return
	}
	c.put(name, *p)
}

func (c *columns) integer(name string, p *int) {
	if c.row != nil {
		*p = int(c.row.integer())
		return
	}
	c.put(name, int64(*p))
}

func (c *columns) optInt(name string, p **int) {
	if c.row != nil {
		*p = c.row.optInt()
	} else if *p == nil {
		c.put(name, nil)
	} else {
		c.put(name, int64(**p))
	}
}

func (c *columns) real(name string, p *float64) {
	if c.row != nil {
		*p = c.row.real()
		return
	}
	c.put(name, *p)
}

func (c *columns) optReal(name string, p **float64) {
	if c.row != nil {
		*p = c.row.optReal()
	} else if *p == nil {
		c.put(name, nil)
	} else {
		c.put(name, **p)
	}
}

func (c *columns) attrs(p *cx.Attrs) {
	if c.row != nil {
		*p = c.row.attrs()
		return
	}
	v, err := bindAttrs(*p)
	if err != nil {
		c.err = err
	}
	c.put("attrs", v)
}
