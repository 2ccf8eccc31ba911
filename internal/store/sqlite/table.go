package sqlite

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// maxVariables is SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32: the most values one
// statement may bind.
const maxVariables = 32766

// batchRows is how many rows one multi-row INSERT writes. BenchmarkPutTickets on 2 cores: 64 rows
// 139k rows/s, 128 to 512 rows 163k to 177k, 1024 rows 131k; the buffer grows with it.
const batchRows = 256

// table maps one record kind onto its SQL table. Its scan (kinds.go) reads the columns in the
// order of its column list and bind (store/columns.go).
type table struct {
	kind    cx.Kind
	columns []string // the key column "id" first; seq is not listed, the store adds it
	// bind appends rec's column values to dst as driver values, nil for absent ones.
	bind func(rec cx.Record, dst []any) ([]any, error)
	// scan builds a record from one row read in column order.
	scan func(r *row) cx.Record

	batchRows int    // rows per full INSERT, within maxVariables
	insert    string // the INSERT of batchRows rows
	selectAll string // every column, no WHERE or ORDER BY
	changes   string // seq and every column of the rows changed after ?, in seq order
}

func newTable(kind cx.Kind, columns []string, bind func(cx.Record, []any) ([]any, error), scan func(*row) cx.Record) *table {
	t := &table{kind: kind, columns: columns, bind: bind, scan: scan}
	t.batchRows = min(batchRows, maxVariables/(len(columns)+1))
	t.insert = t.upsertSQL(t.batchRows)
	list := strings.Join(columns, ", ")
	t.selectAll = "SELECT " + list + " FROM " + string(kind)
	t.changes = "SELECT seq, " + list + " FROM " + string(kind) + " WHERE seq > ? ORDER BY seq"
	return t
}

// tables lists every kind's table; a kind that is not here cannot be stored.
var tables = map[cx.Kind]*table{
	cx.KindCustomers: customers,
	cx.KindOrders:    orders,
	cx.KindTickets:   tickets,
	cx.KindMessages:  messages,
	cx.KindResponses: responses,
	cx.KindMentions:  mentions,
	cx.KindReviews:   reviews,
	cx.KindEvents:    events,
}

func tableFor(kind cx.Kind) (*table, error) {
	t, ok := tables[kind]
	if !ok {
		return nil, cx.Errorf(cx.EINVALID, "store: unknown record kind %q", kind)
	}
	return t, nil
}

// upsertSQL writes rows rows at once. The WHERE of DO UPDATE leaves a row whose values are all
// unchanged untouched, so it keeps its seq and changes() does not count it; IS NOT compares
// NULLs as values.
func (t *table) upsertSQL(rows int) string {
	name := string(t.kind)
	cols := append(append([]string{}, t.columns...), "seq")
	var b strings.Builder
	b.Grow(rows*(2*len(cols)+3) + 64*len(cols))
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", name, strings.Join(cols, ", "))
	tuple := "(?" + strings.Repeat(", ?", len(cols)-1) + ")"
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tuple)
	}
	b.WriteString(" ON CONFLICT (id) DO UPDATE SET ")
	for i, c := range cols[1:] {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = excluded.%s", c, c)
	}
	b.WriteString(" WHERE ")
	for i, c := range t.columns[1:] {
		if i > 0 {
			b.WriteString(" OR ")
		}
		fmt.Fprintf(&b, "%s.%s IS NOT excluded.%s", name, c, c)
	}
	return b.String()
}

// row reads one scanned row in column order. The tables are STRICT, so a value has its column's
// type or is NULL; anything else is recorded as err rather than panicking.
type row struct {
	values []any
	i      int
	err    error
}

func (r *row) next() any {
	v := r.values[r.i]
	r.i++
	return v
}

func (r *row) fail(v any, want string) {
	if r.err == nil {
		r.err = fmt.Errorf("store: unable to read column %d: %T is not %s", r.i-1, v, want)
	}
}

func (r *row) text() string {
	switch v := r.next().(type) {
	case string:
		return v
	case nil:
		return ""
	case []byte:
		return string(v)
	default:
		r.fail(v, "text")
		return ""
	}
}

func (r *row) integer() int64 {
	switch v := r.next().(type) {
	case int64:
		return v
	case nil:
		return 0
	default:
		r.fail(v, "an integer")
		return 0
	}
}

func (r *row) flag() bool { return r.integer() != 0 }

func (r *row) instant() time.Time {
	switch v := r.next().(type) {
	case int64:
		return time.Unix(v, 0).UTC()
	case nil:
		return time.Time{}
	default:
		r.fail(v, "Unix seconds")
		return time.Time{}
	}
}

func (r *row) optInt() *int {
	switch v := r.next().(type) {
	case int64:
		n := int(v)
		return &n
	case nil:
		return nil
	default:
		r.fail(v, "an integer")
		return nil
	}
}

func (r *row) real() float64 {
	switch v := r.next().(type) {
	case float64:
		return v
	case int64:
		return float64(v)
	case nil:
		return 0
	default:
		r.fail(v, "a number")
		return 0
	}
}

func (r *row) optFloat() *float64 {
	if r.values[r.i] == nil {
		r.i++
		return nil
	}
	f := r.real()
	return &f
}

func (r *row) attrs() cx.Attrs {
	s := r.text()
	if s == "" {
		return nil
	}
	var a cx.Attrs
	if err := json.Unmarshal([]byte(s), &a); err != nil && r.err == nil {
		r.err = fmt.Errorf("store: unable to decode attrs: %w", err)
	}
	return a
}
