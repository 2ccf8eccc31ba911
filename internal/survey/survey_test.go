package survey

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

func TestFollowUpAndResponseID(t *testing.T) {
	sv := &cx.Survey{Kind: cx.SurveyCSAT, FollowUpLowNL: "laag", FollowUpHighNL: "hoog", FollowUpLowEN: "low", FollowUpHighEN: "high"}
	for _, tt := range []struct {
		kind          string
		lang          string
		score, lo, hi int
		want          string
	}{
		{cx.SurveyCSAT, "nl", 3, 1, 5, "laag"}, // the middle of 1–5 asks what went wrong
		{cx.SurveyCSAT, "nl", 4, 1, 5, "hoog"},
		{cx.SurveyCSAT, "en", 1, 1, 5, "low"},
		{cx.SurveyNPS, "nl", 6, 0, 10, "laag"}, // a detractor
		{cx.SurveyNPS, "nl", 7, 0, 10, "hoog"},
		{cx.SurveyNPS, "en", 10, 0, 10, "high"},
	} {
		sv.Kind = tt.kind
		if got := FollowUp(sv, tt.lang, tt.score, tt.lo, tt.hi); got != tt.want {
			t.Errorf("%s %s %d: %q, want %q", tt.kind, tt.lang, tt.score, got, tt.want)
		}
	}
	withTicket := &cx.Invitation{ID: "inv", TicketID: "T1"}
	anonymous := &cx.Invitation{ID: "inv"}
	// With a ticket (CSAT) each score is its own answer, so a changed rating keeps its history;
	// without one there is nothing to count it once by, so it is replaced.
	if ResponseID(withTicket, cx.SurveyCSAT, 2) == ResponseID(withTicket, cx.SurveyCSAT, 5) {
		t.Error("a changed CSAT with a ticket replaces the earlier answer")
	}
	if ResponseID(anonymous, cx.SurveyCSAT, 2) != ResponseID(anonymous, cx.SurveyCSAT, 5) {
		t.Error("an anonymous changed answer makes a second answer that would count twice")
	}
	if ResponseID(&cx.Invitation{ID: "inv", CustomerID: "C1"}, cx.SurveyNPS, 3) == ResponseID(&cx.Invitation{ID: "inv", CustomerID: "C1"}, cx.SurveyNPS, 9) {
		t.Error("a changed NPS of a known customer replaces the earlier answer")
	}
}

func TestValidateSurvey(t *testing.T) {
	ok := cx.Survey{Kind: "nps", Name: "x", QuestionNL: "v", QuestionEN: "q"}
	if err := ValidateSurvey(&ok); err != nil {
		t.Errorf("a good survey: %v", err)
	}
	for _, bad := range []cx.Survey{
		{Kind: "xyz", Name: "x", QuestionNL: "v", QuestionEN: "q"},
		{Kind: "nps", Name: " ", QuestionNL: "v", QuestionEN: "q"},
		{Kind: "nps", Name: "x", QuestionNL: "v"},
	} {
		if err := ValidateSurvey(&bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
