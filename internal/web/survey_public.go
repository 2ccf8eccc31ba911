package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/survey"
)

// The pages a customer answers on: no login, reached by a signed link. They load no script
// at all, so they work in any browser and a mail client's preview.

// surveyView is what the customer's pages show.
type surveyView struct {
	Lang, Title, Question, FollowUp, Token, ResponseID, Error, Done string
	Scores                                                          []int
	Low, High                                                       string
	Chosen                                                          int
	HasChosen                                                       bool
}

var surveyPage = template.Must(template.New("survey").ParseFS(templateFiles, "templates/survey.html"))

// surveyWords are the fixed words of the customer's pages.
var surveyWords = map[string]map[string]string{
	"nl": {"send": "Versturen", "thanks": "Bedankt voor uw antwoord!", "thanks_comment": "Bedankt, we hebben uw toelichting ontvangen.",
		"bad_link": "Deze link is niet (meer) geldig.", "low_nps": "zeer onwaarschijnlijk", "high_nps": "zeer waarschijnlijk",
		"low": "slecht", "high": "uitstekend", "your_answer": "Uw antwoord", "unsubscribe": "Geen enquêtes meer ontvangen?",
		"unsubscribe_button": "Afmelden", "unsubscribed": "U bent afgemeld. U ontvangt geen enquêtes meer van ons.",
		"comment": "Toelichting (niet verplicht)"},
	"en": {"send": "Send", "thanks": "Thank you for your answer!", "thanks_comment": "Thank you, we received your comment.",
		"bad_link": "This link is not (or no longer) valid.", "low_nps": "very unlikely", "high_nps": "very likely",
		"low": "poor", "high": "excellent", "your_answer": "Your answer", "unsubscribe": "No more surveys?",
		"unsubscribe_button": "Unsubscribe", "unsubscribed": "You have unsubscribed. You will receive no more surveys from us.",
		"comment": "Comment (optional)"},
}

func (s *Server) renderSurvey(w http.ResponseWriter, status int, v surveyView) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer") // the token in the URL must not leak
	w.WriteHeader(status)
	words := surveyWords[v.Lang]
	surveyPage.ExecuteTemplate(w, "survey", struct {
		surveyView
		W map[string]string
	}{v, words})
}

// badLink answers a link that is forged, altered, expired or names nothing: nothing recorded.
func (s *Server) badLink(w http.ResponseWriter, r *http.Request) {
	l := language(r)
	s.renderSurvey(w, http.StatusNotFound, surveyView{Lang: l, Title: surveyWords[l]["bad_link"], Error: surveyWords[l]["bad_link"]})
}

// answerLink records the score of a one-click link from an e-mail and shows the follow-up.
func (s *Server) answerLink(w http.ResponseWriter, r *http.Request) {
	link, err := s.surveys.Open(r.Context(), r.PathValue("token"))
	if err != nil || link.Kind != "a" {
		s.badLink(w, r)
		return
	}
	resp, err := s.surveys.Answer(r.Context(), link.Invitation, link.Score, survey.ViaEmail)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showFollowUp(w, r, link.Invitation, resp, s.surveys.PageLink(link.Invitation))
}

// showFollowUp shows the comment form after a score.
func (s *Server) showFollowUp(w http.ResponseWriter, r *http.Request, inv *cx.Invitation, resp *cx.Response, page string) {
	sv, err := s.app.Surveys().Survey(r.Context(), inv.SurveyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lo, hi := s.surveys.Scale(sv.Kind)
	token := strings.TrimPrefix(page, s.surveys.BaseURL+"/s/")
	v := s.scoreView(sv, inv, token)
	v.Done, v.FollowUp, v.ResponseID = surveyWords[inv.Lang]["thanks"], survey.FollowUp(sv, inv.Lang, resp.Score, lo, hi), resp.ID
	v.Chosen, v.HasChosen = resp.Score, true
	s.renderSurvey(w, http.StatusOK, v)
}

func (s *Server) scoreView(sv *cx.Survey, inv *cx.Invitation, token string) surveyView {
	lo, hi := s.surveys.Scale(sv.Kind)
	words := surveyWords[inv.Lang]
	v := surveyView{Lang: inv.Lang, Title: survey.Question(sv, inv.Lang), Question: survey.Question(sv, inv.Lang),
		Token: token, Low: words["low"], High: words["high"]}
	if sv.Kind == cx.SurveyNPS {
		v.Low, v.High = words["low_nps"], words["high_nps"]
	}
	for score := lo; score <= hi; score++ {
		v.Scores = append(v.Scores, score)
	}
	return v
}

// surveyForm shows the hosted survey page of an invitation.
func (s *Server) surveyForm(w http.ResponseWriter, r *http.Request) {
	link, err := s.surveys.Open(r.Context(), r.PathValue("token"))
	if err != nil || link.Kind != "s" {
		s.badLink(w, r)
		return
	}
	if err := s.surveys.Opened(r.Context(), link.Invitation); err != nil {
		s.fail(w, r, err)
		return
	}
	sv, err := s.app.Surveys().Survey(r.Context(), link.Invitation.SurveyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderSurvey(w, http.StatusOK, s.scoreView(sv, link.Invitation, r.PathValue("token")))
}

// surveyAnswer records a score sent from the hosted page, or a comment on an answer.
func (s *Server) surveyAnswer(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	link, err := s.surveys.Open(r.Context(), token)
	if err != nil || link.Kind != "s" {
		s.badLink(w, r)
		return
	}
	if id := r.PostFormValue("response"); id != "" {
		if err := s.surveys.Comment(r.Context(), link.Invitation, id, r.PostFormValue("comment")); err != nil {
			s.fail(w, r, err)
			return
		}
		l := link.Invitation.Lang
		s.renderSurvey(w, http.StatusOK, surveyView{Lang: l, Title: surveyWords[l]["thanks_comment"], Done: surveyWords[l]["thanks_comment"]})
		return
	}
	score, err := strconv.Atoi(r.PostFormValue("score"))
	if err != nil {
		s.fail(w, r, cx.Errorf(cx.EINVALID, "score: choose a score"))
		return
	}
	resp, err := s.surveys.Answer(r.Context(), link.Invitation, score, survey.ViaWeb)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showFollowUp(w, r, link.Invitation, resp, s.surveys.BaseURL+"/s/"+token)
}

// unsubscribePage asks to confirm (a link scanner following the link must not unsubscribe);
// the POST unsubscribes.
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) {
	link, err := s.surveys.Open(r.Context(), r.PathValue("token"))
	if err != nil || link.Kind != "u" {
		s.badLink(w, r)
		return
	}
	l := language(r)
	v := surveyView{Lang: l, Title: surveyWords[l]["unsubscribe"], Token: r.PathValue("token")}
	if r.Method == http.MethodPost {
		if err := s.app.Surveys().Unsubscribe(r.Context(), link.Email, s.now()); err != nil {
			s.fail(w, r, err)
			return
		}
		v.Done = surveyWords[l]["unsubscribed"]
	}
	s.renderSurvey(w, http.StatusOK, v)
}
