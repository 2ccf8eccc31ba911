package main

import (
	"context"
	"encoding/json"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/clickhouse"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestServeShipsToClickHouse starts `klantpuls serve` with $KLANTPULS_CLICKHOUSE: what was
// stored before it started, and what another process imports while it runs, reach ClickHouse;
// stopped, it gives the lease of shipping back before it returns.
func TestServeShipsToClickHouse(t *testing.T) {
	dsn := chtest.Shared(t).NewDatabase(t)
	p := newProject(t)
	p.mustImport("tickets", "ticket_id,created_at,team\nT1,2026-03-02 10:00,Support\nT2,2026-03-02 11:00,Support\n")
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	t.Setenv("KLANTPULS_CLICKHOUSE", dsn)
	t.Setenv("KLANTPULS_ADMIN_EMAIL", "admin@example.com")
	t.Setenv("KLANTPULS_ADMIN_PASSWORD", "a long enough password")
	ctx, cancel := context.WithCancel(context.Background())
	var errOut strings.Builder
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--db", p.db, "serve", "--addr", addr}, &strings.Builder{}, &syncWriter{w: &errOut})
	}()
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cancel()
			if code := <-done; code != 0 {
				t.Errorf("serve: exit %d", code)
			}
		}
	}
	defer stop()
	ch, err := clickhouse.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Close()
	waitCount(t, ch, 2)
	p.mustImport("tickets", "ticket_id,created_at\nT3,2026-03-03 09:00\n") // another process's write
	waitCount(t, ch, 3)
	stop()
	logs := errOut.String()
	for _, want := range []string{`"msg":"shipping to ClickHouse"`, `"msg":"shipped to ClickHouse"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
	// serve waits for its shipper to give the lease back before the store closes: another
	// node takes it at once, not when its term has run out.
	a, err := app.Open(context.Background(), p.db, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if took, err := a.ClaimSync(context.Background(), "lease:clickhouse-ship", "another node", time.Now(), time.Minute); err != nil || !took {
		t.Errorf("another node taking the lease of shipping after serve stopped: %v, %v; want it taken\n%s", took, err, logs)
	}
}

// waitCount waits (up to 20 s: the shipper polls SQLite every second) for ClickHouse to hold
// want tickets.
func waitCount(t *testing.T, ch *clickhouse.DB, want int) {
	t.Helper()
	var got int
	var err error
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if got, err = ch.Count(context.Background(), cx.KindTickets, clickhouse.Final); err == nil && got == want {
			return
		}
	}
	t.Fatalf("ClickHouse holds %d tickets (%v); want %d", got, err, want)
}

func TestServeRefusesABadClickHouse(t *testing.T) {
	p := newProject(t)
	inEnglish(t) // where is the point here; the Dutch is TestFlagMistakesInTheCommandsLanguage
	t.Setenv("KLANTPULS_CLICKHOUSE", "http://ch.internal:8123/kp")
	_, stderr, code := p.run("serve", "--addr", "127.0.0.1:0")
	if code != 2 || !strings.Contains(stderr, "--clickhouse ($KLANTPULS_CLICKHOUSE): not a ClickHouse address") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	t.Setenv("KLANTPULS_CLICKHOUSE", "")
	// A port just closed, not ClickHouse's 9000: a developer's own server there would answer.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	p.config = p.file("klantpuls.toml", "[engine]\nkind = \"clickhouse\"\nclickhouse = \"clickhouse://"+addr+"/kp\"\n")
	_, stderr, code = p.run("serve", "--addr", "127.0.0.1:0")
	if code == 0 || !strings.Contains(stderr, addr) {
		t.Errorf("kind = clickhouse, no server at its address: exit %d:\n%s", code, stderr)
	}
}

// TestServeInClickHouseModeLoadsTheEngineOnUse runs `klantpuls serve` with kind = "clickhouse":
// it is ready without the engine, the report API (2 promoters of the 3 NPS answers imported,
// counted by hand), the overview and the team page leave it unloaded (the engine gauge of
// /metrics stays 0 with 3 records stored), and a drill-down loads it once, with the log's line.
func TestServeInClickHouseModeLoadsTheEngineOnUse(t *testing.T) {
	dsn := chtest.Shared(t).NewDatabase(t)
	p := newProject(t)
	p.mustImport("responses", "response_id,survey,score,submitted_at\nR1,nps,10,2026-03-02 10:00\nR2,nps,9,2026-03-03 10:00\nR3,nps,3,2026-03-04 10:00\n")
	cfg := p.file("ch.toml", "[engine]\nkind = \"clickhouse\"\nclickhouse = \""+dsn+"\"\n")
	n := startNode(t, p.db, "--config", cfg)
	b := login(t, n)
	const march = "from=2026-03-01&to=2026-04-01"
	promoters := -1
	for deadline := time.Now().Add(20 * time.Second); promoters != 2 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		_, body := b.get("/api/v1/report?" + march) // 0 until the shipper shipped them
		var doc struct {
			Groups []struct {
				Metrics struct{ NPS struct{ Promoters int } }
			}
		}
		if json.Unmarshal([]byte(body), &doc) == nil && len(doc.Groups) == 1 {
			promoters = doc.Groups[0].Metrics.NPS.Promoters
		}
	}
	if promoters != 2 {
		t.Fatalf("report from ClickHouse: %d promoters, want 2\n%s", promoters, n.log())
	}
	for _, page := range []string{"/?" + march, "/team?" + march} {
		if code, _ := b.get(page); code != 200 {
			t.Errorf("%s: %d", page, code)
		}
	}
	const loading = "the in-memory engine is loading for drill-downs: ClickHouse does not answer it yet"
	if _, metrics := b.get("/metrics"); !strings.Contains(metrics, "\nklantpuls_engine_records 0\n") || strings.Contains(n.log(), "engine is loading") {
		t.Fatalf("the engine was loaded for the report, the overview or the team page:\n%s", n.log())
	}
	if code, _ := b.get("/drill?metric=nps&" + march); code != 200 {
		t.Errorf("drill-down: %d", code)
	}
	if _, metrics := b.get("/metrics"); !strings.Contains(metrics, "\nklantpuls_engine_records 3\n") || strings.Count(n.log(), loading) != 1 {
		t.Errorf("after a drill-down the engine holds the 3 records, its load logged once:\n%s", n.log())
	}
}

// pageText is a page's visible text and numbers, without what differs per node or request
// (tokens, nonces, times of day).
func pageText(body string) string {
	body = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>`).ReplaceAllString(body, " ")
	body = regexp.MustCompile(`(?s)<[^>]+>`).ReplaceAllString(body, " ")
	body = regexp.MustCompile(`\b\d{1,2}:\d{2}(:\d{2})?\b`).ReplaceAllString(body, "HH:MM")
	body = regexp.MustCompile(`(berekend in|computed in) [0-9.,]+ m?s`).ReplaceAllString(body, "$1 …")
	return strings.Join(strings.Fields(body), " ")
}

