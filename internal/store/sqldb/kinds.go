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
	// Read lists the columns a record is read back from: Columns without the keys written for
	// the database's own comparisons (columns.key), which no record holds and a load of every
	// record would read only to pass over.
	Read string
	// kept are the indexes in Columns of the columns a record without a value leaves as stored
	// (columns.kept).
	kept []int
	// bind appends the values of rec, a record of Kind, to c.values in column order: driver
	// values, nil for an absent one.
	bind func(c *columns, rec cx.Record) error
	scan func(c *columns) cx.Record
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
		for _, k := range customerKeys {
			c.key(k.column, func() any { return k.of(v.ID, v.Name, v.Email) })
		}
		c.name("segment", v.Segment)
	}),
	cx.KindOrders: newTable(cx.KindOrders, func(c *columns, v *cx.Order) {
		c.str("id", &v.ID)
		c.str("customer_id", &v.CustomerID)
		c.instant("ordered_at", &v.OrderedAt)
		c.real("amount", &v.Amount)
		c.optReal("gross_margin", &v.GrossMargin)
		c.attrs(&v.Attrs)
		c.text("refund_of", &v.RefundOf)
		c.text("currency", &v.Currency)
		c.optReal("original_amount", &v.OriginalAmount)
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
		c.name("channel", v.Channel)
		c.name("team", v.Team)
		c.name("agent", v.Agent)
		c.name("category", v.Category)
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
		c.kept("replied_at", &v.RepliedAt)
		c.attrs(&v.Attrs)
		c.text("scale", &v.Scale)
		c.optReal("sentiment", &v.Sentiment)
		c.name("channel", v.Channel)
		c.name("team", v.Team)
		c.name("agent", v.Agent)
	}),
	cx.KindMentions: newTable(cx.KindMentions, func(c *columns, v *cx.Mention) {
		c.str("id", &v.ID)
		c.str("source", &v.Source)
		c.instant("at", &v.At)
		c.str("text", &v.Text)
		c.text("author", &v.Author)
		c.text("url", &v.URL)
		c.kept("replied_at", &v.RepliedAt)
		c.attrs(&v.Attrs)
		c.optReal("sentiment", &v.Sentiment)
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
	t := &Table{Kind: kind, Columns: names.names, List: strings.Join(names.names, ", "),
		Read: strings.Join(names.read, ", "), kept: names.keptAt}
	t.bind = func(c *columns, rec cx.Record) error {
		v, ok := rec.(P)
		if !ok || v == nil {
			return cx.Errorf(cx.EINTERNAL, "store: unable to store %T as %s", rec, kind)
		}
		fields(c, v)
		return nil
	}
	t.scan = func(c *columns) cx.Record {
		v := P(new(R))
		fields(c, v)
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
	read   []string // naming: the columns read back (Table.Read)
	keptAt []int    // naming: the indexes of the kept columns
	values []any
	row    Values
	named  []Name // binding: the names of the record (columns.name)
}

// column visits one column, whose value in a record is *p: read from the row into *p, or bound
// as bind(*p).
func column[T any](c *columns, name string, p *T, read func(Values) T, bind func(T) any) {
	switch {
	case c.row != nil:
		*p = read(c.row)
	case c.naming:
		c.names, c.read = append(c.names, name), append(c.read, name)
	default:
		c.values = append(c.values, bind(*p))
	}
}

func asIs[T any](v T) any { return v }

// str is a text column that is always given; text one that may be absent, NULL for "".
func (c *columns) str(name string, p *string)  { column(c, name, p, Values.Text, asIs[string]) }
func (c *columns) text(name string, p *string) { column(c, name, p, Values.Text, bindText) }

func (c *columns) instant(name string, p *time.Time) {
	column(c, name, p, instant, bindInstant)
}

// kept is an instant column that a record without it leaves as stored: replied_at, which the
// team sets in klantpuls (App.MarkReplied, a follow-up marked done) and a survey tool's export
// does not carry, so importing the same answers again would erase the reply (data.md: importing
// the same file twice changes nothing). A patch that removes one deletes and puts the record
// (app.written).
func (c *columns) kept(name string, p *time.Time) {
	if c.naming {
		c.keptAt = append(c.keptAt, len(c.names))
	}
	c.instant(name, p)
}

// Upserted is the value an upsert of t stores in column col, written with the names SQL gives
// the row proposed for insertion (excluded) and the stored one (the table's name): that of the
// proposed row, or for a kept column without one, the stored value.
func (t *Table) Upserted(col string) string {
	for _, i := range t.kept {
		if t.Columns[i] == col {
			return "COALESCE(excluded." + col + ", " + string(t.Kind) + "." + col + ")"
		}
	}
	return "excluded." + col
}

// flag goes as a bool: modernc.org/sqlite binds it as 0 or 1, pgx as a boolean.
func (c *columns) flag(name string, p *bool)    { column(c, name, p, Values.Flag, asIs[bool]) }
func (c *columns) real(name string, p *float64) { column(c, name, p, Values.Real, asIs[float64]) }
func (c *columns) optReal(name string, p **float64) {
	column(c, name, p, optReal, bindPointer[float64])
}
func (c *columns) optInt(name string, p **int) { column(c, name, p, optInt, bindCount) }
func (c *columns) integer(name string, p *int) {
	column(c, name, p, func(v Values) int { return int(v.Integer()) }, func(n int) any { return int64(n) })
}
func (c *columns) attrs(p *cx.Attrs) { column(c, "attrs", p, attrs, bindAttrs) }

// derived is a column made from other fields on writing, and passed over on reading.
func (c *columns) derived(name string, value string) {
	column(c, name, &value, func(v Values) string { v.Skip(); return "" }, asIs[string])
}

// key is a derived column that the store compares as written in Go (searchKey, nameOrder),
// where SQL's lower() would fold A–Z only and its order is the database's: value makes the
// key, nil (NULL) for none, and is called only when a record is bound — a read of every
// customer (a load) passes over the column and computes no collation key.
func (c *columns) key(name string, value func() any) {
	switch {
	case c.row != nil: // not among the columns read (Table.Read)
	case c.naming:
		c.names = append(c.names, name)
	default:
		c.values = append(c.values, value())
	}
}

// name is no column: it records a value a filter compares as names compare (names.go), when
// binding a record that has one.
func (c *columns) name(dimension, value string) {
	if c.row == nil && !c.naming && value != "" {
		c.named = append(c.named, Name{Dimension: dimension, Value: value})
	}
}
