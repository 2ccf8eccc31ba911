package engine

import (
	"encoding/json"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestLatestVoiceByHand: one voice per customer per period, the latest answer; in the same
// second the greater id counts, whichever comes first in row order. C1 answers 7 on Monday
// 4 May, then in one second on the 6th 10 (r3) and 0 (r2, stored first): r3 counts, a
// promoter. C2 answers 0 on the 4th and 9 on the 5th: a promoter for the period, but on the
// 4th a detractor. The period 4–8 May: 2 promoters; the 4th: C1's 7 (passive) and C2's 0.
func TestLatestVoiceByHand(t *testing.T) {
	e := newEngine(t)
	e.Apply(
		&cx.Customer{ID: "C1", AcquiredAt: at("2026-01-05 10:00")},
		&cx.Customer{ID: "C2", AcquiredAt: at("2026-01-05 10:00")},
		&cx.Response{ID: "r1", CustomerID: "C1", Survey: cx.SurveyNPS, Score: 7, SubmittedAt: at("2026-05-04 10:00")},
		&cx.Response{ID: "r2", CustomerID: "C1", Survey: cx.SurveyNPS, Score: 0, SubmittedAt: at("2026-05-06 10:00")},
		&cx.Response{ID: "r3", CustomerID: "C1", Survey: cx.SurveyNPS, Score: 10, SubmittedAt: at("2026-05-06 10:00")},
		&cx.Response{ID: "r4", CustomerID: "C2", Survey: cx.SurveyNPS, Score: 9, SubmittedAt: at("2026-05-05 10:00")},
		&cx.Response{ID: "r5", CustomerID: "C2", Survey: cx.SurveyNPS, Score: 0, SubmittedAt: at("2026-05-04 11:00")},
	)
	q := Query{From: day("2026-05-04"), To: day("2026-05-08"), Step: StepDay}
	for _, way := range []struct {
		name  string
		bytes int
	}{{"grid", maxLatestGridBytes}, {"slots", 0}} {
		t.Run(way.name, func(t *testing.T) {
			defer func(n int) { maxLatestGridBytes = n }(maxLatestGridBytes)
			maxLatestGridBytes = way.bytes
			res, err := e.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			type voices struct{ promoters, passives, detractors int }
			got := func(gs []Group) voices {
				n := gs[0].Metrics.NPS
				return voices{n.Promoters, n.Passives, n.Detractors}
			}
			if g, w := got(res.Groups), (voices{promoters: 2}); g != w {
				t.Errorf("4–8 May: %+v, want %+v", g, w)
			}
			for i, w := range []voices{{passives: 1, detractors: 1}, {promoters: 1}, {promoters: 1}, {}} {
				if g := got(res.Buckets[i].Groups); g != w {
					t.Errorf("%s: %+v, want %+v", res.Buckets[i].From.Format("2 Jan"), g, w)
				}
			}
		})
	}
}

// TestLatestVoiceGridOrSlots: the grid and the slots lists give the same report of the demo
// year, split and not, with the previous period and buckets.
func TestLatestVoiceGridOrSlots(t *testing.T) {
	e, err := demoEngine()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []Query{
		{From: day("2025-11-01"), To: day("2026-10-21"), Step: StepMonth, PreviousFrom: day("2024-11-12"), Parts: PartSurveys},
		{From: day("2026-07-01"), To: day("2026-10-01"), Step: StepWeek, By: BySegment, Parts: PartSurveys},
		{From: day("2026-03-01"), To: day("2026-04-01"), Step: StepDay, By: ByAgent, Parts: PartSurveys},
	} {
		run := func() string {
			res, err := e.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(res)
			return string(b)
		}
		grid := run()
		func() {
			defer func(n int) { maxLatestGridBytes = n }(maxLatestGridBytes)
			maxLatestGridBytes = 0
			if slots := run(); slots != grid {
				t.Errorf("%s by %q: the slots give another report than the grid", q.From.Format("Jan 2006"), q.By)
			}
		}()
	}
}