// TestFirstScreenOpensOnTheMonthShipped: the first screen opens on the last full month that
// has data (README; web.defaultPeriod). On a ClickHouse node the months with data are asked of
// ClickHouse, which lags the store until the shipper (here another node, holding the lease)
// has shipped; once it has, the first screen must open on the month with data — here June
// 2026 — not on an empty November. A few tickets will do: the demo year took a minute of CPU
// to make and ship under the race detector.
func TestFirstScreenOpensOnTheMonthShipped(t *testing.T) {
	ctx := context.Background()
	dsn := chtest.Shared(t).NewDatabase(t)
	p := newProject(t) // data up to 2026-07-01
	p.mustImport("tickets", "ticket_id,created_at,channel\nT-1,2026-04-20 09:00,E-mail\nT-2,2026-05-11 10:30,Telefoon\nT-3,2026-06-03 14:00,E-mail\nT-4,2026-06-29 16:45,Chat\n")
	a, err := app.Open(ctx, p.db, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	// Another node ships: it holds the lease.
	if took, err := a.ClaimSync(ctx, "lease:clickhouse-ship", "node A", time.Now(), 10*time.Minute); err != nil || !took {
		t.Fatalf("lease: %v %v", took, err)
	}
	cfg := p.file("ch.toml", "[engine]\nkind = \"clickhouse\"\nclickhouse = \""+dsn+"\"\n")
	n := startNode(t, p.db, "--config", cfg)
	b := login(t, n)
	if code, _ := b.get("/"); code != 200 {
		t.Fatalf("first screen: %d", code)
	}
	// Node A ships everything.
	db, err := clickhouse.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := a.NewShipper(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ship(ctx); err != nil {
		t.Fatal(err)
	}
	// The node's reports have the records now.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		_, body := b.get("/api/v1/report?from=2026-06-01&to=2026-07-01")
		if strings.Contains(body, `"created": `) && !strings.Contains(body, `"created": 0`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the node's report never held June's tickets:\n%s", body)
		}
	}
	time.Sleep(2 * time.Second)
	_, page := b.get("/")
	text := pageText(page)
	if !strings.Contains(text, "1 jun 2026 – 30 jun 2026") {
		i := strings.Index(strings.ToLower(text), "2026")
		t.Errorf("after the records were shipped the first screen does not open on June 2026 (the last month with data):\n…%s…", text[max(0, i-300):min(len(text), i+300)])
	}
	// A node started now (the same database, the same ClickHouse) opens on June.
	n2 := startNode(t, p.db, "--config", cfg)
	if _, page := login(t, n2).get("/"); !strings.Contains(pageText(page), "1 jun 2026 – 30 jun 2026") {
		t.Errorf("a node started after the shipping does not open on June 2026 either")
	}
}
