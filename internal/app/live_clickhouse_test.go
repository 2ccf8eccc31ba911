package app

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// TestLiveUpdatesFollowClickHouse: with reports from ClickHouse a commit tells the dashboards
// nothing yet (a page reloading then would show the figures without it); once the shipper has
// shipped it, KeepAnswersWarm tells them, and the report then counts it.
func TestLiveUpdatesFollowClickHouse(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := config.Default()
	cfg.Engine.Kind = config.EngineClickHouse
	a := openFile(t, filepath.Join(t.TempDir(), "k.db"), cfg)
	if _, err := a.Ingest(ctx, []cx.Record{&cx.Ticket{ID: "T1", CreatedAt: march(2, 10, 0)}}); err != nil {
		t.Fatal(err)
	}
	dsn := chtest.Shared(t).NewDatabase(t)
	closeCH, err := a.AnswerFromClickHouse(ctx, dsn, true)
	if err != nil {
		t.Fatal(err)
	}
	defer closeCH()
	a.DeferEngine("")
	changes, stop := a.Subscribe()
	defer stop()
	done := make(chan struct{}, 2)
	go func() { a.KeepAnswersWarm(ctx); done <- struct{}{} }()
	defer func() { cancel(); <-done }()

	// A ticket at a time until one is told: the watcher's first reading may come after the
	// shipper shipped the first (it tells only of what moved after it first read).
	go func() { a.ShipTo(ctx, dsn, nil); done <- struct{}{} }()
	defer func() { cancel(); <-done }()
	var c Change
	n := 1
	for told := false; !told; {
		n++
		if n > 20 {
			t.Fatal("nothing told of 19 tickets shipped")
		}
		if _, err := a.Ingest(ctx, []cx.Record{&cx.Ticket{ID: fmt.Sprint("T", n), CreatedAt: march(3, 10, 0)}}); err != nil {
			t.Fatal(err)
		}
		select {
		case c := <-changes:
			t.Fatalf("told %+v at the commit, before the shipper shipped it", c)
		default:
		}
		select {
		case c = <-changes:
			told = len(c.Kinds) > 0 // a table settled (a setting written) is told too, of no kind
		case <-time.After(5 * time.Second):
		}
	}
	if !slices.Contains(c.Kinds, cx.KindTickets) {
		t.Errorf("told of %v; want the tickets among them", c.Kinds)
	}
	// The next ticket: told of the tickets' step — tickets, their messages and the answers ship
	// together and their positions move together — and of no other kind.
	n++
	if _, err := a.Ingest(ctx, []cx.Record{&cx.Ticket{ID: fmt.Sprint("T", n), CreatedAt: march(3, 10, 0)}}); err != nil {
		t.Fatal(err)
	}
	// Each tell of a kind is of the tickets' step alone, and the report once told counts the
	// tickets shipped by then: this one at the latest at the tell of its own ship (an earlier
	// tell may be of the ticket before, or of a table settled, which tells of no kind).
	step := []cx.Kind{cx.KindTickets, cx.KindMessages, cx.KindResponses}
	ams := cfg.Timezone
	deadline := time.After(time.Minute)
	for {
		select {
		case c = <-changes:
		case <-deadline:
			t.Fatalf("no tell after which the report counts %d tickets", n)
		}
		if len(c.Kinds) == 0 {
			continue
		}
		if !slices.Contains(c.Kinds, cx.KindTickets) || slices.ContainsFunc(c.Kinds, func(k cx.Kind) bool { return !slices.Contains(step, k) }) {
			t.Errorf("told of %v for a ticket; want the tickets, and only the kinds of their step", c.Kinds)
		}
		groups, err := a.Report(ctx, engine.Query{From: time.Date(2026, 3, 1, 0, 0, 0, 0, ams), To: time.Date(2026, 4, 1, 0, 0, 0, 0, ams)})
		if err != nil || len(groups) != 1 || groups[0].Metrics.Tickets == nil {
			t.Fatalf("the report once told: %+v, %v", groups, err)
		}
		if got := groups[0].Metrics.Tickets.Created; got == n {
			return
		} else if got != n-1 {
			t.Fatalf("the report once told counts %d tickets; want %d, or %d before this one's tell", got, n, n-1)
		}
	}
}
