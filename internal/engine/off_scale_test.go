package engine

import (
	"fmt"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestScoresOffScale: on the test options (CSAT 1–5, CES 1–7, every criterion 1–5) the scores
// outside are listed per kind, CSAT, CES, then each criterion, with how many and which records;
// an answer on a scale of its own, an NPS answer, a rating not given and a deleted record are
// never outside.
func TestScoresOffScale(t *testing.T) {
	rating := func(r int) *int { return &r }
	when := at("2026-03-10 10:00")
	e := newEngineWith(t, []cx.Record{
		&cx.Response{ID: "C1", Survey: cx.SurveyCSAT, Score: 9, SubmittedAt: when},                 // above 5
		&cx.Response{ID: "C2", Survey: cx.SurveyCSAT, Score: 5, SubmittedAt: when},                 // on it
		&cx.Response{ID: "C3", Survey: cx.SurveyCSAT, Score: 0, SubmittedAt: when},                 // below 1
		&cx.Response{ID: "C4", Survey: cx.SurveyCSAT, Score: 10, Scale: "1-10", SubmittedAt: when}, // its own scale
		&cx.Response{ID: "C5", Survey: cx.SurveyCSAT, Score: 8, SubmittedAt: when},                 // deleted below
		&cx.Response{ID: "N1", Survey: cx.SurveyNPS, Score: 10, SubmittedAt: when},                 // NPS is 0–10
		&cx.Response{ID: "E1", Survey: cx.SurveyCES, Score: 8, SubmittedAt: when},                  // above 7
		&cx.Response{ID: "E2", Survey: cx.SurveyCES, Score: 7, SubmittedAt: when},
		&cx.Review{ReviewID: "Q1", Criterion: "Toon", Agent: "Anna", ReviewedAt: when, Rating: rating(7)},
		&cx.Review{ReviewID: "Q1", Criterion: "Oplossing", Agent: "Anna", ReviewedAt: when, Rating: rating(5)},
		&cx.Review{ReviewID: "Q2", Criterion: "toon", Agent: "Anna", ReviewedAt: when, Rating: rating(0)},
		&cx.Review{ReviewID: "Q3", Criterion: "Toon", Agent: "Anna", ReviewedAt: when}, // not applicable
		cx.Deletion{Of: cx.KindResponses, ID: "C5"},
	})
	want := []OffScale{
		{Kind: cx.KindResponses, Name: cx.SurveyCSAT, Min: 1, Max: 5, N: 2, IDs: []string{"C1", "C3"}},
		{Kind: cx.KindResponses, Name: cx.SurveyCES, Min: 1, Max: 7, N: 1, IDs: []string{"E1"}},
		{Kind: cx.KindReviews, Name: "Toon", Min: 1, Max: 5, N: 2, IDs: []string{"Q1", "Q2"}},
	}
	if got := e.ScoresOffScale(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ScoresOffScale() =\n%v\nwant\n%v", got, want)
	}

	// More than maxOffScaleIDs: the first five are named, N counts them all.
	for i := range 7 {
		e.Apply(&cx.Response{ID: fmt.Sprint("X", i), Survey: cx.SurveyCES, Score: 0, SubmittedAt: when})
	}
	if got := e.ScoresOffScale()[1]; got.N != 8 || fmt.Sprint(got.IDs) != "[E1 X0 X1 X2 X3]" {
		t.Errorf("CES off its scale: N %d, IDs %v; want 8, [E1 X0 X1 X2 X3]", got.N, got.IDs)
	}
}
