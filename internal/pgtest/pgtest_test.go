package pgtest

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

func TestDatabases(t *testing.T) {
	s := Shared(t)
	a, b := s.NewDatabase(t), s.NewDatabase(t)
	if a == b {
		t.Fatal("two tests share a database")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var v string
	if err := conn.QueryRow(ctx, "SHOW server_version").Scan(&v); err != nil || v == "" {
		t.Fatalf("version %q: %v", v, err)
	}
	t.Logf("PostgreSQL %s", v)
}

// TestDatabaseFromTemplate: a database made from a template holds what the template's
// preparation wrote, the template is prepared once, and two copies are apart.
func TestDatabaseFromTemplate(t *testing.T) {
	s := Shared(t)
	prepared := 0
	prepare := func(dsn string) error {
		prepared++
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('from the template')")
		return err
	}
	a, b := s.NewDatabaseFrom(t, "test", prepare), s.NewDatabaseFrom(t, "test", prepare)
	if prepared != 1 {
		t.Errorf("the template was prepared %d times, want once", prepared)
	}
	ctx := context.Background()
	read := func(dsn string) []string {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		rows, err := conn.Query(ctx, "SELECT v FROM kept ORDER BY v")
		if err != nil {
			t.Fatal(err)
		}
		vs, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return vs
	}
	conn, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "INSERT INTO kept VALUES ('only in a')"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	if got := read(a); len(got) != 2 || got[0] != "from the template" || got[1] != "only in a" {
		t.Errorf("copy a holds %q", got)
	}
	if got := read(b); len(got) != 1 || got[0] != "from the template" {
		t.Errorf("copy b holds %q, want only the template's row", got)
	}
}
