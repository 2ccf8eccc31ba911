package sqlite

import (
	"context"
	"flag"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// go test -run '^$' -bench Tickets -benchtime 1x ./internal/store/sqlite -tickets 1000000
var benchTickets = flag.Int("tickets", 200_000, "tickets per benchmark run")

var (
	channels   = []string{"E-mail", "Chat", "Telefoon", "WhatsApp", "Webformulier"}
	teams      = []string{"Service", "Retouren", "Zakelijk"}
	agents     = []string{"Anouk", "Bas", "Sanne", "Daan", "Fleur", "Lars", "Noor", "Thijs"}
	categories = []string{"Levering", "Retour", "Factuur", "Product", "Account", "Klacht"}
)

// ticketMaker makes realistic tickets one by one, as an import would hand them to the store:
// most have a reply and a solution, some are open, a few carry extra columns.
type ticketMaker struct {
	rng   *rand.Rand
	start time.Time
	// scattered makes ids that do not follow insertion order, as UUIDs do: every insert then
	// lands on another page of the id index.
	scattered bool
}

func newTicketMaker(scattered bool) *ticketMaker {
	return &ticketMaker{rng: rand.New(rand.NewPCG(1, 2)),
		start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), scattered: scattered}
}

func (m *ticketMaker) id(i int) string {
	if m.scattered {
		return "T" + strconv.FormatUint(uint64(i)*0x9E3779B97F4A7C15, 36) // Fibonacci hashing
	}
	return "T" + strconv.Itoa(1_000_000+i)
}

func (m *ticketMaker) ticket(i int) *cx.Ticket {
	r := m.rng
	created := m.start.Add(time.Duration(i)*30*time.Second + time.Duration(r.IntN(30))*time.Second)
	t := &cx.Ticket{
		ID:         m.id(i),
		CreatedAt:  created,
		CustomerID: "C" + strconv.Itoa(r.IntN(50_000)),
		Channel:    channels[r.IntN(len(channels))],
		Team:       teams[r.IntN(len(teams))],
		Agent:      agents[r.IntN(len(agents))],
		Category:   categories[r.IntN(len(categories))],
		Complaint:  r.IntN(10) == 0,
		Direction:  cx.Inbound,
	}
	if r.IntN(20) == 0 {
		t.Direction = cx.Outbound
	}
	if r.IntN(10) != 0 {
		t.FirstReplyAt = created.Add(time.Duration(r.IntN(86_400)) * time.Second)
		t.AgentReplies = ptr(1 + r.IntN(5))
		t.WaitSeconds = ptr(float64(r.IntN(600)))
		t.HandleSeconds = ptr(float64(60 + r.IntN(1800)))
	}
	if r.IntN(5) != 0 {
		t.FirstSolvedAt = t.FirstReplyAt.Add(time.Duration(r.IntN(172_800)) * time.Second)
		t.SolvedAt = t.FirstSolvedAt
		t.Reopens = ptr(0)
		t.Transfers = ptr(r.IntN(2))
		if r.IntN(10) == 0 {
			t.Reopens = ptr(1)
			t.SolvedAt = t.SolvedAt.Add(48 * time.Hour)
		}
	}
	if r.IntN(10) == 0 {
		t.Attrs = cx.Attrs{"order_nr": strconv.Itoa(r.IntN(1_000_000)), "taal": "nl"}
	}
	return t
}

func putTickets(b *testing.B, s *Store, n int, scattered bool) int {
	tx, err := s.Begin(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	m := newTicketMaker(scattered)
	for i := range n {
		if err := tx.Put(m.ticket(i)); err != nil {
			b.Fatal(err)
		}
	}
	res, err := tx.Commit()
	if err != nil {
		b.Fatal(err)
	}
	return res.Written
}

// BenchmarkPutTickets imports -tickets new tickets in one transaction into a new file; making the
// tickets is part of the measured time, as it is in an import.
func BenchmarkPutTickets(b *testing.B) {
	b.Run("sequential ids", func(b *testing.B) { benchmarkPut(b, false) })
	b.Run("scattered ids", func(b *testing.B) { benchmarkPut(b, true) })
}

func benchmarkPut(b *testing.B, scattered bool) {
	n := *benchTickets
	var rows int
	var elapsed time.Duration
	var peak uint64
	for b.Loop() {
		b.StopTimer()
		s, _ := openTest(b)
		runtime.GC()
		b.StartTimer()
		start := time.Now()
		if written := putTickets(b, s, n, scattered); written != n {
			b.Fatalf("written = %d, want %d", written, n)
		}
		elapsed += time.Since(start)
		rows += n
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "heapMiB")
}

// BenchmarkStreamTickets reads -tickets stored tickets back into records. Most of its time is the
// driver's: every column read takes the connection's mutex through modernc.org/libc, and reading
// the 18 ticket columns without building records runs at ~400k rows/s on 2 cores.
func BenchmarkStreamTickets(b *testing.B) {
	n := *benchTickets
	s, _ := openTest(b)
	putTickets(b, s, n, false)
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
