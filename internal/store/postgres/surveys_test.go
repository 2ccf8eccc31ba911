package postgres

import (
	"context"
	"io/fs"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

func TestSurveys(t *testing.T) {
	storetest.Surveys(t, func(t *testing.T) store.Surveys {
		s, _ := openFresh(t)
		return s
	})
}

func TestAccountsAndSurveysSurviveReopen(t *testing.T) {
	storetest.Reopen(t, func(t *testing.T) (storetest.AccountsAndSurveys, func(*testing.T) storetest.AccountsAndSurveys) {
		s, dsn := openFresh(t)
		return s, func(t *testing.T) storetest.AccountsAndSurveys { return openDSN(t, dsn) }
	})
}

// TestUnsubscribeKeepsTheFirstTime reads what the interface does not show: asking again, in any
// case, leaves the one row at the first time.
func TestUnsubscribeKeepsTheFirstTime(t *testing.T) {
	ctx := context.Background()
	s, _ := openFresh(t)
	day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }
	for _, step := range []struct {
		email string
		day   int
	}{{"Anouk@Shop.nl", 3}, {" anouk@shop.NL ", 4}, {"Anouk@Shop.nl", 2}} {
		if err := s.Unsubscribe(ctx, step.email, day(step.day)); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	var first int64
	if err := s.pool.QueryRow(ctx, "SELECT count(*), max(at) FROM unsubscribes").Scan(&n, &first); err != nil {
		t.Fatal(err)
	}
	if n != 1 || time.Unix(first, 0).UTC() != day(3) {
		t.Errorf("%d rows, at %v; want 1 row kept at the first time %v", n, time.Unix(first, 0).UTC(), day(3))
	}
}

// TestAccountsAndSurveysMigrationsDown runs the Down of the accounts, settings and surveys
// migrations and then their Up again on a store with data.
func TestAccountsAndSurveysMigrationsDown(t *testing.T) {
	ctx := context.Background()
	s, _ := openFresh(t)
	sv := &cx.Survey{Kind: "nps", Name: "Na levering", QuestionNL: "Aanbevelen?", QuestionEN: "Recommend?"}
	if err := s.CreateSurvey(ctx, sv); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(ctx, &cx.User{Email: "anouk@shop.nl", Role: cx.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, stdlib.OpenDBFromPool(s.pool), dir,
		goose.WithLogger(goose.NopLogger()), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 2); err != nil {
		t.Fatal(err)
	}
	tables := func() int {
		var n int
		err := s.pool.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'
			AND tablename = ANY($1)`, []string{"users", "sessions", "tokens", "setup_links", "settings",
			"surveys", "invitations", "unsubscribes", "sites", "alert_rules", "alerts", "followups"}).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := tables(); n != 0 {
		t.Errorf("%d account, settings and survey tables after Down, want 0", n)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if n := tables(); n != 12 {
		t.Errorf("%d account, settings and survey tables after Up, want 12", n)
	}
	if got, err := s.ListSurveys(ctx); err != nil || len(got) != 0 {
		t.Errorf("ListSurveys after Down and Up = %+v, %v; want none", got, err)
	}
	if n, err := s.CountUsers(ctx); err != nil || n != 0 {
		t.Errorf("CountUsers after Down and Up = %d, %v; want 0", n, err)
	}
}
