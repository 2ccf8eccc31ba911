package engine

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// chunkedWays runs fn with the surveys pass in one chunk and in surveyChunks (every engine
// counts as large), each with the latest answers in the grid and in the slots.
func chunkedWays(t *testing.T, fn func(t *testing.T)) {
	for _, way := range []struct {
		name    string
		records uint32
		bytes   int
	}{{"one pass, grid", 1 << 30, maxLatestGridBytes}, {"one pass, slots", 1 << 30, 0},
		{"chunks, grid", 1, maxLatestGridBytes}, {"chunks, slots", 1, 0}} {
		t.Run(way.name, func(t *testing.T) {
			defer func(n uint32, b int) { chunkedRecords, maxLatestGridBytes = n, b }(chunkedRecords, maxLatestGridBytes)
			chunkedRecords, maxLatestGridBytes = way.records, way.bytes
			fn(t)
		})
	}
}

// TestLatestVoiceAcrossChunks: four answers in four chunks, each customer's latest in another
// chunk than their other answer. C1 answers 10 on 4 May (chunk 1) and 0 on the 5th (chunk 3):
// the 0 counts, a detractor. C2 answers 9 on the 6th (chunk 2) and 7 on the 5th (chunk 4): the
// 9 counts, a promoter, though stored before. 4–8 May: 1 promoter, 1 detractor, NPS 0 of n 2
// (the last chunk winning gives -50, the first +100, every answer n 4). The days: the 4th C1's
// 10; the 5th C1's 0 and C2's 7; the 6th C2's 9. By agent (r1 and r2 A's, r3 and r4 B's), a
// voice counts in its answer's group: A the promoter, B the detractor.
func TestLatestVoiceAcrossChunks(t *testing.T) {
	e := newEngine(t)
	e.Apply(
		&cx.Customer{ID: "C1", AcquiredAt: at("2026-01-05 10:00")},
		&cx.Customer{ID: "C2", AcquiredAt: at("2026-01-05 10:00")},
		&cx.Response{ID: "r1", Agent: "A", CustomerID: "C1", Survey: cx.SurveyNPS, Score: 10, SubmittedAt: at("2026-05-04 10:00")},
		&cx.Response{ID: "r2", Agent: "A", CustomerID: "C2", Survey: cx.SurveyNPS, Score: 9, SubmittedAt: at("2026-05-06 10:00")},
		&cx.Response{ID: "r3", Agent: "B", CustomerID: "C1", Survey: cx.SurveyNPS, Score: 0, SubmittedAt: at("2026-05-05 10:00")},
		&cx.Response{ID: "r4", Agent: "B", CustomerID: "C2", Survey: cx.SurveyNPS, Score: 7, SubmittedAt: at("2026-05-05 10:00")},
	)
	type voices struct{ promoters, passives, detractors int }
	got := func(gs []Group) voices {
		n := gs[0].Metrics.NPS
		return voices{n.Promoters, n.Passives, n.Detractors}
	}
	chunkedWays(t, func(t *testing.T) {
		for _, step := range []Step{NoStep, StepDay} { // the days tile the period: its latest is theirs
			res, err := e.Query(Query{From: day("2026-05-04"), To: day("2026-05-08"), Step: step})
			if err != nil {
				t.Fatal(err)
			}
			if g, w := got(res.Groups), (voices{promoters: 1, detractors: 1}); g != w || *res.Groups[0].Metrics.NPS.Value != 0 {
				t.Errorf("4–8 May (step %q): %+v, NPS %v; want %+v, NPS 0", step, g, *res.Groups[0].Metrics.NPS.Value, w)
			}
			split, err := e.Query(Query{From: day("2026-05-04"), To: day("2026-05-08"), Step: step, By: ByAgent})
			if err != nil {
				t.Fatal(err)
			}
			if gs := split.Groups; len(gs) != 2 || got(gs[:1]) != (voices{promoters: 1}) || got(gs[1:]) != (voices{detractors: 1}) {
				t.Errorf("4–8 May by agent (step %q): %d groups, A %+v; want A a promoter, B a detractor", step, len(gs), got(gs))
			}
			for i, w := range []voices{{promoters: 1}, {passives: 1, detractors: 1}, {promoters: 1}, {}} {
				if step == NoStep {
					break
				}
				if g := got(res.Buckets[i].Groups); g != w {
					t.Errorf("%s: %+v, want %+v", res.Buckets[i].From.Format("2 Jan"), g, w)
				}
			}
		}
	})
}

// TestSurveyChunksGiveOnePassFigures: the surveys pass in chunks gives the figures of one pass,
// to the last bit, on the demo year: split and not, with a previous period and buckets, with
// the latest answers in the grid and in the slots.
func TestSurveyChunksGiveOnePassFigures(t *testing.T) {
	e, err := demoEngine()
	if err != nil {
		t.Fatal(err)
	}
	queries := []Query{
		{From: day("2026-01-01"), To: day("2026-10-01"), Parts: PartSurveys},
		{From: day("2026-07-01"), To: day("2026-10-01"), By: ByAgent},
		{From: day("2025-11-01"), To: day("2026-10-21"), Step: StepMonth, PreviousFrom: day("2024-11-12"), Parts: PartSurveys},
		{From: day("2026-03-01"), To: day("2026-04-01"), Step: StepDay, By: BySegment, Parts: PartSurveys},
	}
	answers := map[string][]string{}
	chunkedWays(t, func(t *testing.T) { answers[t.Name()] = answersJSON(t, e, queries) })
	want := answers[t.Name()+"/one_pass,_grid"]
	for way, got := range answers {
		for i := range queries {
			if got[i] != want[i] {
				t.Errorf("%s, query %d: another report than one pass with the grid", way, i)
			}
		}
	}
}
