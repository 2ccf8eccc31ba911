package web

import (
	"net/http"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// tokensPage lists the user's API tokens and a form for a new one.
func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request) {
	s.renderTokens(w, r, http.StatusOK, "", "", "")
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, newToken, flash, problem string) {
	s.renderTokensWith(w, r, status, func(p *page) { p.NewToken, p.Flash, p.Error = newToken, flash, problem })
}

// renderTokensWith writes the tokens page, with its API tokens and wall screens, as fill sets it.
func (s *Server) renderTokensWith(w http.ResponseWriter, r *http.Request, status int, fill func(p *page)) {
	p := s.newPage(r, "")
	p.Title, p.Script = p.T("tokens"), true // app.js: its tables scroll in their own box on a phone
	fill(p)
	list, err := s.visibleTokens(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	walls, err := s.visibleWalls(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Tokens, p.Walls, p.WallPages, p.Now = list, walls, cx.WallPages, s.now()
	s.render(w, r, status, "tokens", p)
}

// tokenCreate makes a token from the form and shows its secret once.
func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) {
	plain, _, err := s.createToken(r, r.PostFormValue("name"), r.PostFormValue("scope"), r.PostFormValue("expires"))
	if err != nil {
		s.renderTokens(w, r, http.StatusUnprocessableEntity, "", "", refusal(language(r), err))
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
