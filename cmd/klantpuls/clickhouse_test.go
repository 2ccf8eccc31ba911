package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestClickHouseRebuild: without a ClickHouse configured the command refuses, and says nothing
// was dropped; with one (the config's [engine] clickhouse, then --clickhouse) it ships the
// store's records into it and tells how many and how fast.
func TestClickHouseRebuild(t *testing.T) {
	inEnglish(t)
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at,team\nT1,2026-03-02 10:00,Support\nT2,2026-03-02 11:00,Support\n")
	t.Setenv("KLANTPULS_CLICKHOUSE", "")
	_, stderr, code := p.run("clickhouse", "rebuild")
	if code != 2 || !strings.Contains(stderr, "no ClickHouse to rebuild") || !strings.Contains(stderr, "nothing was dropped") {
		t.Errorf("without a ClickHouse: exit %d:\n%s", code, stderr)
	}
	_, stderr, code = p.run("clickhouse", "rebuild", "--clickhouse", "http://ch:8123/kp")
	if code != 2 || !strings.Contains(stderr, "not a ClickHouse address") {
		t.Errorf("a bad address: exit %d:\n%s", code, stderr)
	}

	dsn := chtest.Shared(t).NewDatabase(t)
	p.withConfig("[engine]\nclickhouse = \"" + dsn + "\"\n")
	stdout, stderr, code := p.run("clickhouse", "rebuild")
	if code != 0 || !regexp.MustCompile(`^ClickHouse rebuilt: 2 changes shipped in [0-9.,]+ s \([0-9,]+ a second\)\.\n$`).MatchString(stdout) {
		t.Fatalf("rebuild: exit %d\n%s\n%s", code, stdout, stderr)
	}
	p.mustImport("tickets", "ticket_id,created_at\nT3,2026-03-03 09:00\n")
	p.config = ""
	stdout, stderr, code = p.run("clickhouse", "rebuild", "--clickhouse", dsn)
	if code != 0 || !strings.HasPrefix(stdout, "ClickHouse rebuilt: 3 changes shipped") {
		t.Fatalf("rebuild --clickhouse: exit %d\n%s\n%s", code, stdout, stderr)
	}
	ch, err := clickhouse.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Close()
	if n, err := ch.Count(context.Background(), cx.KindTickets, clickhouse.Final); err != nil || n != 3 {
		t.Errorf("ClickHouse holds %d tickets (%v); want 3", n, err)
	}
}
