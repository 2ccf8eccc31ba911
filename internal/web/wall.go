package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// The wall screen (/tv): the dashboard on a screen on the wall, dark, in large type, rotating
// through the pages its team chose and refreshed by the live stream, with nobody logged in.
//
// An administrator makes a wall screen on the tokens page; its link is /tv/connect#SECRET. The
// secret is in the fragment, which a browser never sends: it reaches no server log and no
// Referer. The connect page's script posts it (POST /tv/connect), and the answer swaps it for a
// cookie that lives 400 days (the most a browser keeps one), limited to /tv, and sends the
// screen on to /tv. That exchange changes no data; a GET changes nothing at all. The cookie
// opens only the routes marked wall (GET /tv, its pages and its live stream): identify never
// reads it, so every other route answers as to a visitor without a login. Deleting the wall screen
// revokes it at once: the stored hash is gone, and the screen is sent to the connect page,
// which says so. Wall screens do not expire like a session, by design; the tokens page says when
// each was last shown (touch, at most once a minute), so an admin can revoke those not in use.

// wallCookie holds a wall screen's secret; the store keeps only its hash.
const wallCookie = "klantpuls_wall"

// wallCookieAge is 400 days: browsers cap a cookie's life there (RFC 6265bis).
const wallCookieAge = 400 * 24 * time.Hour

// rotateSeconds is how long the wall shows each page.
const rotateSeconds = 20

// slidePaths are the dashboard pages behind each wall page.
var slidePaths = map[string]string{"overview": "/", "service": "/service", "team": "/team", "why": "/why"}

func hasWallCookie(r *http.Request) bool {
	_, err := r.Cookie(wallCookie)
	return err == nil
}

// identifyWall finds the wall screen of a request's wall cookie; none is no principal. The
// screen acts as a stand-in manager who may only look (principal.can), for as long as its maker
// may see every figure (auth.ActionReport): one whose maker is now an agent is no principal, as
// a revoked one (whoever kept its link would see more than its maker may). A removed maker's screens stay
// (README): the team's screen on the wall does not go dark when its maker leaves.
func (s *Server) identifyWall(r *http.Request) (*principal, error) {
	c, err := r.Cookie(wallCookie)
	if err != nil {
		return nil, nil
	}
	ws, err := s.app.WallScreenByHash(r.Context(), auth.HashSecret(c.Value))
	if err != nil {
		return nil, lookupError("wall screen", err)
	}
	maker, err := s.app.UserByID(r.Context(), ws.CreatedBy)
	switch {
	case cx.ErrorCode(err) == cx.ENOTFOUND:
	case err != nil:
		return nil, lookupError("wall screen's maker", err)
	case !auth.Can(maker.Role, auth.ActionReport):
		return nil, nil
	}
	s.touch(r, "wall", ws.ID, ws.LastUsedAt, s.app.TouchWallScreen) // the tokens page shows it
	return &principal{user: &cx.User{Email: ws.Name, Role: cx.RoleManager}, wall: ws}, nil
}

// tvConnectPage asks for a wall link's secret; its script fills it in from the link's fragment
// and sends it.
func (s *Server) tvConnectPage(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "")
	p.Title, p.Script = p.T("wall_connect_title"), true
	if r.URL.Query().Get("revoked") == "1" {
		p.Error = p.T("wall_revoked")
	}
	// The server's same-origin Referrer-Policy, not no-referrer: under that an old TV browser
	// (no Sec-Fetch-Site) sends the page's own form with Origin: null, which the cross-origin
	// protection refuses. The secret is in the link's fragment, which no Referer carries.
	s.render(w, r, http.StatusOK, "tv_connect", p)
}

