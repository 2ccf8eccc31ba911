package engine

import (
	"slices"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestPickAnswersFilter: a pick keeps what a report's filter keeps. Detractors in March:
//
//	A1  agent Anna, own              channel web
//	A2  no agent, ticket T1 (Anna)   ticket's channel phone, customer C1 (Premium)
//	A3  agent Bram, ticket T1        own agent wins over the ticket's; channel and customer T1's
//	A4  agent Anna, customer C2 (Particulier), category none
//	P1  agent Anna, NPS 9: not critical
//
// agent=Anna: A1, A2, A4 (newest first: A4, A2, A1); agent=anna (names compare so) the same;
// segment=Premium (C1, T1's customer): A3, A2; category=Levering (T1's): A3, A2; channel=phone:
// A3, A2; channel=phone and agent=Bram: A3; agent=Cas: none.
func TestPickAnswersFilter(t *testing.T) {
	e := newEngine(t)
	e.Apply(&cx.Customer{ID: "C1", Segment: "Premium", AcquiredAt: at("2025-01-01 10:00")},
		&cx.Customer{ID: "C2", Segment: "Particulier", AcquiredAt: at("2025-01-01 10:00")},
		&cx.Ticket{ID: "T1", CustomerID: "C1", CreatedAt: at("2026-03-01 09:00"), Channel: "phone", Agent: "Anna", Category: "Levering"},
		&cx.Response{ID: "A1", Survey: cx.SurveyNPS, Score: 3, Agent: "Anna", Channel: "web", SubmittedAt: at("2026-03-02 10:00")},
		&cx.Response{ID: "A2", Survey: cx.SurveyNPS, Score: 5, TicketID: "T1", SubmittedAt: at("2026-03-03 10:00")},
		&cx.Response{ID: "A3", Survey: cx.SurveyNPS, Score: 0, TicketID: "T1", Agent: "Bram", SubmittedAt: at("2026-03-04 10:00")},
		&cx.Response{ID: "A4", Survey: cx.SurveyNPS, Score: 6, Agent: "Anna", CustomerID: "C2", SubmittedAt: at("2026-03-05 10:00")},
		&cx.Response{ID: "P1", Survey: cx.SurveyNPS, Score: 9, Agent: "Anna", SubmittedAt: at("2026-03-06 10:00")})
	for _, tt := range []struct {
		filter map[Dim]string
		want   []string
	}{
		{nil, []string{"A4", "A3", "A2", "A1"}},
		{map[Dim]string{ByAgent: "Anna"}, []string{"A4", "A2", "A1"}},
		{map[Dim]string{ByAgent: " anna "}, []string{"A4", "A2", "A1"}},
		{map[Dim]string{BySegment: "Premium"}, []string{"A3", "A2"}},
		{map[Dim]string{ByCategory: "Levering"}, []string{"A3", "A2"}},
		{map[Dim]string{ByChannel: "phone"}, []string{"A3", "A2"}},
		{map[Dim]string{ByChannel: "phone", ByAgent: "Bram"}, []string{"A3"}},
		{map[Dim]string{ByAgent: "Cas"}, nil},
	} {
		got, ok := e.PickAnswers(AnswerPick{From: day("2026-03-01"), To: day("2026-04-01"), Survey: "nps", Min: 0, Max: 6, Filter: tt.filter})
		if !ok || !slices.Equal(got, tt.want) {
			t.Errorf("filter %v: %v, want %v", tt.filter, got, tt.want)
		}
	}
}
