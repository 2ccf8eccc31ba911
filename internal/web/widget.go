package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/idna"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/survey"
	"github.com/klantpuls/klantpuls/internal/survey/form"
)

// The widget: a company puts one script tag on its own site,
//
//	<script src="https://klantpuls.example.nl/widget.js" data-site="SITE-KEY" async></script>
//
// and its visitors answer in place. Requests come from the company's origin, so these
// endpoints answer with CORS headers — only for the origins the site lists — and the answer
// endpoint is exempt from the same-site form protection; a signed token from the first
// request ties an answer to the invitation the widget was shown for. Neither stops a script,
// which sets any Origin it likes: answers are limited per token and per address as well.

// allowOrigin checks the request's Origin against the site and sets the CORS headers.
func (s *Server) allowOrigin(w http.ResponseWriter, r *http.Request) (*cx.Site, bool) {
	site, err := s.app.Site(r.Context(), r.PathValue("key"))
	origin := r.Header.Get("Origin")
	w.Header().Set("Vary", "Origin")
	if err != nil && cx.ErrorCode(err) != cx.ENOTFOUND {
		s.fail(w, r, err)
		return nil, false
	}
	if err != nil || origin == "" || !slices.ContainsFunc(site.Origins, func(o string) bool {
		// A site saved before its form wrote origins as a browser does may hold one as typed.
		listed, err := siteOrigin(o)
		return o == origin || err == nil && listed == origin
	}) {
		s.problem(w, r, Problem{Status: http.StatusForbidden, Detail: "this site may not show the survey from this origin"})
		return nil, false
	}
	w.Header().Set("Access-Control-Allow-Origin", origin)
	w.Header().Set("Access-Control-Allow-Methods", "GET, POST")
	w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
	w.Header().Set("Access-Control-Max-Age", "600")
	return site, true
}

// siteOrigin is typed, an origin a site's form lists, as a browser writes its Origin header —
// what allowOrigin compares byte for byte: scheme and host in lower case (an international
// name in its xn-- form), without the scheme's default port, and nothing after the host. A
// page's address is refused naming its origin: the widget on https://www.winkel.nl/enquete is
// asked from https://www.winkel.nl, and a site saved with the path would never have shown it.
func siteOrigin(typed string) (string, error) {
	notOrigin := cx.Refuse(cx.EINVALID, "origins", "site_bad_origin", "%q is not an origin such as https://www.example.nl", typed)
	u, err := url.Parse(typed)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Opaque != "" || u.User != nil || u.Hostname() == "" {
		return "", notOrigin
	}
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") { // an IPv6 address
		if host, err = ipv6Origin(host); err != nil {
			return "", notOrigin
		}
	} else if host, err = browserNames.ToASCII(host); err != nil {
		return "", notOrigin
	}
	origin := u.Scheme + "://" + host
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return "", notOrigin
		}
		if n != map[string]int{"https": 443, "http": 80}[u.Scheme] {
			origin += ":" + strconv.Itoa(n)
		}
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", cx.Refuse(cx.EINVALID, "origins", "site_origin_is_page",
			"%q is a page's address; give the site's origin, without a path: %s", typed, origin)
	}
	return origin, nil
}

// browserNames writes a host name as a browser does (the URL Standard's domain to ASCII: UTS 46
// without its transitional mapping, CheckHyphens or the STD3 rules): an underscore or a label
// such as r3---sn-4g5e is a name a browser visits, refused by idna.Lookup's registration rules.
var browserNames = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.Transitional(false),
	idna.StrictDomainName(false), idna.CheckHyphens(false))

// ipv6Origin writes an IPv6 address as a browser's Origin does (the URL Standard's IPv6
// serialiser, RFC 5952's form in brackets): the longest run of zeros compressed, and no
// dotted IPv4 part, ::ffff:192.0.2.1 is [::ffff:c000:201]. A zone is no part of a URL.
func ipv6Origin(host string) (string, error) {
	ip, err := netip.ParseAddr(host)
	if err != nil || !ip.Is6() || ip.Zone() != "" {
		return "", errors.New("not an IPv6 address")
	}
	if ip.Is4In6() {
		b := ip.As16()
		return fmt.Sprintf("[::ffff:%x:%x]", uint16(b[12])<<8|uint16(b[13]), uint16(b[14])<<8|uint16(b[15])), nil
	}
	return "[" + ip.String() + "]", nil
}

