package sqlite

import (
	"flag"
	"testing"

	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// go test -run '^$' -bench Tickets -benchtime 1x ./internal/store/sqlite -tickets 1000000
var benchTickets = flag.Int("tickets", 200_000, "tickets per benchmark run")

// BenchmarkPutTickets imports -tickets new tickets in one transaction into a new file.
func BenchmarkPutTickets(b *testing.B) {
	storetest.BenchmarkPutTickets(b, func(b *testing.B) store.Store {
		s, _ := openTest(b)
		return s
	}, *benchTickets)
}

// BenchmarkStreamTickets reads -tickets stored tickets back into records. Most of its time is the
// driver's: every column read takes the connection's mutex through modernc.org/libc, and reading
// the 18 ticket columns without building records runs at ~400k rows/s on 2 cores.
func BenchmarkStreamTickets(b *testing.B) {
	s, _ := openTest(b)
	storetest.BenchmarkStreamTickets(b, s, *benchTickets)
}
