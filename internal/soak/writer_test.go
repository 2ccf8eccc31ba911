package soak

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// writer sends records over HTTP like a helpdesk integration: batches of mixed sizes and
// kinds, mostly new records, some updates of records it sent before, now and then a batch
// sent twice on purpose and a batch that is invalid on purpose. Only this writer touches its
// ids, one request at a time, so the version it last saw acknowledged is the one that must be
// stored.
type writer struct {
	name    string
	r       *run
	rnd     *rand.Rand
	serial  int
	own     map[cx.Kind][]string // acknowledged ids, for updates
	version map[string]int       // the last acknowledged version of each id
	last    *batch               // the last acknowledged batch, resent now and then
}

// batch is one ingest request.
type batch struct {
	kind   cx.Kind
	recs   []sent
	body   []byte
	resend bool // an acknowledged batch sent again verbatim: it must change nothing
	bad    bool // invalid on purpose: the server must refuse all of it
}

func newWriter(r *run, name string, seed int64) *writer {
	return &writer{name: name, r: r, rnd: rand.New(rand.NewPCG(uint64(seed), 42)),
		own: map[cx.Kind][]string{}, version: map[string]int{}}
}

// Kinds by weight, and batch sizes by weight (about 50 records a request on average).
var (
	kindWeights = map[cx.Kind]int{cx.KindTickets: 25, cx.KindResponses: 25, cx.KindMessages: 20,
		cx.KindCustomers: 10, cx.KindOrders: 10, cx.KindMentions: 5, cx.KindEvents: 5}
	batchSizes = []struct{ size, weight int }{{1, 35}, {5, 30}, {25, 20}, {100, 12}, {1000, 3}}
)

func (w *writer) loop(stop, grace context.Context) {
	for stop.Err() == nil {
		w.send(grace, w.next())
		// Exponential pauses: requests arrive as a Poisson stream at the configured rate.
		pause := time.Duration(w.rnd.ExpFloat64() / w.r.cfg.writerRate * float64(time.Second))
		sleepCtx(stop, min(pause, time.Duration(5/w.r.cfg.writerRate*float64(time.Second))))
	}
}

// next chooses the next request.
func (w *writer) next() *batch {
	switch p := w.rnd.Float64(); {
	case p < 0.03 && w.last != nil:
		again := *w.last
		again.resend = true
		return &again
	case p < 0.04:
		return w.invalid()
	}
	kind := w.pickKind()
	size := w.pickSize()
	b := &batch{kind: kind}
	inBatch := map[string]bool{}
	for range size {
		id, version := w.freshID(kind), 1
		if own := w.own[kind]; len(own) > 0 && w.rnd.Float64() < 0.15 {
			if old := own[w.rnd.IntN(len(own))]; !inBatch[old] {
				id, version = old, w.version[old]+1
			}
		}
		inBatch[id] = true
		b.recs = append(b.recs, sent{id: id, version: version})
	}
	b.body = w.r.encode(kind, b.recs, size == 1 && w.rnd.IntN(2) == 0)
	return b
}

// invalid makes a batch of new answers that the server must refuse whole: one answer's score
// is off its scale, or one id comes twice.
func (w *writer) invalid() *batch {
	b := &batch{kind: cx.KindResponses, bad: true}
	for range 3 {
		b.recs = append(b.recs, sent{id: w.freshID(cx.KindResponses), version: 1})
	}
	objs := make([]map[string]string, 0, 4)
	for _, s := range b.recs {
		objs = append(objs, w.r.win.object(b.kind, s.id, s.version))
	}
	if w.rnd.IntN(2) == 0 {
		objs[1]["score"] = "99"
	} else {
		objs = append(objs, objs[0])
	}
	b.body, _ = json.Marshal(objs)
	return b
}

func (w *writer) pickKind() cx.Kind {
	n := w.rnd.IntN(100)
	for _, k := range soakKinds {
		if n -= kindWeights[k]; n < 0 {
			return k
		}
	}
	return cx.KindTickets
}

func (w *writer) pickSize() int {
	n := w.rnd.IntN(100)
	for _, s := range batchSizes {
		if n -= s.weight; n < 0 {
			return s.size
		}
	}
	return 1
}

