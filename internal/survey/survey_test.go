package survey

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestFollowUp: the follow-up question asks what went well of an answer metrics.md section 1
// counts satisfied, and what went wrong of the others — worked by hand from its rules: an NPS
// detractor is 0–6; CSAT is positive from positive_min; CES is easy above the middle
// (min + max)/2 after direction "effort" turns x into min + max − x.
func TestFollowUp(t *testing.T) {
	sv := &cx.Survey{FollowUpLowNL: "laag", FollowUpHighNL: "hoog", FollowUpLowEN: "low", FollowUpHighEN: "high"}
	for _, tt := range []struct {
		name  string
		kind  string
		scale config.Scale // the CSAT or CES scale of the install
		lang  string
		score int
		want  string
	}{
		{"CSAT 3 on 1–5, positive from 4", cx.SurveyCSAT, config.Scale{Min: 1, Max: 5, PositiveMin: 4}, "nl", 3, "laag"},
		{"CSAT 4 on 1–5", cx.SurveyCSAT, config.Scale{Min: 1, Max: 5, PositiveMin: 4}, "nl", 4, "hoog"},
		{"CSAT 1 in English", cx.SurveyCSAT, config.Scale{Min: 1, Max: 5, PositiveMin: 4}, "en", 1, "low"},
		{"CSAT 8 on 1–10, positive from 9: above the middle, not positive", cx.SurveyCSAT, config.Scale{Min: 1, Max: 10, PositiveMin: 9}, "nl", 8, "laag"},
		{"CSAT 6 on 1–10", cx.SurveyCSAT, config.Scale{Min: 1, Max: 10, PositiveMin: 9}, "nl", 6, "laag"},
		{"CSAT 9 on 1–10", cx.SurveyCSAT, config.Scale{Min: 1, Max: 10, PositiveMin: 9}, "en", 9, "high"},
		{"CSAT 3 on 1–5 positive from 3", cx.SurveyCSAT, config.Scale{Min: 1, Max: 5, PositiveMin: 3}, "nl", 3, "hoog"},
		{"NPS 6, a detractor", cx.SurveyNPS, config.Scale{}, "nl", 6, "laag"},
		{"NPS 7, a passive", cx.SurveyNPS, config.Scale{}, "nl", 7, "hoog"},
		{"NPS 10", cx.SurveyNPS, config.Scale{}, "en", 10, "high"},
		{"CES 4 on 1–7 easy: the middle", cx.SurveyCES, config.Scale{Min: 1, Max: 7, Direction: config.DirectionEasy}, "nl", 4, "laag"},
		{"CES 5 on 1–7 easy", cx.SurveyCES, config.Scale{Min: 1, Max: 7, Direction: config.DirectionEasy}, "nl", 5, "hoog"},
		{"CES 1 on 1–7 effort: 7 turned round", cx.SurveyCES, config.Scale{Min: 1, Max: 7, Direction: config.DirectionEffort}, "nl", 1, "hoog"},
		{"CES 3 on 1–7 effort: 5", cx.SurveyCES, config.Scale{Min: 1, Max: 7, Direction: config.DirectionEffort}, "en", 3, "high"},
		{"CES 4 on 1–7 effort: the middle", cx.SurveyCES, config.Scale{Min: 1, Max: 7, Direction: config.DirectionEffort}, "nl", 4, "laag"},
		{"CES 7 on 1–7 effort: 1", cx.SurveyCES, config.Scale{Min: 1, Max: 7, Direction: config.DirectionEffort}, "en", 7, "low"},
		{"CES 3 on 1–5 effort: 3, the middle", cx.SurveyCES, config.Scale{Min: 1, Max: 5, Direction: config.DirectionEffort}, "nl", 3, "laag"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Default()
			if tt.kind == cx.SurveyCES {
				cfg.CES = tt.scale
			} else if tt.kind == cx.SurveyCSAT {
				cfg.CSAT = tt.scale
			}
			s := &Service{App: &app.App{Config: cfg}}
			sv.Kind = tt.kind
			if got := s.FollowUp(sv, tt.lang, tt.score); got != tt.want {
				t.Errorf("%s %s %d: %q, want %q", tt.kind, tt.lang, tt.score, got, tt.want)
			}
		})
	}
}

// TestEnds: the ends of the scale as the customer reads them, in the e-mail, on the pages and
// in the widget: CES's are turned round with direction "effort" (high = much effort).
func TestEnds(t *testing.T) {
	for _, tt := range []struct {
		kind, direction, lang string
		low, high             string
	}{
		{cx.SurveyNPS, config.DirectionEasy, "nl", "zeer onwaarschijnlijk", "zeer waarschijnlijk"},
		{cx.SurveyCSAT, config.DirectionEasy, "en", "poor", "excellent"},
		{cx.SurveyCES, config.DirectionEasy, "nl", "veel moeite", "heel makkelijk"},
		{cx.SurveyCES, config.DirectionEffort, "nl", "heel makkelijk", "veel moeite"},
		{cx.SurveyCES, config.DirectionEffort, "en", "very easy", "a lot of effort"},
	} {
		cfg := config.Default()
		cfg.CES.Direction = tt.direction
		s := &Service{App: &app.App{Config: cfg}}
		if low, high := s.Ends(tt.kind, tt.lang); low != tt.low || high != tt.high {
			t.Errorf("%s %s %s: %q … %q, want %q … %q", tt.kind, tt.direction, tt.lang, low, high, tt.low, tt.high)
		}
	}
}

func TestResponseID(t *testing.T) {
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

// TestLang: an invitation's language is English for any tag whose primary language is English,
// as shops and browsers write them ("EN", "en-GB", "en_US"), else Dutch, the default.
func TestLang(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "EN": "en", "en-GB": "en", "en_US": "en", " En ": "en",
		"nl": "nl", "nl-BE": "nl", "": "nl", "eng": "nl", "de": "nl", "-en": "nl"} {
		if got := Lang(in); got != want {
			t.Errorf("Lang(%q) = %q, want %q", in, got, want)
		}
	}
}
