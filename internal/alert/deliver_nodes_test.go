package alert

import (
	"context"
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
