package storetest

import (
	"context"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

var (
	channels   = []string{"E-mail", "Chat", "Telefoon", "WhatsApp", "Webformulier"}
	teams      = []string{"Service", "Retouren", "Zakelijk"}
	agents     = []string{"Anouk", "Bas", "Sanne", "Daan", "Fleur", "Lars", "Noor", "Thijs"}
	categories = []string{"Levering", "Retour", "Factuur", "Product", "Account", "Klacht"}
)

// TicketMaker makes realistic tickets one by one, as an import would hand them to the store:
// most have a reply and a solution, some are open, a few carry extra columns. The same maker
// makes the same tickets, so both stores' benchmarks write the same rows.
type TicketMaker struct {
	rng   *rand.Rand
	start time.Time
	// scattered makes ids that do not follow insertion order, as UUIDs do: every insert then
	// lands on another page of the id index.
	scattered bool
}

// NewTicketMaker makes tickets with ids in insertion order, or scattered ones.
func NewTicketMaker(scattered bool) *TicketMaker {
	return &TicketMaker{rng: rand.New(rand.NewPCG(1, 2)),
		start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), scattered: scattered}
}

func (m *TicketMaker) id(i int) string {
	if m.scattered {
		return "T" + strconv.FormatUint(uint64(i)*0x9E3779B97F4A7C15, 36) // Fibonacci hashing
	}
	return "T" + strconv.Itoa(1_000_000+i)
}

// Ticket makes the i-th ticket.
func (m *TicketMaker) Ticket(i int) *cx.Ticket {
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
		t.AgentReplies = ref(1 + r.IntN(5))
		t.WaitSeconds = ref(float64(r.IntN(600)))
		t.HandleSeconds = ref(float64(60 + r.IntN(1800)))
	}
	if r.IntN(5) != 0 {
		t.FirstSolvedAt = t.FirstReplyAt.Add(time.Duration(r.IntN(172_800)) * time.Second)
		t.SolvedAt = t.FirstSolvedAt
		t.Reopens = ref(0)
		t.Transfers = ref(r.IntN(2))
		if r.IntN(10) == 0 {
			t.Reopens = ref(1)
			t.SolvedAt = t.SolvedAt.Add(48 * time.Hour)
		}
	}
	if r.IntN(10) == 0 {
		t.Attrs = cx.Attrs{"order_nr": strconv.Itoa(r.IntN(1_000_000)), "taal": "nl"}
	}
	return t
}

// PutTickets imports n new tickets in one transaction and returns how many rows it wrote.
func PutTickets(b testing.TB, s store.Store, n int, scattered bool) int {
	b.Helper()
	tx, err := s.Begin(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	m := NewTicketMaker(scattered)
	for i := range n {
		if err := tx.Put(m.Ticket(i)); err != nil {
			b.Fatal(err)
		}
	}
	res, err := tx.Commit()
	if err != nil {
		b.Fatal(err)
	}
	return res.Written
}

// BenchmarkPutTickets imports n new tickets in one transaction into a new store from open;
// making the tickets is part of the measured time, as it is in an import. It reports rows/s and
// the largest heap in use (MiB) after an import.
func BenchmarkPutTickets(b *testing.B, open func(b *testing.B) store.Store, n int) {
	b.Run("sequential ids", func(b *testing.B) { benchmarkPut(b, open, n, false) })
	b.Run("scattered ids", func(b *testing.B) { benchmarkPut(b, open, n, true) })
}

func benchmarkPut(b *testing.B, open func(b *testing.B) store.Store, n int, scattered bool) {
	var rows int
	var elapsed time.Duration
	var peak uint64
	for b.Loop() {
		b.StopTimer()
		s := open(b)
		runtime.GC()
		b.StartTimer()
		start := time.Now()
		if written := PutTickets(b, s, n, scattered); written != n {
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

// BenchmarkStreamTickets reads n stored tickets of s back into records.
func BenchmarkStreamTickets(b *testing.B, s store.Store, n int) {
	PutTickets(b, s, n, false)
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
