package clickhouse

import (
	"context"
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
	server := chtest.Shared(t)
	dsn := server.NewDatabase(t)
	relay := chtest.NewRelay(t, server.Addr())
	db, err := Open(context.Background(), strings.Replace(dsn, server.Addr(), relay.Addr(), 1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	q := NewQuerier(db, engine.Options{Timezone: time.UTC})
	query := engine.Query{From: june10(1), To: june10(30), Parts: engine.PartTicketCounts}
	if _, err := q.Answer(context.Background(), query); err != nil {
		t.Fatalf("while ClickHouse answers: %v", err)
	}
	relay.Close()
	_, err = q.Answer(context.Background(), query)
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
