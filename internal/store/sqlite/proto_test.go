package sqlite

import (
	"context"
	"testing"
	"time"
)

func BenchmarkProtoPacked(b *testing.B) {
	s, _ := openTest(b)
	putTickets(b, s, 200_000)
	queries := map[string]string{
		"full": tickets.selectAll,
		"ints": `SELECT id, customer_id, channel, team, agent, category, direction, attrs, wait_seconds, handle_seconds,
 concat_ws(',', created_at, complaint, first_reply_at, first_solved_at, solved_at, reopens, agent_replies, transfers) FROM tickets ORDER BY rowid`,
		"one": `SELECT concat(octet_length(id), ':', id, octet_length(customer_id), ':', customer_id, octet_length(channel), ':', channel,
 octet_length(team), ':', team, octet_length(agent), ':', agent, octet_length(category), ':', category, octet_length(direction), ':', direction,
 octet_length(attrs), ':', attrs, ',', created_at, ',', complaint, ',', first_reply_at, ',', first_solved_at, ',', solved_at, ',', reopens, ',', agent_replies, ',', transfers), wait_seconds, handle_seconds FROM tickets ORDER BY rowid`,
	}
	for name, q := range queries {
		b.Run(name, func(b *testing.B) {
			rowsN := 0
			start := time.Now()
			for b.Loop() {
				rows, err := s.read.QueryContext(context.Background(), q)
				if err != nil {
					b.Fatal(err)
				}
				cols, _ := rows.Columns()
				vals := make([]any, len(cols))
				dest := make([]any, len(cols))
				for i := range vals {
					dest[i] = &vals[i]
				}
				for rows.Next() {
					rows.Scan(dest...)
					rowsN++
				}
				rows.Close()
			}
			b.ReportMetric(float64(rowsN)/time.Since(start).Seconds(), "rows/s")
		})
	}
}
