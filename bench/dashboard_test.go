package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/demo"
	"github.com/klantpuls/klantpuls/internal/web"
)

// BenchmarkDashboardPages measures the server time of each dashboard page on the demo year
// (issue 4: under 100 ms each), with the clock in the middle of the data's last month.
func BenchmarkDashboardPages(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	a, err := app.Open(ctx, filepath.Join(dir, "demo.db"), config.Default())
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	loc := a.Config.Timezone
	until := time.Date(2026, 11, 1, 0, 0, 0, 0, loc)
	_, err = a.Bulk(ctx, func(put func(cx.Record) error) error {
		return demo.Generate(demo.Options{Seed: 1, Location: loc, From: until.AddDate(-1, 0, 0), Days: 365},
			func(_ cx.Kind, batch []cx.Record) error {
				for _, r := range batch {
					if err := put(r); err != nil {
						return err
					}
				}
				return nil
			})
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := a.LoadEngine(ctx); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 10, 20, 12, 0, 0, 0, loc)
	get := dashboard(b, a, now)
	for _, page := range []string{"/?period=month", "/?period=quarter", "/?period=year", "/service?period=month",
		"/service?period=quarter", "/backlog?period=month", "/backlog?period=year", "/team?period=month", "/customers?period=quarter", "/feedback?period=month",
		"/customers/C000123"} {
		b.Run(page, func(b *testing.B) {
			for range b.N {
				get(b, page)
			}
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/page")
		})
	}
}

// dashboard signs an administrator in on a dashboard server of a, with the clock at now, and
// returns a function that loads a page, failing the (sub-)benchmark on any answer but 200.
func dashboard(b *testing.B, a *app.App, now time.Time) func(b *testing.B, page string) {
	ctx := context.Background()
	// A database kept with BENCH_DIR has the users of earlier runs.
	email := fmt.Sprintf("bench-%d@example.com", time.Now().UnixNano())
	u, err := a.CreateUser(ctx, email, "a long enough password", cx.RoleAdmin, "", "", now)
	if err != nil {
		b.Fatal(err)
	}
	plain, hash := auth.NewSessionSecret()
	if err := a.CreateSession(ctx, &cx.Session{Hash: hash, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		b.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	h := web.New(web.Options{App: a, Log: quiet, Now: func() time.Time { return now }}).Handler()
	return func(b *testing.B, page string) {
		req := httptest.NewRequest("GET", page, nil)
		req.AddCookie(&http.Cookie{Name: "klantpuls_session", Value: plain})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("%s: %d", page, rec.Code)
		}
	}
}
