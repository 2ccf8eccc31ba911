package sqlite

import (
	"context"
	"flag"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
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
	n := *benchTickets
	s, _ := openTest(b)
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