// widgetPreflight answers the browser's question before a cross-origin POST.
func (s *Server) widgetPreflight(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.allowOrigin(w, r); ok {
		w.WriteHeader(http.StatusNoContent)
	}
}

// widgetConfig shows the survey: the question and scale in the visitor's language, and a token
// for this showing; the answer to a score names the follow-up question to ask. It writes nothing: the showing's invitation (channel
// widget) is made by its first answer.
func (s *Server) widgetConfig(w http.ResponseWriter, r *http.Request) {
	site, ok := s.allowOrigin(w, r)
	if !ok {
		return
	}
	if ok, retry := s.limiter.allow("widget:"+clientNetwork(r), s.now()); !ok {
		s.tooMany(w, r, retry)
		return
	}
	lang := survey.Lang(r.URL.Query().Get("lang")) // the host page's tag, "EN-GB" as "en-gb"
	sv, err := s.app.Survey(r.Context(), site.SurveyID)
	if err != nil && cx.ErrorCode(err) != cx.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	if err != nil || !sv.Active {
		s.problem(w, r, Problem{Status: http.StatusNotFound, Detail: "the site's survey is not active"})
		return
	}
	lo, hi := s.surveys.Scale(sv.Kind)
	low, high := s.surveys.Ends(sv.Kind, lang)
	words := surveyWords[lang]
	// Each showing has its own token: a cache (a CDN in front, the browser's) must not hand
	// one showing's token, and its three answers, to every visitor.
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{
		"token": s.surveys.WidgetToken(sv, lang), "kind": sv.Kind,
		"question": survey.Question(sv, lang), "min": lo, "max": hi, "low": low, "high": high, "lang": lang,
		"send": words["send"], "thanks": words["thanks"], "close": words["close"],
		// A browser's cached script of before the answer named the follow-up (max-age an hour)
		// labels the comment box with this.
		"comment": words["comment"],
	})
}

// Limits of widget answers. The Origin header proves nothing — any script outside a browser
// sets it — so answers are limited by what a script cannot forge:
//   - per visitor token (the signed token of one showing of the widget): 3 scores, the first
//     and two changes, and 3 comments, for as long as the token is valid
//     (survey.WidgetTokenLife, a day). A token's answers replace one another (one answer per
//     showing), so the count only bounds the writes. It is kept in memory per site, for as
//     many showings as the site's limit below lets answer in a token's life (8,840: 17,680
//     counts, some 3 MB), so a site answered at its limit all day takes no room of another's.
//   - per address (clientNetwork: an IPv6 /64): 10 scores at once, then one a minute. An office or a mobile
//     network behind one address can still answer; a script gets 10 and then one a minute. A
//     token that is not valid takes from this share too, a score or a comment, and from no other.
//   - per site (its key): 200 scores at once, then one every 10 seconds (360 an hour). A
//     script with many addresses still cannot push one site's NPS down at will; a shop's
//     visitors, a few hundred answers on a busy day, do not come near it.
const (
	widgetPerToken      = 3
	widgetBurstPerAddr  = 10
	widgetPerAddrPerSec = 1.0 / 60
	widgetBurstPerSite  = 200
	widgetPerSitePerSec = 1.0 / 10
	// maxWidgetBody bounds the widget's body: a token and a comment of 4,000 characters of
	// up to 4 bytes each fit with room to spare.
	maxWidgetBody = 64 << 10
)

type widgetLimits struct {
	perToken            *counter
	perAddress, perSite *limiter
}

