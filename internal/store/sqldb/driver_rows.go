package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
)

// DriverRecords is a Dialect.Records for a driver that database/sql reaches: it runs the query
// on one of db's connections through the driver itself and reads its values as the driver
// hands them over, without database/sql's Scan between (a copy of every value into a
// destination and a conversion check per column: about a twentieth of reading a table into
// the engine on SQLite). The values are those a scan into *any gives, so they are read as row
// reads them.
func DriverRecords(db *sql.DB) func(ctx context.Context, query string, args, extra []any, fn func(Values) error) error {
	return func(ctx context.Context, query string, args, extra []any, fn func(Values) error) error {
		named := make([]driver.NamedValue, len(args))
		for i, a := range args {
			v, err := driver.DefaultParameterConverter.ConvertValue(a)
			if err != nil {
				return fmt.Errorf("argument %d: %w", i+1, err)
			}
			named[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
		}
		conn, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		// A driver.ErrBadConn from the driver closes the connection rather than pooling it (Raw).
		return conn.Raw(func(dc any) error {
			q, ok := dc.(driver.QueryerContext)
			if !ok {
				return fmt.Errorf("the driver's connection (%T) cannot query", dc)
			}
			rows, err := q.QueryContext(ctx, query, named)
			if err != nil {
				return err
			}
			defer rows.Close()
			n := len(rows.Columns())
			if n < len(extra) {
				return fmt.Errorf("%d columns, want at least %d", n, len(extra))
			}
			dest := make([]driver.Value, n)
			r := &row{values: make([]any, n-len(extra))}
			for {
				if err := rows.Next(dest); err != nil {
					if errors.Is(err, io.EOF) {
						return nil
					}
					return err
				}
				if err := assignExtra(extra, dest); err != nil {
					return err
				}
				for i, v := range dest[len(extra):] {
					r.values[i] = v // driver.Value is any by another name: no copy of the value
				}
				r.i, r.err = 0, nil
				if err := fn(r); err != nil {
					return err
				}
			}
		})
	}
}

// assignExtra reads the leading columns into extra: the store's only extra column is a change's
// number (seq), an integer.
func assignExtra(extra []any, dest []driver.Value) error {
	for i, p := range extra {
		switch p := p.(type) {
		case *int64:
			v, ok := dest[i].(int64)
			if !ok {
				return fmt.Errorf("column %d: %T is not an integer", i, dest[i])
			}
			*p = v
		default:
			return fmt.Errorf("column %d: cannot read into %T", i, p)
		}
	}
	return nil
}
