package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/chtest"
)

// metricValue is the value of the series name (no labels) in a Prometheus text page, and
// whether the page has it.
func metricValue(page, name string) (float64, bool) {
	for _, line := range strings.Split(page, "\n") {
		if value, ok := strings.CutPrefix(line, name+" "); ok {
			v, err := strconv.ParseFloat(value, 64)
			return v, err == nil
		}
	}
	return 0, false
}

// TestShipperLagMetrics runs `klantpuls serve --clickhouse` through a relay in front of a real
// ClickHouse and reads /metrics over HTTP: once the shipper caught up on the three answers
// imported, the store's newest change is 3 (a change a record), ClickHouse's 3 and the lag 0;
// with the relay closed (ClickHouse unreachable) an answer imported beside the server makes the
// store's newest change 4 while ClickHouse's stays 3, and the lag grows as time passes.
func TestShipperLagMetrics(t *testing.T) {
	dsn, relay := chtest.Shared(t).NewRelayedDatabase(t)
	p := newProject(t)
	if onPostgres {
		t.Skip("a SQLite file, imported into beside the server")
	}
	p.mustImport("responses", "response_id,survey,score,submitted_at\nR1,nps,10,2026-03-02 10:00\nR2,nps,9,2026-03-03 10:00\nR3,nps,3,2026-03-04 10:00\n")
	n := startNode(t, p.db, "--clickhouse", dsn)
	b := login(t, n)
	type lag struct {
		last, shipped, behind float64
		shipping              bool
	}
	read := func() lag {
		t.Helper()
		code, page := b.get("/metrics")
		if code != 200 {
			t.Fatalf("/metrics: %d", code)
		}
		var l lag
		var ok bool
		if l.last, ok = metricValue(page, "klantpuls_store_last_change"); !ok {
			t.Fatalf("/metrics without klantpuls_store_last_change:\n%s", page)
		}
		l.shipped, l.shipping = metricValue(page, "klantpuls_clickhouse_shipped_change")
		l.behind, _ = metricValue(page, "klantpuls_clickhouse_behind_seconds")
		return l
	}
	var got lag
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if got = read(); got.shipped == 3 {
			break
		}
	}
	if want := (lag{last: 3, shipped: 3, behind: 0, shipping: true}); got != want {
		t.Fatalf("caught up: %+v, want %+v\n%s", got, want, n.log())
	}

	relay.Close()
	p.mustImport("responses", "response_id,survey,score,submitted_at\nR4,nps,8,2026-03-05 10:00\n")
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if got = read(); got.last == 4 {
			break
		}
	}
	if got.last != 4 || got.shipped != 3 || got.behind <= 0 || !got.shipping {
		t.Fatalf("ClickHouse unreachable, one answer imported: %+v, want the store at 4, ClickHouse at 3, a lag\n%s", got, n.log())
	}
	time.Sleep(1500 * time.Millisecond) // the lag is of wall-clock time: it must grow by as much
	if later := read(); later.behind < got.behind+1.5 || later.shipped != 3 {
		t.Errorf("1.5 s later: %+v, want ClickHouse still at 3 and the lag grown from %.2f by at least 1.5 s", later, got.behind)
	}
}
