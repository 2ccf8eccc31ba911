package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/survey"
	"github.com/klantpuls/klantpuls/internal/survey/form"
)

// The pages a customer answers on: no login, reached by a signed link. They work without
// script in any browser, and no script of theirs records anything by itself: a scanner that
// renders the page runs it too.

// surveyView is what the customer's pages show.
type surveyView struct {
	Lang, Title, Question, FollowUp, Token, ResponseID, Error, Done string
	Scores                                                          []int
	Low, High                                                       string
	Comment, CommentError                                           string // a comment sent back to mend
	Chosen                                                          int
	HasChosen                                                       bool
	Confirm                                                         bool // the one-click page: the score chosen, not yet sent
	TellOpened                                                      bool // the hosted page: its script reports that a person used it
}

// EndOf is the id of the words of the scale's end that score is (see the template "ends"), ""
// for a score between: the lowest and highest controls are described by their end's words.
func (v surveyView) EndOf(score int) string {
	switch {
	case len(v.Scores) == 0:
		return ""
	case score == v.Scores[0]:
		return "end-low"
	case score == v.Scores[len(v.Scores)-1]:
		return "end-high"
	}
	return ""
}

var surveyPage = template.Must(template.New("survey").ParseFS(templateFiles, "templates/survey.html"))

// surveyWords are the fixed words of the customer's pages.
var surveyWords = map[string]map[string]string{
	"nl": {"send": "Versturen", "thanks": "Bedankt voor uw antwoord!", "thanks_comment": "Bedankt, we hebben uw toelichting ontvangen.",
		"bad_link": "Deze link is niet (meer) geldig.", "your_answer": "Uw antwoord", "close": "Sluiten",
		"comment_too_long": "Uw toelichting is te lang: hoogstens %d tekens. Kort haar in en verstuur haar opnieuw.", "unsubscribe": "Geen enquêtes meer ontvangen?",
		"unsubscribe_button": "Afmelden", "unsubscribed": "U bent afgemeld. U ontvangt geen enquêtes meer van ons.",
		"comment": "Toelichting (niet verplicht)", "answer_gone": "Uw antwoord is er niet (meer). Kies het opnieuw."},
	"en": {"send": "Send", "thanks": "Thank you for your answer!", "thanks_comment": "Thank you, we received your comment.",
		"bad_link": "This link is not (or no longer) valid.", "your_answer": "Your answer", "close": "Close",
		"comment_too_long": "Your comment is too long: at most %d characters. Shorten it and send it again.", "unsubscribe": "No more surveys?",
		"unsubscribe_button": "Unsubscribe", "unsubscribed": "You have unsubscribed. You will receive no more surveys from us.",
		"comment": "Comment (optional)", "answer_gone": "Your answer is not (or no longer) here. Please choose it again."},
}

func (s *Server) renderSurvey(w http.ResponseWriter, r *http.Request, status int, v surveyView) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	// The token in the URL must not reach another site: same-origin sends no Referer off the
	// site. Not no-referrer: under it a browser sends the page's own form with Origin: null,
	// and one without Sec-Fetch-Site (Safari before 16.4, Firefox before 90) is then refused
	// as a cross-site form — its customer could not answer.
	w.Header().Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	words := surveyWords[v.Lang]
	err := surveyPage.ExecuteTemplate(w, "survey", struct {
		surveyView
		W map[string]string
	}{v, words})
	if err != nil {
		s.log.ErrorContext(r.Context(), "template", "page", "survey", "error", err)
	}
}

// badLink answers a link that is forged, altered, expired or names nothing: nothing recorded.
func (s *Server) badLink(w http.ResponseWriter, r *http.Request) {
	l := language(r)
	s.renderSurvey(w, r, http.StatusNotFound, surveyView{Lang: l, Title: surveyWords[l]["bad_link"], Error: surveyWords[l]["bad_link"]})
}

// openLink opens the token of a customer's page, of kind "a" or "s". A widget invitation's
// token is refused: the widget's answers go through widgetAnswer and its limits per token,
// address and site, never through these pages and their looser ones.
func (s *Server) openLink(r *http.Request, kind string) (*survey.Link, bool) {
	link, err := s.surveys.Open(r.Context(), r.PathValue("token"))
	if err != nil || link.Kind != kind || link.Invitation.Channel == survey.ViaWidget {
		return nil, false
	}
	setSurveyLang(r, link.Invitation.Lang)
	return link, true
}

