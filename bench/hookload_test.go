package bench

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// The load of BenchmarkHookDeliveries: a plan of deliveries, each one CSAT answer, and an
// open-loop sender that starts each at its planned instant whatever the answers to earlier
// ones are doing, as tools do (a tool does not wait for klantpuls to finish one customer's
// answer before sending the next customer's). A closed loop — send, wait, send — would slow
// down with the server and hide its queueing from the latencies.

// hookLoadSettings are the rate (deliveries a second) and how long it is held:
// BENCH_HOOK_RATE (500) and BENCH_HOOK_DURATION (60s; 5s with BENCH_SMALL=1).
func hookLoadSettings() (rate int, duration time.Duration) {
	rate, duration = 500, 60*time.Second
	if os.Getenv("BENCH_SMALL") != "" {
		duration = 5 * time.Second
	}
	if v, err := strconv.Atoi(os.Getenv("BENCH_HOOK_RATE")); err == nil && v > 0 {
		rate = v
	}
	if d, err := time.ParseDuration(os.Getenv("BENCH_HOOK_DURATION")); err == nil && d > 0 {
		duration = d
	}
	return rate, duration
}

// A slot is one request of the plan: a delivery id and the answer (by number) it carries.
type slot struct {
	delivery string
	answer   int
	repeat   bool // the delivery id was sent before (a tool's retry of an accepted delivery)
}

// hookPlan is what is sent and what must come of it.
type hookPlan struct {
	slots      []slot
	answers    int // distinct answers sent: what the store and the report must hold
	positive   int // of them scored 4 or 5 (scale 1–5)
	deliveries int // distinct delivery ids
}

// planHooks plans n requests: about 93% new deliveries of a new answer each, 5% a delivery
// sent again under its id (a retry after a lost answer: written once, counted as accepted
// again), 2% an earlier delivery's answer under a new id (a retry of a delivery whose id was
// never remembered: written again, changing nothing). A retry repeats a delivery sent 0.1 to
// 1 s before, so some overtake the first's answer.
func planHooks(n, rate int) *hookPlan {
	r := rand.New(rand.NewPCG(12, 7))
	p := &hookPlan{slots: make([]slot, n)}
	lag := func(k int) int { return k - max(1, rate/10+r.IntN(max(1, rate*9/10))) }
	for k := range p.slots {
		earlier := lag(k)
		switch x := r.IntN(100); {
		case x < 5 && earlier >= 0:
			p.slots[k] = p.slots[earlier]
			p.slots[k].repeat = true
		case x < 7 && earlier >= 0:
			p.slots[k] = slot{delivery: fmt.Sprintf("retry-%07d", k), answer: p.slots[earlier].answer}
			p.deliveries++
		default:
			p.slots[k] = slot{delivery: fmt.Sprintf("d-%07d", k), answer: p.answers}
			if score(p.answers) >= 4 {
				p.positive++
			}
			p.answers++
			p.deliveries++
		}
	}
	return p
}

// score is answer i's score: 1 to 5 in turn.
func score(i int) int { return 1 + i%5 }

// answerJSON is answer i in the API's record shape: a CSAT answer in March 2026 (before the
// clocks change on the 29th, so +01:00 is Amsterdam's offset).
func answerJSON(i int) string {
	return fmt.Sprintf(`{"response_id":"R%07d","survey":"csat","score":%d,"submitted_at":"2026-03-%02dT%02d:%02d:00+01:00"}`,
		i, score(i), 1+i%28, 8+i%10, i%60)
}

// deliveryJSON is slot s as klantpuls's own delivery format carries it.
func deliveryJSON(s slot) []byte {
	return []byte(`{"delivery_id":"` + s.delivery + `","records":{"responses":[` + answerJSON(s.answer) + `]}}`)
}

// loadRun is how the requests of one run went.
type loadRun struct {
	took    []time.Duration // by slot, from its planned instant to its answer
	failed  atomic.Int64
	mu      sync.Mutex
	failure string // the first failure
	elapsed time.Duration
}

// runOpenLoop starts send(k) for every slot k at start + k/rate, each in its own goroutine, and
// waits for all. A latency runs from the planned instant, not from when the goroutine got to
// send: a sender that falls behind (the machine busy) counts against the figures.
func runOpenLoop(n, rate int, send func(k int) error) *loadRun {
	run := &loadRun{took: make([]time.Duration, n)}
	var wg sync.WaitGroup
	start := time.Now()
	for k := range n {
		planned := start.Add(time.Duration(k) * time.Second / time.Duration(rate))
		time.Sleep(time.Until(planned))
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := send(k); err != nil {
				if run.failed.Add(1) == 1 {
					run.mu.Lock()
					run.failure = fmt.Sprintf("request %d: %v", k, err)
					run.mu.Unlock()
				}
			}
			run.took[k] = time.Since(planned)
		}()
	}
	wg.Wait()
	run.elapsed = time.Since(start)
	return run
}

// quantile is the q-quantile of the latencies, in milliseconds.
func (run *loadRun) quantile(q float64) float64 {
	s := slices.Clone(run.took)
	slices.Sort(s)
	return float64(s[min(len(s)-1, int(q*float64(len(s))))].Microseconds()) / 1000
}

// rate is the requests answered a second, over the whole run.
func (run *loadRun) rate() float64 {
	return float64(len(run.took)-int(run.failed.Load())) / run.elapsed.Seconds()
}
