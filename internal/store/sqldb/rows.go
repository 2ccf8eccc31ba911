package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Values is one row read, column after column, which a record kind's fields (kinds.go) read
// from. row reads database/sql's driver values; a dialect may read records with its driver's own
// typed values instead (Dialect.Records). Null tells whether the next column is NULL without
// reading it; a value of the wrong type is recorded as Err rather than panicking.
type Values interface {
	Null() bool
	Skip()
	Text() string
	Integer() int64
	Real() float64
	Flag() bool
	Fail(err error) // records the row's first failure
	Err() error
}

// row is one row read through database/sql: the driver's values as they are, its shortest path
// (a scan into *any). SQLite's tables are STRICT and PostgreSQL's typed, so a value has its
// column's type or is NULL; both drivers hand integers over as int64, reals as float64, text as
// string and blobs as []byte, a boolean as int64 (SQLite) or bool (PostgreSQL).
type row struct {
	values  []any
	i       int
	err     error
	columns columns // reads a record kind's fields from this row (kinds.go)
}

// each calls use with every row of rows made into a T by read: the columns after those extra
// scans into (seq, for Changes). Errors other than use's name what.
func each[T any](rows *sql.Rows, what string, read func(*row) T, use func(T) error, extra ...any) error {
	cols, err := rows.Columns()
	if err != nil {
		return fmt.Errorf("store: unable to read %s: %w", what, err)
	}
	r := &row{values: make([]any, len(cols)-len(extra))}
	r.columns.row = r
	dest := extra
	for i := range r.values {
		dest = append(dest, &r.values[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("store: unable to read %s: %w", what, err)
		}
		r.i = 0
		v := read(r)
		if r.err != nil {
			return fmt.Errorf("store: unable to read %s: %w", what, r.err)
		}
		if err := use(v); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: unable to read %s: %w", what, err)
	}
	return nil
}

// list runs query and reads every row with read; what names the rows in errors. No rows is a nil
// slice.
func list[T any](ctx context.Context, s *Store, what string, read func(*row) T, query string, args ...any) ([]T, error) {
	return listOn(ctx, s, s.reader(ctx), what, read, query, args...)
}

// listOn is list on q: a write transaction (execer), for what a change reads there to write back.
func listOn[T any](ctx context.Context, s *Store, q interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}, what string, read func(*row) T, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, s.sql(query), heldText(args)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	err = each(rows, what, read, func(v T) error {
		out = append(out, v)
		return nil
	})
	return out, err
}

// heldText returns args with each text no store holds (cx.IsText) bound as NULL instead, which
// equals nothing: a look-up by one finds nothing, as none is stored. SQLite finds nothing by
// itself; PostgreSQL refuses the query ("invalid byte sequence for encoding UTF8") and aborts a
// transaction it runs in. Such text comes from anyone — a URL's path or query, a form, a typed
// address — so it is a key not stored, not a failure. For reads only: a write would store NULL.
func heldText(args []any) []any {
	var out []any
	for i, a := range args {
		if t, ok := a.(string); ok && !cx.IsText(t) {
			if out == nil {
				out = slices.Clone(args)
			}
			out[i] = nil
		}
	}
	if out == nil {
		return args
	}
	return out
}

// one runs query, which finds at most one row, and reads it; no row is cx.ENOTFOUND.
func one[T any](ctx context.Context, s *Store, what string, read func(*row) T, query string, args ...any) (*T, error) {
	found, err := list(ctx, s, what, read, query, args...)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, cx.Errorf(cx.ENOTFOUND, "store: %s not found", what)
	}
	return &found[0], nil
}

// value reads the next column as a T, the type its driver hands it over as; NULL is T's zero
// value.
func value[T any](r *row, want string) T {
	v := r.values[r.i]
	r.i++
	t, ok := v.(T)
	if !ok && v != nil {
		r.Fail(fmt.Errorf("column %d: %T is not %s", r.i-1, v, want))
	}
	return t
}

func (r *row) Null() bool         { return r.values[r.i] == nil }
func (r *row) Skip()              { r.i++ }
func (r *row) Text() string       { return value[string](r, "text") }
func (r *row) Integer() int64     { return value[int64](r, "an integer") }
func (r *row) Real() float64      { return value[float64](r, "a number") }
func (r *row) bytes() []byte      { return value[[]byte](r, "a blob") }
func (r *row) instant() time.Time { return instant(r) }
func (r *row) Err() error         { return r.err }

func (r *row) Fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *row) Flag() bool {
	if v, ok := r.values[r.i].(bool); ok {
		r.i++
		return v
	}
	return r.Integer() != 0
}

// instant reads Unix seconds; NULL is the zero time.
func instant(v Values) time.Time {
	if v.Null() {
		v.Skip()
		return time.Time{}
	}
	return fromUnix(v.Integer())
}

func optInt(v Values) *int {
	if v.Null() {
		v.Skip()
		return nil
	}
	n := int(v.Integer())
	return &n
}

func optReal(v Values) *float64 {
	if v.Null() {
		v.Skip()
		return nil
	}
	f := v.Real()
	return &f
}

func attrs(v Values) cx.Attrs {
	s := v.Text()
	if s == "" {
		return nil
	}
	var a cx.Attrs
	if err := json.Unmarshal([]byte(s), &a); err != nil {
		v.Fail(fmt.Errorf("unable to decode attrs: %w", err))
	}
	return a
}
