package web

import (
	"net/http"
)

// tokensPage lists the user's API tokens and a form for a new one.
func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request) {
	s.renderTokens(w, r, http.StatusOK, "", "", "")
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, newToken, flash, problem string) {
	p := s.newPage(r, "")
	p.Title, p.NewToken, p.Flash, p.Error = p.T("tokens"), newToken, flash, problem
	list, err := s.visibleTokens(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Tokens, p.Now = list, s.now()
	s.render(w, r, status, "tokens", p)
}

// tokenCreate makes a token from the form and shows its secret once.
func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) {
	plain, _, err := s.createToken(r, r.PostFormValue("name"), r.PostFormValue("scope"), r.PostFormValue("expires"))
	if err != nil {
		s.renderTokens(w, r, http.StatusUnprocessableEntity, "", "", err.Error())
		return
	}
	s.renderTokens(w, r, http.StatusCreated, plain, "", "")
}

func (s *Server) tokenDeleteForm(w http.ResponseWriter, r *http.Request) {
	if err := s.deleteToken(r); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/tokens", http.StatusSeeOther)
}