// tvConnect swaps a wall link's secret for the wall cookie and sends the screen to /tv.
//
// Wrong secrets are held back as wrong passwords are (ui_login.go): per client address, with
// the sign-ins' failures (50 at once, then 10 a minute), and per what they try to open, the
// wall screens together (app.ClaimWallConnect: five at once, then a growing hold). As at
// sign-in, a hold on the wall screens holds back the right secret too, from any address, until
// it ends; a held-back address holds back only itself. A secret is 256 bits, beyond guessing:
// the limits keep a script from making the server look up hashes without end.
func (s *Server) tvConnect(w http.ResponseWriter, r *http.Request) {
	ctx, now := r.Context(), s.now()
	addrKey := failedSignInKey(r)
	if ok, retry := s.logins.unspent(addrKey, now); !ok {
		s.tvConnectHeld(w, r, retry)
		return
	}
	held, until, err := s.app.ClaimWallConnect(ctx, now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if held {
		s.tvConnectHeld(w, r, until.Sub(now))
		return
	}
	secret := strings.TrimSpace(r.PostFormValue("secret"))
	if _, err := s.app.WallScreenByHash(ctx, auth.HashSecret(secret)); err != nil {
		if cx.ErrorCode(err) != cx.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
		s.logins.spend(addrKey, now)
		p := s.newPage(r, "")
		p.Title, p.Error, p.Script = p.T("wall_connect_title"), p.T("wall_unknown"), true
		s.render(w, r, http.StatusUnprocessableEntity, "tv_connect", p)
		return
	}
	if err := s.app.WallConnectSucceeded(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: wallCookie, Value: secret, Path: "/tv", HttpOnly: true,
		Secure: secureCookies(r), SameSite: http.SameSiteStrictMode, MaxAge: int(wallCookieAge.Seconds())})
	to := "/tv"
	if l := r.URL.Query().Get("lang"); l == "nl" || l == "en" { // the wall keeps the connect page's language
		to += "?lang=" + l
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// tvConnectHeld answers a connect attempt that must wait: 429 with Retry-After, and the connect
// page saying when to try again, as a held-back sign-in's (loginHeld).
func (s *Server) tvConnectHeld(w http.ResponseWriter, r *http.Request, retry time.Duration) {
	p := s.newPage(r, "")
	p.Title, p.Script = p.T("wall_connect_title"), true
	p.Error = fmt.Sprintf(p.T("held"), waitIn(p.Lang, setRetryAfter(w, retry)))
	s.render(w, r, http.StatusTooManyRequests, "tv_connect", p)
}

// tvSlide is one page of the wall: its content when the wall brings it along (the first, or
// every one for a screen that runs no script), else the address the wall's script fetches it
// from when its turn comes.
type tvSlide struct {
	Key, Title, URL string
	Content         template.HTML
}

type tvPage struct {
	*dashPage
	Name   string // the wall screen's; none for a person looking at the wall
	Slides []tvSlide
	Rotate int
	// NextURL is where a screen that runs no script goes after Rotate seconds: the wall with
	// its next page brought (?show=KEY), so such a screen rotates too, a page a request.
	NextURL string
}

// wallPages are the pages the request's wall screen shows, and its name; a person with a login
// sees every wall page, as a preview, under no name.
func wallPages(r *http.Request) ([]string, string) {
	if pr := principalOf(r); pr.wall != nil {
		return pr.wall.Pages, pr.wall.Name
	}
	return cx.WallPages, ""
}

// wallRequest is r with the wall's period, this month unless the URL says otherwise, and its
// query without the wall's own show.
func wallRequest(r *http.Request) *http.Request {
	q := r.URL.Query()
	if q.Get("period") == "" {
		q.Set("period", "month")
	}
	q.Del("show")
	r = r.Clone(r.Context())
	r.URL.RawQuery = q.Encode()
	return r
}

// tvPage shows the wall: each chosen page in turn (app.js rotates them), its figures of this
// month unless the URL says otherwise. The wall brings one page's content, its first or the one
// ?show= names; the script fetches each other page from tvSlidePage when it comes next, and the
// page on screen again when the figures change, so a wall asks for one page's work at a time,
// not four pages' at every change (the live stream's pause is two seconds). A screen that runs
// no script rotates by its noscript's refresh: after the rotation's seconds the wall again,
// with the next page brought — one page's work a request there too, and figures at most one
// turn old.
func (s *Server) tvPage(w http.ResponseWriter, r *http.Request) {
	chosen, name := wallPages(r)
	show := r.URL.Query().Get("show")
	r = wallRequest(r)
	d := s.newDash(r, "tv_title", "/tv")
	tp := &tvPage{dashPage: d, Name: name, Rotate: rotateSeconds}
	for _, key := range chosen {
		if path, ok := slidePaths[key]; ok {
			tp.Slides = append(tp.Slides, tvSlide{Key: key, Title: d.T("nav" + path), URL: "/tv/slide/" + key + "?" + r.URL.RawQuery})
		}
	}
	if len(tp.Slides) > 0 {
		// A page the wall was not given (an old link, a changed wall) brings the first.
		at := max(0, slices.IndexFunc(tp.Slides, func(sl tvSlide) bool { return sl.Key == show }))
		tp.Slides[at].Content = s.slide(r, tp.Slides[at].Key)
		next := r.URL.Query()
		next.Set("show", tp.Slides[(at+1)%len(tp.Slides)].Key)
		tp.NextURL = "/tv?" + next.Encode()
	}
	rememberLang(w, r)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := tvTemplate.ExecuteTemplate(w, "tv", tp); err != nil {
		s.log.ErrorContext(r.Context(), "template", "page", "tv", "error", err)
	}
}

// tvSlidePage is the content of one of the wall's pages, for its script (tvPage); a page the
// wall screen was not given is not found.
func (s *Server) tvSlidePage(w http.ResponseWriter, r *http.Request) {
	chosen, _ := wallPages(r)
	key := r.PathValue("key")
	if _, ok := slidePaths[key]; !ok || !slices.Contains(chosen, key) {
		s.fail(w, r, cx.Errorf(cx.ENOTFOUND, "wall page %q: not a page of this wall screen", key))
		return
	}
	r = wallRequest(r)
	content := s.slide(r, key)
	// The wall's heading names the period, which a wall that runs for days leaves behind (a
	// month ends): the page's answer says which it is, and the script sets it.
	w.Header().Set("X-Period", url.PathEscape(s.readView(r).label()))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	io.WriteString(w, string(content))
}

// slideKey marks a request whose dashboard page is wanted as a wall slide: renderDash then
// writes only the page's content, into the buffer.
type slideKey struct{}

// onWall says whether r asks for a dashboard page as a wall's slide: the view then links
// nowhere (view.link), as the wall's cookie opens no page but the wall's. A person previewing
// the wall sees it as the screen does.
func onWall(r *http.Request) bool {
	_, ok := r.Context().Value(slideKey{}).(*bytes.Buffer)
	return ok
}

// slide is the content of one dashboard page, made by that page's own handler.
func (s *Server) slide(r *http.Request, key string) template.HTML {
	handler := map[string]http.HandlerFunc{"overview": s.overview, "service": s.servicePage, "team": s.teamPage, "why": s.whyPage}[key]
	var buf bytes.Buffer
	handler(discard{header: http.Header{}}, r.WithContext(context.WithValue(r.Context(), slideKey{}, &buf)))
	return template.HTML(buf.String()) // html/template wrote it, escaping what it must
}

// discard is a response nobody reads: a slide's page writes into its buffer instead.
type discard struct{ header http.Header }

func (d discard) Header() http.Header         { return d.header }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}

var tvTemplate = template.Must(template.New("tv").Funcs(funcs).ParseFS(templateFiles, "templates/tv.html"))

// wallCreate makes a wall screen from the tokens page's form and shows its link once.
func (s *Server) wallCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, cx.Errorf(cx.EINVALID, "the form cannot be read: %v", err))
		return
	}
	var plain string
	err := s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		var ws *cx.WallScreen
		var err error
		if plain, ws, err = s.app.CreateWallScreen(ctx, principalOf(r).user.ID, r.PostForm.Get("name"), r.PostForm["pages"], s.now()); err != nil {
			return nil, err
		}
		return line(cx.AuditWallCreate, ws.Name, cx.Phrase("pages", strings.Join(ws.Pages, ", "))), nil
	})
	if cx.ErrorCode(err) == cx.EINVALID {
		s.renderTokensWith(w, r, http.StatusUnprocessableEntity, func(p *page) { p.Error = p.problem(err) })
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	link := s.baseURL(r) + "/tv/connect#" + plain
	s.renderTokensWith(w, r, http.StatusCreated, func(p *page) { p.NewWall = link })
}

// visibleWalls are the wall screens the user may see and revoke: an admin every one, a manager
// those they made, as with API tokens (visibleTokens).
func (s *Server) visibleWalls(r *http.Request) ([]cx.WallScreen, error) {
	all, err := s.app.WallScreens(r.Context())
	if err != nil {
		return nil, err
	}
	return visibleTo(principalOf(r), all, func(ws cx.WallScreen) int64 { return ws.CreatedBy }), nil
}

// wallDelete revokes a wall screen the user may see; another's is not found.
func (s *Server) wallDelete(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, cx.Errorf(cx.EINVALID, "id: %q is not a wall screen's number", r.PathValue("id")))
		return
	}
	walls, err := s.visibleWalls(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(walls, func(ws cx.WallScreen) bool { return ws.ID == id })
	if i < 0 {
		s.fail(w, r, cx.Refuse(cx.ENOTFOUND, "", "not_found/wall", "wall screen %d not found", id))
		return
	}
	err = s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		return line(cx.AuditWallDelete, walls[i].Name, cx.Phrase("wall_screen", strconv.FormatInt(id, 10))), s.app.DeleteWallScreen(ctx, id)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/tokens", http.StatusSeeOther)
}
