package postgres

import (
	"flag"
	"testing"

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
	storetest.BenchmarkStreamTickets(b, openBench(b), *benchTickets)
}
