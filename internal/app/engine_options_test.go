package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// TestSnapshotUnderOtherHours: business seconds are derived with the configured hours when a
// record is applied, so a snapshot made under other hours — the default hours, a team's, or
// the time zone — is refused at start and the engine is loaded from the store instead. Other
// settings are read at query time and keep the snapshot.
func TestSnapshotUnderOtherHours(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, snapshot := filepath.Join(dir, "k.db"), filepath.Join(dir, "engine.snapshot")
	parse := func(text string) *config.Config {
		cfg, err := config.Parse([]byte(text), "klantpuls.toml")
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	made := parse("")
	a, err := Open(ctx, db, made)
	if err != nil {
		t.Fatal(err)
	}
	ams := made.Timezone
	// Monday 4 May 2026, 09:00 to 11:00: two business hours in office hours (09–17).
	created := time.Date(2026, 5, 4, 9, 0, 0, 0, ams)
	if _, err := a.Ingest(ctx, []cx.Record{&cx.Ticket{ID: "T1", CreatedAt: created, Team: "Support BE",
		FirstReplyAt: created.Add(2 * time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.SaveSnapshot(snapshot); err != nil {
		t.Fatal(err)
	}
	a.Close()
	cases := []struct {
		name, config string
		kept         bool
		business     float64 // first response in business seconds
	}{
		{"the same settings", "", true, 7200},
		{"another CSAT threshold", "[surveys.csat]\npositive_min = 5\n", true, 7200},
		{"a team's own hours", "[hours.team.\"support be\"]\nmon = [\"10:00-17:00\"]\n", false, 3600},
		{"other default hours", "[hours.default]\nmon = [\"10:30-17:00\"]\n", false, 1800},
		// 08:00 to 10:00 in London, where office hours start at 09:00 too.
		{"another time zone", "timezone = \"Europe/London\"\n", false, 3600},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := Open(ctx, db, parse(c.config))
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			kept, err := b.Start(ctx, snapshot)
			if err != nil || kept != c.kept {
				t.Fatalf("started from the snapshot: %v (%v), want %v", kept, err, c.kept)
			}
			groups, err := b.Report(ctx, engine.Query{From: time.Date(2026, 5, 1, 0, 0, 0, 0, ams), To: time.Date(2026, 6, 1, 0, 0, 0, 0, ams)})
			if err != nil {
				t.Fatal(err)
			}
			if got := groups[0].Metrics.FirstResponse.Business.Mean; got == nil || *got != c.business {
				t.Errorf("first response %v business seconds, want %v", got, c.business)
			}
		})
	}
}
