package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/chtest"
)

// TestClickHouseGoneSaysSo runs `klantpuls serve` with kind = "clickhouse" and then takes
// ClickHouse away (a relay in front of the real server, closed as a stopped server closes its
// port): the report API answers 503 naming it, and the overview's tiles say their figure was
// not loaded, under the page's note that a part could not be loaded. The tiles said *Niet van
// toepassing bij dit filter* — with no filter chosen — and the API 500.
func TestClickHouseGoneSaysSo(t *testing.T) {
	dsn, relay := chtest.Shared(t).NewRelayedDatabase(t)
	p := newProject(t)
	p.mustImport("responses", "response_id,survey,score,submitted_at\nR1,nps,10,2026-03-02 10:00\nR2,nps,9,2026-03-03 10:00\nR3,nps,3,2026-03-04 10:00\n")
	cfg := p.file("ch.toml", "[engine]\nkind = \"clickhouse\"\nclickhouse = \""+dsn+"\"\n")
	n := startNode(t, p.db, "--config", cfg)
	b := login(t, n)
	const march = "from=2026-03-01&to=2026-04-01"
	promoters := -1
	for deadline := time.Now().Add(20 * time.Second); promoters != 2 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		_, body := b.get("/api/v1/report?" + march)
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
	relay.Close()
	if code, body := b.get("/api/v1/report?" + march); code != 503 || !strings.Contains(body, relay.Addr()) {
		t.Errorf("report API with ClickHouse gone: %d %s; want 503 naming %s", code, body, relay.Addr())
	}
	code, page := b.get("/?" + march)
	text := pageText(page)
	if code != 200 || !strings.Contains(text, "Een deel van deze pagina kon niet worden geladen") {
		t.Fatalf("overview with ClickHouse gone: %d, without the note that a part was not loaded:\n%s", code, text)
	}
	if strings.Contains(text, "Niet van toepassing") || strings.Count(text, "Niet geladen") < 6 {
		t.Errorf("overview with ClickHouse gone: the tiles do not say their figures were not loaded:\n%s", text)
	}
}