func newWidgetLimits() *widgetLimits {
	// A token's scores and comments are counted apart: two keys a showing.
	showings := widgetBurstPerSite + int(widgetPerSitePerSec*survey.WidgetTokenLife.Seconds())
	return &widgetLimits{perToken: newCounter(widgetPerToken, survey.WidgetTokenLife, 2*showings),
		perAddress: newLimiter(widgetPerAddrPerSec, widgetBurstPerAddr), perSite: newLimiter(widgetPerSitePerSec, widgetBurstPerSite)}
}

// widgetAnswer records a score ({"token", "score"}, with "comment" when sent with it) or a
// comment ({"token", "response", "comment"}) from the widget. A score's answer names the follow-up question to ask, by the
// rule of the hosted page (survey.Service.FollowUp), so the script holds no rule of its own.
func (s *Server) widgetAnswer(w http.ResponseWriter, r *http.Request) {
	site, ok := s.allowOrigin(w, r)
	if !ok {
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxWidgetBody+1))
	if err != nil || len(body) > maxWidgetBody {
		s.problem(w, r, Problem{Status: http.StatusRequestEntityTooLarge, Detail: "the body is too large"})
		return
	}
	in, err := form.DecodeWidget(body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The token is checked before any limit is taken: its signature is an HMAC compared in
	// constant time, and only a signed token costs a look-up. A token that is not valid (or is
	// another survey's) takes from its sender's address only, so bad tokens from many addresses
	// cannot use up the site's share and shut its real visitors out.
	addr := "addr:" + clientNetwork(r)
	inv, err := s.surveys.OpenWidget(r.Context(), in.Token)
	if err != nil && cx.ErrorCode(err) != cx.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	if err != nil || inv.SurveyID != site.SurveyID {
		if s.allowWidget(w, r, s.widget.perAddress, addr) {
			s.problem(w, r, Problem{Status: http.StatusForbidden, Detail: "the survey token is not valid or has expired"})
		}
		return
	}
	if in.Response == "" && (!s.allowWidget(w, r, s.widget.perAddress, addr) ||
		!s.allowWidget(w, r, s.widget.perSite, "site:"+site.Key)) {
		return
	}
	sv, err := s.app.Survey(r.Context(), inv.SurveyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	answer, err := in.Check(s.surveys.Scale(sv.Kind))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if answer.IsComment && inv.CreatedAt.IsZero() {
		// A comment on a showing never answered names no answer, and takes no room in the count.
		s.fail(w, r, form.ErrNoSuchAnswer)
		return
	}
	kind := map[bool]string{true: "comment:", false: "score:"}[answer.IsComment]
	if ok, retry := s.widget.perToken.take(site.Key, kind+inv.ID, s.now()); !ok {
		s.tooMany(w, r, retry)
		return
	}
	if answer.IsComment {
		if err := s.surveys.Comment(r.Context(), inv, answer.Response, answer.Comment); err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"response": answer.Response})
		return
	}
	if err := s.surveys.Widget(r.Context(), inv); err != nil {
		s.fail(w, r, err)
		return
	}
	resp, err := s.surveys.Answer(r.Context(), inv, answer.Score, answer.Comment, survey.ViaWidget)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	question := s.surveys.FollowUp(sv, inv.Lang, resp.Score)
	if question == "" {
		question = surveyWords[inv.Lang]["comment"]
	}
	writeJSON(w, http.StatusOK, map[string]string{"response": resp.ID, "follow_up": question})
}

// allowWidget takes one answer from key's share, or answers 429 with Retry-After.
func (s *Server) allowWidget(w http.ResponseWriter, r *http.Request, l *limiter, key string) bool {
	ok, retry := l.allow(key, s.now())
	if !ok {
		s.tooMany(w, r, retry)
	}
	return ok
}

// widgetScript serves the widget's script (any site may load it; it only talks to this server).
func (s *Server) widgetScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
	b, err := staticFiles.ReadFile("static/widget.js")
	if err != nil { // it is embedded: only a build without it gets here
		s.fail(w, r, err)
		return
	}
	w.Write(b)
}