// freshID is a new id of this writer; a message belongs to one of the writer's tickets.
func (w *writer) freshID(kind cx.Kind) string {
	w.serial++
	if kind == cx.KindMessages {
		ticket := fmt.Sprintf("%s-t-x%03d", w.name, w.serial%97)
		if own := w.own[cx.KindTickets]; len(own) > 0 {
			ticket = own[w.rnd.IntN(len(own))]
		}
		return fmt.Sprintf("%s.m%d", ticket, w.serial)
	}
	return fmt.Sprintf("%s-%s-%07d", w.name, idPrefix(kind), w.serial)
}

// encode is the JSON body of recs: an array, or one object.
func (r *run) encode(kind cx.Kind, recs []sent, single bool) []byte {
	if single {
		b, _ := json.Marshal(r.win.object(kind, recs[0].id, recs[0].version))
		return b
	}
	objs := make([]map[string]string, len(recs))
	for i, s := range recs {
		objs[i] = r.win.object(kind, s.id, s.version)
	}
	b, _ := json.Marshal(objs)
	return b
}

// send posts a batch until it has a final answer: 429 and 503 are retried after Retry-After
// (one second without it), as is a request that got no answer.
func (w *writer) send(ctx context.Context, b *batch) {
	route := "POST /api/v1/" + string(b.kind)
	for {
		if ctx.Err() != nil {
			w.r.ledger.unsure(b.kind, b.recs)
			w.r.fail("%s: %s batch of %d (first %s) had no final answer when the grace period ended", w.name, b.kind, len(b.recs), b.recs[0].id)
			return
		}
		req, _ := http.NewRequest(http.MethodPost, w.r.client.base+"/api/v1/"+string(b.kind), bytes.NewReader(b.body))
		req.Header.Set("Authorization", "Bearer "+w.r.writeToken)
		req.Header.Set("Content-Type", "application/json")
		a, err := w.r.client.do(ctx, route, req)
		if err != nil {
			sleepCtx(ctx, time.Second)
			continue
		}
		if a.status == http.StatusTooManyRequests || a.status == http.StatusServiceUnavailable {
			wait, ok := retryAfter(a.header)
			if !ok {
				wait = time.Second
			}
			wait = min(max(wait, 100*time.Millisecond), 30*time.Second)
			w.r.retried(a.status, wait)
			sleepCtx(ctx, wait)
			continue
		}
		w.settle(route, b, a)
		return
	}
}

// settle books a final answer in the ledger.
func (w *writer) settle(route string, b *batch, a answer) {
	switch {
	case a.status == http.StatusOK && !b.bad:
		var res struct{ Records, Written int }
		if err := json.Unmarshal(a.body, &res); err != nil || res.Records != len(b.recs) {
			w.r.fail("%s %s: 200 with body %.200q for %d records", w.name, route, a.body, len(b.recs))
		}
		if b.resend {
			w.r.mu.Lock()
			w.r.resends++
			w.r.mu.Unlock()
			if res.Written != 0 {
				w.r.fail("%s %s: sending an acknowledged batch of %d again (first %s) wrote %d rows; want 0", w.name, route, len(b.recs), b.recs[0].id, res.Written)
			}
		} else {
			w.last = b
		}
		w.r.ledger.ack(b.kind, b.recs, true)
		for _, s := range b.recs {
			if _, known := w.version[s.id]; !known {
				w.own[b.kind] = append(w.own[b.kind], s.id)
			}
			w.version[s.id] = s.version
		}
	case b.bad && a.status == http.StatusUnprocessableEntity:
		w.r.ledger.refuse(b.kind, b.recs)
		w.r.mu.Lock()
		w.r.refusals++
		w.r.mu.Unlock()
	case a.status >= 500:
		// Already counted as an unexpected 5xx; whether anything was stored is unknown.
		w.r.ledger.unsure(b.kind, b.recs)
	default:
		w.r.stats.unexpectedAnswer(route, a.status, fmt.Sprintf("(batch of %d, first %s, invalid on purpose: %v) %s", len(b.recs), b.recs[0].id, b.bad, a.body))
		if a.status == http.StatusOK {
			w.r.ledger.unsure(b.kind, b.recs)
		} else {
			w.r.ledger.refuse(b.kind, b.recs)
		}
	}
}