// answerLink shows the one-click link of a score from an e-mail: the question with that score
// chosen, and a button that records it. A GET records nothing — not the answer, not even that
// the invitation was opened — because the link scanners of mail services and virus filters
// fetch every link of a message, and an "opened" they set would make the open rate a count of
// scanners. Nor does the page send itself when shown: some scanners render pages in a
// headless browser. The customer clicks the score in the e-mail, then the button here.
func (s *Server) answerLink(w http.ResponseWriter, r *http.Request) {
	link, ok := s.openLink(r, "a")
	if !ok {
		s.badLink(w, r)
		return
	}
	sv, err := s.app.Survey(r.Context(), link.Invitation.SurveyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.scoreView(sv, link.Invitation, r.PathValue("token"))
	v.Chosen, v.HasChosen, v.Confirm = link.Score, true, true
	s.renderSurvey(w, r, http.StatusOK, v)
}

// answerLinkPost records the score of a one-click link (the one chosen on its page, else the
// link's own) and shows the follow-up question.
func (s *Server) answerLinkPost(w http.ResponseWriter, r *http.Request) {
	link, ok := s.openLink(r, "a")
	if !ok {
		s.badLink(w, r)
		return
	}
	if !s.readAnswerForm(w, r) || !s.allowAnswer(w, r, link.Invitation) {
		return
	}
	if r.PostForm.Get("score") == "" && r.PostForm.Get("response") == "" {
		r.PostForm.Set("score", strconv.Itoa(link.Score))
	}
	s.recordAnswer(w, r, link.Invitation, survey.ViaEmail)
}

// readAnswerForm reads a customer's form, or answers why it could not in the page's language:
// a body over the server's bound (Options.MaxBody), or one cut off on the way.
func (s *Server) readAnswerForm(w http.ResponseWriter, r *http.Request) bool {
	err := r.ParseForm()
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return true
	case errors.As(err, &tooBig):
		s.problem(w, r, Problem{Status: http.StatusRequestEntityTooLarge, Detail: "the form is too large",
			cause: cx.Refuse(cx.EINVALID, "", "answer_form_too_large", "the form is too large: at most %d MB; a comment has at most %d characters",
				tooBig.Limit>>20, form.MaxComment)})
	default:
		s.problem(w, r, Problem{Status: http.StatusBadRequest, Detail: "the form could not be read",
			cause: cx.Refuse(cx.EINVALID, "", "answer_form_unread", "the form could not be read")})
	}
	return false
}

