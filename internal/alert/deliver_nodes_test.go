package alert

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
)

// TestAnswerAlertOneNodeDelivers: two nodes on one database both run the delivery loop over the
// same pending answer alerts; only the node holding the lease sends, so an alert goes out once.
// When that node stops it gives the lease up and the other delivers what is pending.
func TestAnswerAlertOneNodeDelivers(t *testing.T) {
	ctx := context.Background()
	srv, calls := countingHook(t)
	w := plant(t, nil, nil, nil)
	rule := w.rule(t, cx.AlertRule{Condition: cx.AlertNPSDetractor}, srv.URL, hook.FormatSlack)
	answer := detractorAnswer
	node := func(holder string) *Service {
		s := *w.svc
		s.Holder = holder
		return New(s)
	}
	a, b := node("node-a:1"), node("node-b:2")
	pending := func(id string) {
		t.Helper()
		if _, err := w.app.CreateAlert(ctx, &cx.Alert{RuleID: rule.ID, ResponseID: id, CreatedAt: w.now}); err != nil {
			t.Fatal(err)
		}
	}
	pending("R1")
	if n, err := a.Deliver(ctx, answer); err != nil || n != 1 {
		t.Fatalf("node a: delivered %d, %v; want 1", n, err)
	}
	pending("R2")
	if n, err := b.Deliver(ctx, answer); err != nil || n != 0 || calls.Load() != 1 {
		t.Errorf("node b, lease held by a: delivered %d, %d calls, %v; want nothing", n, calls.Load(), err)
	}
	if n, err := a.Deliver(ctx, answer); err != nil || n != 1 || calls.Load() != 2 {
		t.Errorf("node a again: delivered %d, %d calls, %v; want 1, 2", n, calls.Load(), err)
	}
	// a stops: b takes over at once and delivers the next one.
	if err := a.ReleaseDelivery(ctx); err != nil {
		t.Fatal(err)
	}
	pending("R3")
	if n, err := b.Deliver(ctx, answer); err != nil || n != 1 || calls.Load() != 3 {
		t.Errorf("node b after a stopped: delivered %d, %d calls, %v; want 1, 3", n, calls.Load(), err)
	}
	// b dies without a word: past the lease, a delivers again.
	pending("R4")
	w.now = w.now.Add(answerLeaseFor + time.Second)
	if n, err := a.Deliver(ctx, answer); err != nil || n != 1 || calls.Load() != 4 {
		t.Errorf("node a after b's lease lapsed: delivered %d, %d calls, %v; want 1, 4", n, calls.Load(), err)
	}
}

// TestAnswerAlertOnceWhenTheLeaseLapses: two nodes on one database. Node a holds the delivery
// lease (2 minutes) and works a round whose webhook post is slow; past the lease node b takes
// the lease over, but not the alert a is posting: a claimed it in the database (ClaimAlert)
// before posting, so the channel gets it once.
func TestAnswerAlertOnceWhenTheLeaseLapses(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	var bodies []string
	release := make(chan struct{})
	first := make(chan struct{})
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		if calls.Add(1) == 1 {
			close(first)
			<-release // a slow endpoint: node a's post takes long
		}
		w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	w := plant(t, nil, nil, nil)
	rule := w.rule(t, cx.AlertRule{Condition: cx.AlertNPSDetractor}, srv.URL, hook.FormatSlack)
	if _, err := w.app.CreateAlert(ctx, &cx.Alert{RuleID: rule.ID, ResponseID: "R1", CreatedAt: w.now}); err != nil {
		t.Fatal(err)
	}
	var clockMu sync.Mutex
	now := w.now
	clock := func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return now }
	node := func(holder string) *Service {
		return New(Service{Rules: w.app, Course: w.app, Hook: &hook.Hook{Retries: -1}, BaseURL: "https://klantpuls.example.nl",
			Location: ams, Now: clock, Holder: holder, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	}
	a, b := node("node-a:1"), node("node-b:2")
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.Deliver(ctx, detractorAnswer)
	}()
	<-first
	clockMu.Lock()
	now = now.Add(answerLeaseFor + 30*time.Second) // a's post is still under way
	clockMu.Unlock()
	bDone := make(chan struct{})
	go func() {
		defer close(bDone)
		b.Deliver(ctx, detractorAnswer)
	}()
	select {
	case <-bDone:
	case <-time.After(5 * time.Second):
	}
	close(release)
	<-done
	<-bDone
	if n := calls.Load(); n != 1 {
		t.Errorf("the alert of R1 was posted %d times by two nodes, want once", n)
	}
}
