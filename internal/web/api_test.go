package web

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestIngestIsDurableIdempotentAllOrNothing(t *testing.T) {
	ts := startServer(t)
	w := ts.withToken("adminWrite")
	one := `{"response_id":"R1","survey":"csat","score":5,"submitted_at":"2026-03-05T10:00:00+01:00","comment":"Top"}`
	if res := w.postJSON("/api/v1/responses", one); res.status != 200 || res.body != "{\"forgotten\":0,\"records\":1,\"written\":1}\n" {
		t.Fatalf("one record: %d %s", res.status, res.body)
	}
	// The same record again replaces, never duplicates.
	if res := w.postJSON("/api/v1/responses", one); res.status != 200 || !strings.Contains(res.body, `"written":0`) {
		t.Errorf("again: %d %s", res.status, res.body)
	}
	batch := `[{"response_id":"R2","survey":"csat","score":1,"submitted_at":"2026-03-06 10:00"},
		{"response_id":"R3","survey":"csat","score":4,"submitted_at":"2026-03-06 11:00"}]`
	if res := w.postJSON("/api/v1/responses", batch); res.status != 200 || !strings.Contains(res.body, `"records":2`) {
		t.Fatalf("batch: %d %s", res.status, res.body)
	}
	if n := w.reportFigure("csat.n"); n != 3 {
		t.Errorf("csat n = %v, want 3", n)
	}
	// A batch with one bad field stores nothing and names the field.
	bad := `[{"response_id":"R4","survey":"csat","score":4,"submitted_at":"2026-03-07 10:00"},
		{"response_id":"R5","survey":"csat","score":9,"submitted_at":"2026-03-07 10:00"}]`
	res := w.postJSON("/api/v1/responses", bad)
	var p Problem
	res.json(t, &p)
	if res.status != 422 || res.header.Get("Content-Type") != "application/problem+json" || len(p.Errors) != 1 ||
		p.Errors[0].Pointer != "/1/score" || !strings.Contains(p.Errors[0].Detail, "outside the csat scale 1..5") {
		t.Errorf("bad batch: %d %s", res.status, res.body)
	}
	if n := w.reportFigure("csat.n"); n != 3 {
		t.Errorf("csat n = %v after a refused batch, want 3", n)
	}
	// Field errors name the field of a single record, also for a missing one.
	res = w.postJSON("/api/v1/tickets", `{"ticket_id":"T1","created_at":"2026-03-05T10:00:00+01:00","solved_at":"2026-03-04T10:00:00+01:00","reopens":-1,"extra":{"a":1}}`)
	for _, want := range []string{`"pointer":"/solved_at"`, `"pointer":"/reopens"`, `"pointer":"/extra"`} {
		if res.status != 422 || !strings.Contains(res.body, want) {
			t.Errorf("ticket errors lack %s: %d %s", want, res.status, res.body)
		}
	}
	// A batch's item that is no object is an invalid record, named by its pointer (422), as null is.
	for body, want := range map[string]int{"": 400, "[]": 400, "42": 400, "{": 400, "[1]": 422, "[null]": 422} {
		if res := w.postJSON("/api/v1/tickets", body); res.status != want {
			t.Errorf("body %q: %d, want %d", body, res.status, want)
		}
	}
	// Survives a restart: the store is the truth.
	ts.stop()
	ts.open()
	if n := ts.withToken("adminRead").reportFigure("csat.n"); n != 3 {
		t.Errorf("after a restart csat n = %v, want 3", n)
	}
}

