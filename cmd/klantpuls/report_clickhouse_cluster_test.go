package main

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/chtest"
)

// TestReportFromClickHouseCluster is TestReportFromClickHouse on a cluster of two real servers,
// each a shard (clickhouse://…?cluster=NAME: local tables behind Distributed ones): the whole
// report JSON of every --by, over a year and a month, equals the in-memory engine's golden
// files, so the records spread over the shards are read as one server reads them.
func TestReportFromClickHouseCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo year takes a few seconds")
	}
	if raceDetector {
		t.Skip("twelve reports of the demo year from ClickHouse take minutes under -race; make test runs this without it")
	}
	goldensFromClickHouse(t, chtest.SharedCluster(t).NewDatabase(t))
}
