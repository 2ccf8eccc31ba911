package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/nearjson"
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
	dsn := chtest.SharedCluster(t).NewDatabase(t)
	p := goldenProject(t)
	p.withConfig(fmt.Sprintf("[engine]\nkind = \"clickhouse\"\nclickhouse = %q\n", dsn))
	eachGolden(t, p, func(t *testing.T, path, got string) {
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		nearjson.Same(t, "", nearjson.DecodeText(t, got), nearjson.DecodeText(t, string(want)))
	})
}
