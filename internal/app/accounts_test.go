package app

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/pgtest"
)

// TestEmailAddress: an address as a user's is written, up to RFC 5321's 254 bytes; a name with
// it, brackets, spaces around it, two addresses or a password typed in its place are none.
func TestEmailAddress(t *testing.T) {
	local := strings.Repeat("a", 64)
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"anna@example.com", true},
		{"o'brien&co@example.com", true},
		{local + "@" + strings.Repeat("b", 185) + ".nl", true},  // 253 bytes
		{local + "@" + strings.Repeat("b", 186) + ".nl", true},  // 254 bytes
		{local + "@" + strings.Repeat("b", 187) + ".nl", false}, // 255 bytes
		{"Anna <anna@example.com>", false},
		{"<anna@example.com>", false},
		{" anna@example.com", false},
		{"anna@example.com, bram@example.com", false},
		{"Zomer2024!geheim", false},
		{"<b>x</b>@example.com", false},
		{"", false},
	} {
		if got := EmailAddress(tt.s); got != tt.want {
			t.Errorf("EmailAddress(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// openNodesAtOnce opens n Apps on one new, empty PostgreSQL database at the same moment, as n
// nodes started together by a deployment do; each must open (migrations included). The database
// is empty, not a copy of a migrated one (postgrestest.Fresh), so the nodes migrate it at once:
// goose's session lock (postgres.Migrate) lets one do it while the others wait.
func openNodesAtOnce(t *testing.T, n int) ([]*App, string) {
	t.Helper()
	ctx := context.Background()
	dsn := pgtest.Shared(t).NewDatabase(t)
	nodes := make([]*App, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			nodes[i], errs[i] = Open(ctx, dsn, config.Default())
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("node %d did not open: %v", i, err)
		}
		a := nodes[i]
		t.Cleanup(func() { a.Close() })
	}
	return nodes, dsn
}

// TestBootstrapOfNodesStartedTogether: README's production layout starts several `serve` nodes with
// the same environment (KLANTPULS_ADMIN_EMAIL and KLANTPULS_ADMIN_PASSWORD) on an empty
// PostgreSQL. "On first start without users it creates the administrator from
// KLANTPULS_ADMIN_EMAIL and KLANTPULS_ADMIN_PASSWORD": every node must start, one administrator
// made. Today both see no users, both create one, and the second's unique address makes its
// Bootstrap fail ("creating the administrator: … is the address of another user"), which ends
// that node's `serve` with an error.
//
// In production each node's argon2id hash (some 66 ms) lies between its count of the users and
// its insert; the test binary hashes at the least cost, so a third connection holds inserts
// into users back for that long instead (reads go on), as the hashing does.
func TestBootstrapOfNodesStartedTogether(t *testing.T) {
	nodes, dsn := openNodesAtOnce(t, 2)
	ctx := context.Background()
	pgtest.HoldTable(t, dsn, "users", len(nodes)) // released once every node, having counted the users, waits to add one
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	errs := make([]error, len(nodes))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, a := range nodes {
		wg.Go(func() {
			<-start
			errs[i] = a.Bootstrap(ctx, log, "lead@example.nl", "Correct-Horse-Battery-9", nil, "https://klantpuls.example.nl", time.Now())
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("node %d: serve would stop: %v", i, err)
		}
	}
	if n, err := nodes[0].CountUsers(ctx); err != nil || n != 1 {
		t.Errorf("%d users, %v; want the one administrator", n, err)
	}
}
