package alert

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
)

// countingHook is a webhook receiver that answers ok and counts the calls.
func countingHook(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

// detractorAnswer reads every answer an alert names as an NPS detractor's.
func detractorAnswer(ctx context.Context, id string) (*cx.Response, error) {
	return &cx.Response{ID: id, Survey: "nps", Score: 2}, nil
}

// TestQueuesApart: answer alerts and KPI alerts are sent by two loops (Deliver and Judge), each
// reading at most a hundred pending alerts a round. Each loop reads only its own kind, so a
// hundred and twenty older alerts of the other kind waiting (a webhook down) hold nothing back.
func TestQueuesApart(t *testing.T) {
	ctx := context.Background()
	deliver := func(w *world) (int, error) { return w.svc.Deliver(ctx, detractorAnswer) }
	judge := func(w *world) (int, error) { _, n, err := w.svc.Judge(ctx); return n, err }
	for _, tc := range []struct {
		name          string
		olderKPI      bool // the 120 older alerts are the KPI rule's, the newer one the answer rule's
		sendsTheNewer func(*world) (int, error)
	}{
		{"an answer alert behind KPI alerts", true, deliver},
		{"a KPI alert behind answer alerts", false, judge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, calls := countingHook(t)
			w := plant(t, nil, nil, nil)
			kpi := w.rule(t, cx.AlertRule{Condition: cx.AlertVolumeSpike}, srv.URL, hook.FormatGeneric)
			detractor := w.rule(t, cx.AlertRule{Condition: cx.AlertNPSDetractor}, srv.URL, hook.FormatSlack)
			older, newer := detractor.ID, kpi.ID
			if tc.olderKPI {
				older, newer = newer, older
			}
			pending := func(rule int64, id string, at time.Time) {
				t.Helper()
				if _, err := w.app.CreateAlert(ctx, &cx.Alert{RuleID: rule, ResponseID: id, CreatedAt: at,
					Message: `{"title":"x","text":"x"}`}); err != nil {
					t.Fatal(err)
				}
			}
			for i := range 120 {
				pending(older, fmt.Sprintf("R%d", i), w.now.Add(-time.Hour))
			}
			pending(newer, "R-newer", w.now)
			if n, err := tc.sendsTheNewer(w); err != nil || n != 1 || calls.Load() != 1 {
				t.Errorf("delivered %d, %d calls, %v; want the newer alert alone", n, calls.Load(), err)
			}
		})
	}
}
