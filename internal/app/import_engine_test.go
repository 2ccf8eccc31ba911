package app

import (
	"context"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// TestImportCatchesUpTheEngine: an import into a server's database brings its loaded engine up
// to date by catching up on the import's changes — the same engine, not a new one loaded from
// every record — and tells the dashboards which kinds changed.
func TestImportCatchesUpTheEngine(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	if _, err := a.Ingest(ctx, []cx.Record{&cx.Response{ID: "R0", Survey: cx.SurveyNPS, Score: 9, SubmittedAt: march(2, 10, 0)}}); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadEngine(ctx); err != nil {
		t.Fatal(err)
	}
	loaded := a.Engine()
	changes, stop := a.Subscribe()
	defer stop()
	res, err := a.Import(ctx, func(put func(cx.Record) error) (int, error) {
		for i, score := range []int{10, 3} {
			if err := put(&cx.Response{ID: []string{"R1", "R2"}[i], Survey: cx.SurveyNPS, Score: score, SubmittedAt: march(3+i, 10, 0)}); err != nil {
				return i, err
			}
		}
		return 2, nil
	}, nil)
	if err != nil || res.Written != 2 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	if a.Engine() != loaded {
		t.Error("the import loaded a new engine instead of catching up the loaded one")
	}
	groups, err := a.Report(ctx, engine.Query{From: march(1, 0, 0), To: march(1, 0, 0).Add(31 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	// Answers 9, 10 and 3: two promoters, one detractor.
	if nps := groups[0].Metrics.NPS; nps == nil || nps.N != 3 || nps.Promoters != 2 || nps.Detractors != 1 {
		t.Errorf("NPS after the import: %+v, want n 3, 2 promoters, 1 detractor", nps)
	}
	if a.Seq() == 0 {
		t.Error("the engine's change number did not move")
	}
	select {
	case c := <-changes:
		if c.Count != 2 || len(c.Kinds) != 1 || c.Kinds[0] != cx.KindResponses {
			t.Errorf("dashboards were told %+v; want a change of 2 responses", c)
		}
	default:
		t.Error("dashboards were not told of the import")
	}
}