func TestBatchLimits(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.MaxBody = 64 << 10 })
	w := ts.withToken("adminWrite")
	var b strings.Builder
	b.WriteString("[")
	for i := range 10001 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"event_id":"E%d","customer_id":"C1","kind":"training","at":"2026-03-01 10:00"}`, i)
	}
	b.WriteString("]")
	if res := w.postJSON("/api/v1/events", b.String()); res.status != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the limit: %d, want 413", res.status)
	}
	ts2 := startServer(t)
	if res := ts2.withToken("adminWrite").postJSON("/api/v1/events", b.String()); res.status != http.StatusRequestEntityTooLarge || !strings.Contains(res.body, "at most 10000") {
		t.Errorf("10001 records: %d %s, want 413", res.status, res.body)
	}
	// Nested deeper than 64 (ingest.MaxDepth): refused naming where, before the records are read.
	deep := `[{"event_id":"E1","customer_id":"C1","kind":"training","at":"2026-03-01 10:00","x":` +
		strings.Repeat("[", 9000) + strings.Repeat("]", 9000) + `}]`
	if res := ts2.withToken("adminWrite").postJSON("/api/v1/events", deep); res.status != http.StatusUnprocessableEntity ||
		!strings.Contains(res.body, `"pointer":"/0/x`+strings.Repeat("/0", 62)+`"`) {
		t.Errorf("a record nested 9000 deep: %d %.300s, want 422 naming /0/x/0…", res.status, res.body)
	}
}

// TestLiveUpdates: a record accepted by the API is in the very next report, and open streams
// get an update event.
func TestLiveUpdates(t *testing.T) {
	ts := startServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.url+"/api/v1/live", nil)
	req.Header.Set("Authorization", "Bearer "+ts.tokens["adminRead"])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	events := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "event: ") || strings.HasPrefix(line, "data: ") {
				events <- line
			}
		}
	}()
	w := ts.withToken("adminWrite")
	sent := time.Now()
	if res := w.postJSON("/api/v1/responses", `{"response_id":"L1","survey":"nps","score":10,"submitted_at":"2026-03-05 10:00"}`); res.status != 200 {
		t.Fatalf("ingest: %d %s", res.status, res.body)
	}
	if n := ts.withToken("adminRead").reportFigure("nps.promoters"); n != 1 {
		t.Errorf("the next report has %v promoters, want 1", n)
	}
	select {
	case e := <-events:
		if e != "event: update" {
			t.Errorf("first line %q", e)
		}
		if d := <-events; !strings.Contains(d, `"kinds":["responses"]`) {
			t.Errorf("data %q", d)
		}
		if took := time.Since(sent); took > time.Second {
			t.Errorf("the update took %v", took)
		}
	case <-time.After(time.Second):
		t.Fatal("no update event within a second")
	}
}

// TestConcurrentWritersAndReaders: two writers send overlapping batches while two readers
// report; at the end every record is there exactly once, in the engine and in the store.
func TestConcurrentWritersAndReaders(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.RatePerSecond, o.Burst = 1e6, 1e6 }) // rate limits are tested apart
	const writers, batches, size = 2, 25, 40
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	report := func(e string) {
		select {
		case errs <- e:
		default: // enough reported
		}
	}
	stop := make(chan struct{})
	for wr := range writers {
		wg.Go(func() {
			c := ts.withToken("adminWrite")
			for b := range batches {
				var parts []string
				for i := range size {
					// Ids overlap between the writers: half of each batch is the other's too.
					id := fmt.Sprintf("R%d", b*size+i+wr*(i%2)*100000)
					parts = append(parts, fmt.Sprintf(`{"response_id":%q,"survey":"csat","score":%d,"submitted_at":"2026-03-10 10:00","ticket_id":"T%s"}`, id, 1+i%5, id))
				}
				if res := c.postJSON("/api/v1/responses", "["+strings.Join(parts, ",")+"]"); res.status != 200 {
					report(fmt.Sprintf("writer %d: %d %s", wr, res.status, res.body))
				}
			}
		})
	}
	var readers sync.WaitGroup
	for range 2 {
		readers.Go(func() {
			c := ts.withToken("adminRead")
			for {
				select {
				case <-stop:
					return
				default:
				}
				if res := c.get("/api/v1/report?from=2026-03-01&to=2026-04-01&by=agent"); res.status != 200 {
					report(fmt.Sprintf("reader: %d", res.status))
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	// Distinct ids: writer 0 sends R0..R999; writer 1 sends the even ones of those and
	// R100000+odd for the odd ones: 1000 + 500 distinct.
	want := float64(batches*size + batches*size/2)
	if n := ts.withToken("adminRead").reportFigure("csat.n"); n != want {
		t.Errorf("engine: csat n = %v, want %v", n, want)
	}
	ts.stop()
	ts.open()
	if n := ts.withToken("adminRead").reportFigure("csat.n"); n != want {
		t.Errorf("store (after a restart): csat n = %v, want %v", n, want)
	}
}
