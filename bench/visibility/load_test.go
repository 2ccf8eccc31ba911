//go:build visibility

package visibility

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// load sends batches of records of every kind to a node at a steady rate, and counts what it
// sent and how the requests went.
type load struct {
	records  atomic.Int64 // records acknowledged since the last reset
	mu       sync.Mutex
	took     []time.Duration
	failed   map[string]int // by status (or error)
	sent     atomic.Int64   // ids handed out, for unique keys
	finished sync.WaitGroup
}

// kinds the writers cycle through, each with a record maker for sequence number n.
var kinds = []struct {
	name string
	make func(n int64, r *rand.Rand) string
}{
	{"tickets", func(n int64, r *rand.Rand) string {
		d := date(r)
		return fmt.Sprintf(`{"ticket_id":"T%d","created_at":"%s 08:%02d","customer_id":"C%d","channel":"%s","team":"team%d",`+
			`"agent":"agent%d","first_reply_at":"%s 12:00","solved_at":"%s 16:00"}`,
			n, d, r.IntN(60), r.IntN(20000), pick(r, "email", "chat", "phone"), r.IntN(5), r.IntN(40), d, d)
	}},
	{"messages", func(n int64, r *rand.Rand) string {
		return fmt.Sprintf(`{"message_id":"M%d","ticket_id":"T%d","at":"%s","author":"%s","agent":"agent%d"}`,
			n, r.Int64N(n+1), day(r, 10), pick(r, "agent", "customer"), r.IntN(40))
	}},
	{"responses", func(n int64, r *rand.Rand) string {
		return fmt.Sprintf(`{"response_id":"R%d","survey":"csat","score":%d,"submitted_at":"%s","ticket_id":"T%d"}`,
			n, 1+r.IntN(5), day(r, 14), r.Int64N(n+1))
	}},
	{"orders", func(n int64, r *rand.Rand) string {
		return fmt.Sprintf(`{"order_id":"O%d","customer_id":"C%d","ordered_at":"%s","amount":%d.50}`,
			n, r.IntN(20000), day(r, 11), 5+r.IntN(200))
	}},
	{"customers", func(n int64, r *rand.Rand) string {
		return fmt.Sprintf(`{"customer_id":"C%d","acquired_at":"%s","segment":"%s"}`,
			n%20000, day(r, 9), pick(r, "mkb", "particulier", "zakelijk"))
	}},
	{"events", func(n int64, r *rand.Rand) string {
		return fmt.Sprintf(`{"event_id":"E%d","customer_id":"C%d","kind":"%s","at":"%s"}`,
			n, r.IntN(20000), pick(r, "login", "visit"), day(r, 13))
	}},
}

// day is a local time in the first half of 2026 at hour (no DST gap at that hour).
func day(r *rand.Rand, hour int) string {
	return fmt.Sprintf("%s %02d:%02d", date(r), hour, r.IntN(60))
}

// date is a day in the first half of 2026.
func date(r *rand.Rand) string {
	return fmt.Sprintf("2026-%02d-%02d", 1+r.IntN(6), 1+r.IntN(28))
}

func pick(r *rand.Rand, values ...string) string { return values[r.IntN(len(values))] }

// startLoad sends perSecond requests of batch records each to url until ctx ends, spread over
// the tokens (the API limits each token's rate).
func startLoad(ctx context.Context, url string, tokens []string, perSecond float64, batch int) *load {
	l := &load{failed: map[string]int{}}
	jobs := make(chan int, 256)
	for w := range 4 * len(tokens) {
		l.finished.Add(1)
		go func() {
			defer l.finished.Done()
			r := rand.New(rand.NewPCG(uint64(w), 1))
			for k := range jobs {
				l.post(url, tokens[w%len(tokens)], k, batch, r)
			}
		}()
	}
	l.finished.Add(1)
	go func() {
		defer l.finished.Done()
		defer close(jobs)
		interval := time.Duration(float64(time.Second) / perSecond)
		next := time.Now()
		for k := 0; ctx.Err() == nil; k++ {
			next = next.Add(interval)
			time.Sleep(time.Until(next))
			select {
			case jobs <- k % len(kinds):
			default: // every worker is waiting for an answer: this request is not sent
				l.fail("not sent: node A too slow")
			}
		}
	}()
	return l
}

func (l *load) post(url, token string, kind, batch int, r *rand.Rand) {
	var b strings.Builder
	b.WriteByte('[')
	for i := range batch {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(kinds[kind].make(l.sent.Add(1), r))
	}
	b.WriteByte(']')
	start := time.Now()
	status, body, err := send("POST", url+"/api/v1/"+kinds[kind].name, token, []byte(b.String()))
	switch {
	case err != nil:
		l.fail(err.Error())
	case status != 200:
		l.fail(fmt.Sprintf("%d %.120s", status, body))
	default:
		l.records.Add(int64(batch))
		l.mu.Lock()
		l.took = append(l.took, time.Since(start))
		l.mu.Unlock()
	}
}

func (l *load) fail(why string) {
	l.mu.Lock()
	l.failed[why]++
	l.mu.Unlock()
}

// reset forgets what was sent so far (the warm-up).
func (l *load) reset() {
	l.records.Store(0)
	l.mu.Lock()
	l.took, l.failed = l.took[:0], map[string]int{}
	l.mu.Unlock()
}

func (l *load) latency(p float64) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.took) == 0 {
		return 0
	}
	s := slices.Clone(l.took)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))].Round(time.Millisecond)
}

func (l *load) failures() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.failed
}

func (l *load) wait() { l.finished.Wait() }
