package chtest

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2"
)

func TestMain(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

func TestServer(t *testing.T) {
	s := Shared(t)
	a, b := s.NewDatabase(t), s.NewDatabase(t)
	if a == b || !strings.HasPrefix(a, "clickhouse://127.0.0.1:") {
		t.Fatalf("databases %q and %q", a, b)
	}
	conn, err := clickhouse.Open(&clickhouse.Options{Addr: []string{s.Addr()}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var v string
	if err := conn.QueryRow(context.Background(), "SELECT version()").Scan(&v); err != nil || v == "" {
		t.Fatalf("version %q: %v", v, err)
	}
	t.Logf("ClickHouse %s", v)
}
