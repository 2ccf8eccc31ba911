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

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hook"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
)

// TestCourseAlertTwoNodesOnePostgres: two klantpuls nodes on one PostgreSQL database, each with
// its own engine, judge the same volume rule at the same moment, again and again: the webhook
// gets one post.
func TestCourseAlertTwoNodesOnePostgres(t *testing.T) {
	ctx := context.Background()
	dsn := postgrestest.Fresh(t)
	var posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	open := func() *app.App {
		a, err := app.Open(ctx, dsn, config.Default())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		return a
	}
	first := open()
	if _, err := first.Ingest(ctx, spike()); err != nil {
		t.Fatal(err)
	}
	rule := cx.AlertRule{Name: "Drukte", Condition: cx.AlertVolumeSpike, Webhook: srv.URL, WebhookFormat: "slack", Active: true}
	if err := ValidateRule(&rule, nil); err != nil {
		t.Fatal(err)
	}
	if err := first.CreateAlertRule(ctx, &rule); err != nil {
		t.Fatal(err)
	}
	var nodes []*Service
	for i, holder := range []string{"node-a:1", "node-b:2"} {
		a := first
		if i > 0 {
			a = open()
		}
		if _, err := a.Start(ctx, ""); err != nil {
			t.Fatal(err)
		}
		nodes = append(nodes, New(Service{Rules: a, Course: a, Hook: &hook.Hook{Retries: -1}, BaseURL: "https://klantpuls.example.nl",
			Location: ams, Now: func() time.Time { return judgedAt }, Holder: holder,
			Log: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	}
	var fired atomic.Int32
	for range 3 {
		var wg sync.WaitGroup
		for _, n := range nodes {
			wg.Go(func() {
				f, _, err := n.Judge(ctx)
				if err != nil {
					t.Error(err)
				}
				fired.Add(int32(f))
			})
		}
		wg.Wait()
	}
	if fired.Load() != 1 || posts.Load() != 1 {
		t.Errorf("fired %d, %d posts; want 1 and 1", fired.Load(), posts.Load())
	}
}
