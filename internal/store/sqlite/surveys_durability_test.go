package sqlite

import (
	"context"
	"io/fs"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

func TestAccountsAndSurveysSurviveReopen(t *testing.T) {
	storetest.Reopen(t, func(t *testing.T) (storetest.AccountsAndSurveys, func(*testing.T) storetest.AccountsAndSurveys) {
		s, path := openTest(t)
		return s, func(t *testing.T) storetest.AccountsAndSurveys { return openPath(t, path) }
	})
}

// TestSurveysMigrationDown runs the migration's Down and then its Up again on a store with data.
func TestSurveysMigrationDown(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	sv := &cx.Survey{Kind: "nps", Name: "Na levering", QuestionNL: "Aanbevelen?", QuestionEN: "Recommend?"}
	if err := s.CreateSurvey(ctx, sv); err != nil {
		t.Fatal(err)
	}
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, s.write.DB, dir,
		goose.WithLogger(goose.NopLogger()), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 4); err != nil {
		t.Fatal(err)
	}
	tables := func() int {
		var n int
		err := s.write.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name IN
			('surveys', 'invitations', 'unsubscribes', 'sites', 'alert_rules', 'alerts', 'followups')`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := tables(); n != 0 {
		t.Errorf("%d survey tables after Down, want 0", n)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if n := tables(); n != 7 {
		t.Errorf("%d survey tables after Up, want 7", n)
	}
	if got, err := s.ListSurveys(ctx); err != nil || len(got) != 0 {
		t.Errorf("ListSurveys after Down and Up = %+v, %v; want none", got, err)
	}
}