// recordAnswer records the score (with its comment, if sent) or the comment of a customer's
// form for inv.
func (s *Server) recordAnswer(w http.ResponseWriter, r *http.Request, inv *cx.Invitation, via string) {
	sv, err := s.app.Survey(r.Context(), inv.SurveyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lo, hi := s.surveys.Scale(sv.Kind)
	answer, err := form.Parse(r.PostForm, lo, hi)
	// A comment too long on an answer is given back in its box; one sent with a score (a form
	// of the company's own, not the page's) is refused whole, naming it, and records nothing.
	if errors.Is(err, form.ErrCommentTooLong) && r.PostForm.Get("response") != "" {
		v, err := s.mendComment(r, inv, fmt.Sprintf(surveyWords[inv.Lang]["comment_too_long"], form.MaxComment))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.renderSurvey(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := inv.Lang
	switch {
	case answer.IsComment && answer.Comment == "":
		// An empty box records nothing: the plain thanks, not "we received your comment".
		if _, err := s.surveys.Answered(r.Context(), inv, answer.Response); err != nil {
			s.answerGone(w, r, sv, inv, err)
			return
		}
		s.renderSurvey(w, r, http.StatusOK, doneView(l, "thanks"))
	case answer.IsComment:
		if err := s.surveys.Comment(r.Context(), inv, answer.Response, answer.Comment); err != nil {
			s.answerGone(w, r, sv, inv, err)
			return
		}
		s.renderSurvey(w, r, http.StatusOK, doneView(l, "thanks_comment"))
	default:
		resp, err := s.surveys.Answer(r.Context(), inv, answer.Score, answer.Comment, via)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if answer.Comment != "" {
			// The follow-up is answered already: the thanks for the comment, not its question.
			s.renderSurvey(w, r, http.StatusOK, doneView(l, "thanks_comment"))
			return
		}
		s.renderSurvey(w, r, http.StatusOK, s.followUpView(sv, inv, resp))
	}
}

// doneView is the page that thanks the customer in lang, in the words under key, and asks nothing more.
func doneView(lang, key string) surveyView {
	thanks := surveyWords[lang][key]
	return surveyView{Lang: lang, Title: thanks, Done: thanks}
}

// answerGone asks the question again when the answer a comment is for is not there (deleted,
// erased, or another invitation's), saying so in the invitation's language: the customer
// answers again, then comments. The store's "no such answer" named its id, and the error page
// the link's path, to a customer. Any other error is the server's.
func (s *Server) answerGone(w http.ResponseWriter, r *http.Request, sv *cx.Survey, inv *cx.Invitation, err error) {
	if cx.ErrorCode(err) != cx.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	v := s.scoreView(sv, inv, r.PathValue("token"))
	v.Error = surveyWords[inv.Lang]["answer_gone"]
	s.renderSurvey(w, r, http.StatusNotFound, v)
}

// mendComment is the comment form again, the comment in it, with why it was not kept (why, in
// the invitation's language): the customer shortens it, or sends it again after a wait, rather
// than losing it.
func (s *Server) mendComment(r *http.Request, inv *cx.Invitation, why string) (surveyView, error) {
	sv, err := s.app.Survey(r.Context(), inv.SurveyID)
	if err != nil {
		return surveyView{}, err
	}
	resp, err := s.surveys.Answered(r.Context(), inv, r.PostForm.Get("response"))
	if err != nil {
		return surveyView{}, err
	}
	v := s.followUpView(sv, inv, resp)
	v.Comment, v.CommentError = r.PostForm.Get("comment"), why
	return v, nil
}

// followUpView is the comment form after a score: the follow-up question the answer's side of
// the scale asks (survey.Service.FollowUp).
func (s *Server) followUpView(sv *cx.Survey, inv *cx.Invitation, resp *cx.Response) surveyView {
	token := strings.TrimPrefix(s.surveys.PageLink(inv), s.surveys.BaseURL+"/s/")
	v := s.scoreView(sv, inv, token)
	v.Done, v.FollowUp, v.ResponseID = surveyWords[inv.Lang]["thanks"], s.surveys.FollowUp(sv, inv.Lang, resp.Score), resp.ID
	v.Chosen, v.HasChosen = resp.Score, true
	return v
}

func (s *Server) scoreView(sv *cx.Survey, inv *cx.Invitation, token string) surveyView {
	lo, hi := s.surveys.Scale(sv.Kind)
	v := surveyView{Lang: inv.Lang, Title: survey.Question(sv, inv.Lang), Question: survey.Question(sv, inv.Lang), Token: token}
	v.Low, v.High = s.surveys.Ends(sv.Kind, inv.Lang)
	for score := lo; score <= hi; score++ {
		v.Scores = append(v.Scores, score)
	}
	return v
}

// surveyForm shows the hosted survey page of an invitation. Like the one-click page it
// records nothing on a GET, not even "opened": a mail scanner fetches this link too. The
// page's script tells surveyOpened at a person's first touch, click or key press (not on
// load: a scanner may render the page); an answer marks it opened as well.
func (s *Server) surveyForm(w http.ResponseWriter, r *http.Request) {
	link, ok := s.openLink(r, "s")
	if !ok {
		s.badLink(w, r)
		return
	}
	sv, err := s.app.Survey(r.Context(), link.Invitation.SurveyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.scoreView(sv, link.Invitation, r.PathValue("token"))
	v.TellOpened = true
	s.renderSurvey(w, r, http.StatusOK, v)
}

// surveyOpened records that a person used the hosted page (the page's script posts here).
func (s *Server) surveyOpened(w http.ResponseWriter, r *http.Request) {
	link, ok := s.openLink(r, "s")
	if !ok {
		s.problem(w, r, Problem{Status: http.StatusNotFound, Detail: "this link is not (or no longer) valid"})
		return
	}
	if err := s.surveys.Opened(r.Context(), link.Invitation); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// surveyAnswer records a score sent from the hosted page, or a comment on an answer.
func (s *Server) surveyAnswer(w http.ResponseWriter, r *http.Request) {
	link, ok := s.openLink(r, "s")
	if !ok {
		s.badLink(w, r)
		return
	}
	if !s.readAnswerForm(w, r) || !s.allowAnswer(w, r, link.Invitation) {
		return
	}
	s.recordAnswer(w, r, link.Invitation, survey.ViaWeb)
}

// unsubscribePage asks to confirm (a link scanner following the link must not unsubscribe);
// the POST unsubscribes.
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) {
	link, err := s.surveys.Open(r.Context(), r.PathValue("token"))
	if err != nil || link.Kind != "u" {
		s.badLink(w, r)
		return
	}
	l := link.Lang // the invitation's, as its e-mail was
	if l == "" {
		l = language(r)
	}
	setSurveyLang(r, l)
	v := surveyView{Lang: l, Title: surveyWords[l]["unsubscribe"], Token: r.PathValue("token")}
	if r.Method == http.MethodPost {
		if err := s.app.Unsubscribe(r.Context(), link.Email, s.now()); err != nil {
			s.fail(w, r, err)
			return
		}
		v.Done = surveyWords[l]["unsubscribed"]
	}
	s.renderSurvey(w, r, http.StatusOK, v)
}
