package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

// readRecords is the dialect's Records: it runs query on the pool and reads each row into pgx's
// typed values, one pgtype holder per column chosen by the column's type, so no value is boxed.
func (s *Store) readRecords(ctx context.Context, query string, args, extra []any, fn func(sqldb.Values) error) error {
	return readRecords(ctx, s.pool, query, args, extra, fn)
}

// readRecords runs query on q, the pool or a transaction, and reads each row as readRecords does.
func readRecords(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, query string, args, extra []any, fn func(sqldb.Values) error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	fields := rows.FieldDescriptions()
	if len(fields) < len(extra) {
		// pgx reports a query that failed on its way (a cancelled context: the shipper's
		// readers when a pass ends) through rows, which then describe no columns.
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		return fmt.Errorf("%d columns, want at least %d", len(fields), len(extra))
	}
	v := &values{dest: make([]any, 0, len(fields))}
	for _, f := range fields[len(extra):] {
		if err := v.add(f); err != nil {
			return err
		}
	}
	dest := append(extra, v.dest...)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		v.i = 0
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// values is one row of records read into typed holders (sqldb.Values).
type values struct {
	dest []any
	i    int
	err  error
}

func (v *values) add(f pgconn.FieldDescription) error {
	switch f.DataTypeOID {
	case pgtype.TextOID:
		v.dest = append(v.dest, new(pgtype.Text))
	case pgtype.Int8OID:
		v.dest = append(v.dest, new(pgtype.Int8))
	case pgtype.Float8OID:
		v.dest = append(v.dest, new(pgtype.Float8))
	case pgtype.BoolOID:
		v.dest = append(v.dest, new(pgtype.Bool))
	default:
		return fmt.Errorf("column %s has an unexpected type (oid %d)", f.Name, f.DataTypeOID)
	}
	return nil
}

// holder returns the next column's holder, a new one when it is not a *T (recorded as Err).
func holder[T any](v *values, want string) *T {
	h, ok := v.dest[v.i].(*T)
	v.i++
	if !ok {
		v.Fail(fmt.Errorf("column %d: %T is not %s", v.i-1, v.dest[v.i-1], want))
		return new(T)
	}
	return h
}

func (v *values) Skip()          { v.i++ }
func (v *values) Text() string   { return holder[pgtype.Text](v, "text").String }
func (v *values) Integer() int64 { return holder[pgtype.Int8](v, "an integer").Int64 }
func (v *values) Real() float64  { return holder[pgtype.Float8](v, "a number").Float64 }
func (v *values) Flag() bool     { return holder[pgtype.Bool](v, "a boolean").Bool }
func (v *values) Err() error     { return v.err }

func (v *values) Null() bool {
	switch h := v.dest[v.i].(type) {
	case *pgtype.Text:
		return !h.Valid
	case *pgtype.Int8:
		return !h.Valid
	case *pgtype.Float8:
		return !h.Valid
	case *pgtype.Bool:
		return !h.Valid
	}
	return false
}

func (v *values) Fail(err error) {
	if v.err == nil {
		v.err = err
	}
}
