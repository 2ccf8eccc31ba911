package postgres

import (
	"context"
	"flag"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// go test -run '^$' -bench Tickets -benchtime 1x ./internal/store/postgres -tickets 1000000
var benchTickets = flag.Int("tickets", 200_000, "tickets per benchmark run")

// openBench opens a store on a new, empty database of the shared test server (fsync off: the
// numbers are of the store's work, not of the disk).
func openBench(b *testing.B) *Store {
	b.Helper()
	return openDSN(b, pgtest.Shared(b).NewDatabase(b))
}

// BenchmarkPutTicketsPG imports -tickets new tickets in one transaction into a new database,
// as the SQLite store's BenchmarkPutTickets does.
func BenchmarkPutTicketsPG(b *testing.B) {
	storetest.BenchmarkPutTickets(b, func(b *testing.B) store.Store { return openBench(b) }, *benchTickets)
}

// BenchmarkStreamTicketsPG reads -tickets stored tickets back into records.
func BenchmarkStreamTicketsPG(b *testing.B) {
	n := *benchTickets
	s := openBench(b)
	storetest.PutTickets(b, s, n, false)
	var rows int
	start := time.Now()
	for b.Loop() {
		got := 0
		err := s.Stream(context.Background(), cx.KindTickets, func(cx.Record) error {
			got++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if got != n {
			b.Fatalf("streamed %d, want %d", got, n)
		}
		rows += got
	}
	b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
}
