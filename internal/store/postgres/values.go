package postgres

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// row reads one scanned row in column order. dest holds one pgtype value per column, chosen by
// the column's type, so a row is scanned without boxing every value; a column read as the wrong
// type is recorded as err rather than panicking.
type row struct {
	dest []any
	i    int
	err  error
}

func newRow(fields []pgconn.FieldDescription) (*row, error) {
	r := &row{dest: make([]any, len(fields))}
	for i, f := range fields {
		switch f.DataTypeOID {
		case pgtype.TextOID:
			r.dest[i] = new(pgtype.Text)
		case pgtype.Int8OID:
			r.dest[i] = new(pgtype.Int8)
		case pgtype.Float8OID:
			r.dest[i] = new(pgtype.Float8)
		case pgtype.BoolOID:
			r.dest[i] = new(pgtype.Bool)
		default:
			return nil, fmt.Errorf("column %s has an unexpected type (oid %d)", f.Name, f.DataTypeOID)
		}
	}
	return r, nil
}

func (r *row) next() any {
	v := r.dest[r.i]
	r.i++
	return v
}

func (r *row) fail(v any, want string) {
	if r.err == nil {
		r.err = fmt.Errorf("column %d: %T is not %s", r.i-1, v, want)
	}
}

func (r *row) text() string {
	v, ok := r.next().(*pgtype.Text)
	if !ok {
		r.fail(v, "text")
		return ""
	}
	return v.String // "" when NULL
}

func (r *row) integer() int64 {
	v, ok := r.next().(*pgtype.Int8)
	if !ok {
		r.fail(v, "an integer")
		return 0
	}
	return v.Int64
}

func (r *row) flag() bool {
	v, ok := r.next().(*pgtype.Bool)
	if !ok {
		r.fail(v, "a boolean")
		return false
	}
	return v.Bool
}

func (r *row) instant() time.Time {
	v, ok := r.next().(*pgtype.Int8)
	if !ok {
		r.fail(v, "Unix seconds")
		return time.Time{}
	}
	if !v.Valid {
		return time.Time{}
	}
	return time.Unix(v.Int64, 0).UTC()
}

func (r *row) optInt() *int {
	v, ok := r.next().(*pgtype.Int8)
	if !ok {
		r.fail(v, "an integer")
		return nil
	}
	if !v.Valid {
		return nil
	}
	n := int(v.Int64)
	return &n
}

func (r *row) real() float64 {
	v, ok := r.next().(*pgtype.Float8)
	if !ok {
		r.fail(v, "a number")
		return 0
	}
	return v.Float64
}

func (r *row) optFloat() *float64 {
	v, ok := r.next().(*pgtype.Float8)
	if !ok {
		r.fail(v, "a number")
		return nil
	}
	if !v.Valid {
		return nil
	}
	f := v.Float64
	return &f
}

func (r *row) attrs() cx.Attrs {
	s := r.text()
	if s == "" {
		return nil
	}
	var a cx.Attrs
	if err := json.Unmarshal([]byte(s), &a); err != nil && r.err == nil {
		r.err = fmt.Errorf("unable to decode attrs: %w", err)
	}
	return a
}
