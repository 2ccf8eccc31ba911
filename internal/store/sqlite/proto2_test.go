package sqlite

import (
	"context"
	"database/sql/driver"
	"io"
	"testing"
	"time"
)

func BenchmarkProtoRaw(b *testing.B) {
	s, _ := openTest(b)
	putTickets(b, s, 200_000)
	rowsN := 0
	start := time.Now()
	for b.Loop() {
		conn, err := s.read.Conn(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		err = conn.Raw(func(dc any) error {
			rows, err := dc.(driver.QueryerContext).QueryContext(context.Background(), tickets.selectAll, nil)
			if err != nil {
				return err
			}
			defer rows.Close()
			vals := make([]driver.Value, len(tickets.columns))
			r := row{values: make([]any, len(vals))}
			for {
				if err := rows.Next(vals); err == io.EOF {
					break
				} else if err != nil {
					return err
				}
				for i, v := range vals {
					r.values[i] = v
				}
				r.i = 0
				_ = tickets.scan(&r)
				rowsN++
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		conn.Close()
	}
	b.ReportMetric(float64(rowsN)/time.Since(start).Seconds(), "rows/s")
}
