package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
)

// loadWorld is 30 customers, 2,100 tickets and 2,100 answers — each kind more than two of the
// reader's batches — written answers first, so the database's insertion order is not the
// kinds' order; some tickets name customers that are not stored and some answers tickets that
// are not, which the engine interns on first sight. Then one ticket is written again: it keeps
// its place (first-insertion order). 4,230 records in all, and 220 ids named only: customers
// c30–c39 and the 210 "gone" tickets.
func loadWorld(t *testing.T) [][]cx.Record {
	var tickets, answers, customers []string
	for i := range 2100 {
		tickets = append(tickets, fmt.Sprintf(`{"ticket_id":"t%d","customer_id":"c%d","created_at":"2026-03-%02d 09:00",`+
			`"channel":"email","team":"Support","first_reply_at":"2026-03-%02d 10:00"}`, i, i%40, i%28+1, i%28+1))
		ticket := fmt.Sprintf("t%d", (i*7)%2100)
		if i%10 == 0 {
			ticket = fmt.Sprintf("gone%d", i)
		}
		answers = append(answers, fmt.Sprintf(`{"response_id":"r%d","survey":"csat","score":%d,"submitted_at":"2026-03-%02d 12:00",`+
			`"ticket_id":"%s","comment":"snel geholpen %d","language":"nl","sentiment":0.5}`, i, i%5+1, i%28+1, ticket, i%3))
	}
	for i := range 30 {
		customers = append(customers, fmt.Sprintf(`{"customer_id":"c%d","acquired_at":"2025-01-01"}`, 29-i))
	}
	return [][]cx.Record{
		read(t, cx.KindResponses, "["+strings.Join(answers, ",")+"]"),
		read(t, cx.KindTickets, "["+strings.Join(tickets, ",")+"]"),
		read(t, cx.KindCustomers, "["+strings.Join(customers, ",")+"]"),
		read(t, cx.KindTickets, `{"ticket_id":"t5","customer_id":"c39","created_at":"2026-03-06 09:00","channel":"chat"}`),
	}
}

// TestLoadEngineStreams: the engine LoadEngine builds, reading parts on two goroutines, is the
// engine one goroutine builds by putting every stored record kind after kind — the same rows in
// the same order, byte for byte in its engine file — on both databases, with one part a kind
// and with parts of 97 places (22 of the answers, read in turn by the two readers).
func TestLoadEngineStreams(t *testing.T) {
	for _, db := range []string{"SQLite", "PostgreSQL"} {
		for _, size := range []int{partPlaces, 97} {
			t.Run(fmt.Sprintf("%s/%d", db, size), func(t *testing.T) {
				defer func(was int) { partPlaces = was }(partPlaces)
				partPlaces = size
				testLoadEngineStreams(t, db)
			})
		}
	}
}

func testLoadEngineStreams(t *testing.T, db string) {
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "k.db")
	if db == "PostgreSQL" {
		dsn = postgrestest.Fresh(t)
	}
	a := openEraseAt(t, dsn)
	for _, recs := range loadWorld(t) {
		if _, err := a.Ingest(ctx, recs); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := a.Engine().Records(), 4230+220; got != want {
		t.Errorf("%d records and named ids loaded, want %d", got, want)
	}
	want, err := engine.New(engineOptions(a.Config))
	if err != nil {
		t.Fatal(err)
	}
	l := want.Load()
	for _, kind := range cx.Kinds {
		err := a.store.Stream(ctx, kind, func(r cx.Record) error {
			l.Put(r)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	var got, one bytes.Buffer
	if err := a.Engine().Snapshot(&got, 1); err != nil {
		t.Fatal(err)
	}
	if err := want.Snapshot(&one, 1); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), one.Bytes()) {
		t.Errorf("the streamed load differs from one goroutine's (%d and %d bytes)", got.Len(), one.Len())
	}
}

// TestLoadEngineStops: a failure on either side of the load ends it with that failure and no
// engine — the reader does not wait for ever on a consumer that stopped, nor the consumer on a
// reader that failed.
func TestLoadEngineStops(t *testing.T) {
	ctx := context.Background()
	a := openEraseAt(t, filepath.Join(t.TempDir(), "k.db"))
	for _, recs := range loadWorld(t) {
		if _, err := a.Ingest(ctx, recs); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("the engine side fails", func(t *testing.T) {
		e, err := engine.New(engineOptions(a.Config))
		if err != nil {
			t.Fatal(err)
		}
		l := e.Load()
		defer l.Close()
		stop := errors.New("stop at the 1,500th record")
		n := 0
		err = a.streamInto(ctx, l, func(cx.Record) error {
			if n++; n == 1500 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || n != 1500 {
			t.Errorf("error %v after %d records, want %v after 1500", err, n, stop)
		}
	})
	t.Run("a part's read fails", func(t *testing.T) {
		defer func(was int, s store.Store) { partPlaces, a.store = was, s }(partPlaces, a.store)
		partPlaces = 97
		for _, at := range []int{0, 5, 6} { // the first part, one of each reader (part i is reader i mod 2's)
			boom := fmt.Errorf("the read of part %d failed", at)
			a.store = &failingPart{Store: a.store, at: at, err: boom}
			if err := a.LoadEngine(ctx); !errors.Is(err, boom) {
				t.Errorf("error %v, want %v", err, boom)
			}
			if a.Engine() != nil {
				t.Error("a failed load left an engine")
			}
			a.store = a.store.(*failingPart).Store
		}
	})
	t.Run("the reading side fails", func(t *testing.T) {
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		err := a.LoadEngine(cancelled)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want one of a cancelled context", err)
		}
		if a.Engine() != nil {
			t.Error("a failed load left an engine")
		}
	})
}

// failingPart is a store whose read of the part numbered at — counted across kinds from 0, in
// the order Parts gave them, which readKinds deals to its readers in turn — fails with err,
// after its first record.
type failingPart struct {
	store.Store
	at    int
	err   error
	mu    sync.Mutex
	parts []kindPart // every part Parts gave, in its order
}

func (f *failingPart) Parts(ctx context.Context, kind cx.Kind, size int) ([]store.Part, error) {
	ps, err := f.Store.Parts(ctx, kind, size)
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range ps {
		f.parts = append(f.parts, kindPart{kind: kind, part: p})
	}
	return ps, err
}

func (f *failingPart) StreamPart(ctx context.Context, kind cx.Kind, p store.Part, fn func(cx.Record) error) error {
	f.mu.Lock()
	n := slices.Index(f.parts, kindPart{kind: kind, part: p})
	f.mu.Unlock()
	if n != f.at {
		return f.Store.StreamPart(ctx, kind, p, fn)
	}
	stop := errors.New("first record read")
	err := f.Store.StreamPart(ctx, kind, p, func(r cx.Record) error {
		if err := fn(r); err != nil {
			return err
		}
		return stop
	})
	if errors.Is(err, stop) {
		return f.err
	}
	return err
}
