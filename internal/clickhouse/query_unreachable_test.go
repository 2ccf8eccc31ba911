package clickhouse

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// TestUnreachableIsUnavailable: a report asked while ClickHouse does not answer (stopped,
// restarted, its machine gone) is cx.EUNAVAILABLE — the API's 503, "try again" — naming the
// server, not an internal error: the API answered 500 "something went wrong on our side" for
// as long as an operator had ClickHouse stopped. The server is reached through a relay on
// loopback, which the test closes as a stopped ClickHouse closes its port.
func TestUnreachableIsUnavailable(t *testing.T) {
	db, relay := openRelayed(t)
	q := NewQuerier(db, engine.Options{Timezone: time.UTC})
	query := engine.Query{From: june10(1), To: june10(30), Parts: engine.PartTicketCounts}
	if _, err := q.Answer(context.Background(), query); err != nil {
		t.Fatalf("while ClickHouse answers: %v", err)
	}
	relay.Close()
	_, err := q.Answer(context.Background(), query)
	if code := cx.ErrorCode(err); code != cx.EUNAVAILABLE || !strings.Contains(err.Error(), relay.Addr()) {
		t.Errorf("while ClickHouse does not answer: %s %v; want %s naming %s", code, err, cx.EUNAVAILABLE, relay.Addr())
	}
}

// TestDroppedIsUnavailable: a report asked in the moment after `klantpuls clickhouse rebuild`
// dropped the database, before the shipper made it again, is cx.EUNAVAILABLE naming the server
// — try again — not an internal error (the API answered 500 "something went wrong on our side").
func TestDroppedIsUnavailable(t *testing.T) {
	db := open(t)
	q := NewQuerier(db, engine.Options{Timezone: time.UTC})
	query := engine.Query{From: june10(1), To: june10(30), Parts: engine.PartTicketCounts}
	if _, err := q.Answer(context.Background(), query); err != nil {
		t.Fatalf("before the drop: %v", err)
	}
	chtest.Shared(t).Exec(t, "DROP DATABASE "+db.name)
	_, err := q.Answer(context.Background(), query)
	if code := cx.ErrorCode(err); code != cx.EUNAVAILABLE || !strings.Contains(err.Error(), db.Where()) {
		t.Errorf("after the drop: %s %v; want %s naming %s", code, err, cx.EUNAVAILABLE, db.Where())
	}
}

// TestNamesKeptWhileUnreachable: the dashboard's filter boxes list a dimension's names from
// ClickHouse; while it does not answer (a relay on loopback, closed as a stopped ClickHouse
// closes its port) they are the names last read, where the boxes went empty. A dimension never
// read before has none to keep, and says ClickHouse does not answer.
func TestNamesKeptWhileUnreachable(t *testing.T) {
	db, relay := openRelayed(t)
	ticketShipper(t, db)(
		&cx.Ticket{ID: "t1", CreatedAt: june10(2), Channel: "Email", Team: "Retour"},
		&cx.Ticket{ID: "t2", CreatedAt: june10(3), Channel: "chat", Team: "Sales"},
	)
	q := NewQuerier(db, engine.Options{Timezone: time.UTC})
	ctx := context.Background()
	want := map[engine.Dim][]string{engine.ByChannel: {"Email", "chat"}, engine.ByTeam: {"Retour", "Sales"}}
	for d, names := range want {
		if got, err := q.Names(ctx, d); err != nil || !slices.Equal(got, names) {
			t.Fatalf("%s while ClickHouse answers: %q, %v; want %q", d, got, err, names)
		}
	}
	relay.Close()
	for d, names := range want {
		if got, err := q.Names(ctx, d); err != nil || !slices.Equal(got, names) {
			t.Errorf("%s while ClickHouse does not answer: %q, %v; want the names last read, %q", d, got, err, names)
		}
	}
	if got, err := q.Names(ctx, engine.ByAgent); err == nil || !strings.Contains(err.Error(), relay.Addr()) {
		t.Errorf("agents, never read, while ClickHouse does not answer: %q, %v; want an error naming %s", got, err, relay.Addr())
	}
}
