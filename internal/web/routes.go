package web

import (
	"net/http"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// route is one endpoint and what it needs.
type route struct {
	pattern     string // method and path, Go 1.22 ServeMux syntax
	action      string // the permission needed; "" for a public route
	sessionOnly bool   // refused to API tokens (managing tokens needs a person)
	stream      bool   // a long-lived response: no handler timeout
	page        bool   // a page for people: without a login, go to the login page
	handler     http.HandlerFunc
}

// routeTable lists every route of the server, once. The test that walks every route with every
// role reads this table, and the OpenAPI document is checked against it.
func (s *Server) routeTable() []route {
	rt := []route{
		{pattern: "GET /healthz", handler: s.healthz},
		{pattern: "GET /readyz", handler: s.readyz},
		{pattern: "GET /metrics", action: auth.ActionReport, handler: s.metricsHandler},
		{pattern: "GET /api/v1/openapi.json", handler: s.openAPI},

		{pattern: "GET /login", handler: s.loginPage},
		{pattern: "POST /login", handler: s.login},
		{pattern: "POST /logout", action: auth.ActionOwnFigures, sessionOnly: true, handler: s.logout},
		{pattern: "GET /setup", handler: s.setupPage},
		{pattern: "POST /setup", handler: s.setup},
		{pattern: "GET /tokens", action: auth.ActionManageTokens, sessionOnly: true, handler: s.tokensPage},
		{pattern: "POST /tokens", action: auth.ActionManageTokens, sessionOnly: true, handler: s.tokenCreate},
		{pattern: "POST /tokens/{id}/delete", action: auth.ActionManageTokens, sessionOnly: true, handler: s.tokenDeleteForm},
		{pattern: "GET /static/{path...}", handler: s.static},
		{pattern: "GET /{$}", action: auth.ActionOwnFigures, sessionOnly: true, page: true, handler: s.overview},
		{pattern: "GET /service", action: auth.ActionOwnFigures, sessionOnly: true, page: true, handler: s.servicePage},
		{pattern: "GET /team", action: auth.ActionOwnFigures, sessionOnly: true, page: true, handler: s.teamPage},
		{pattern: "GET /customers", action: auth.ActionReport, sessionOnly: true, page: true, handler: s.customersPage},
		{pattern: "GET /customers/{id}", action: auth.ActionReport, sessionOnly: true, page: true, handler: s.customerPage},
		{pattern: "GET /feedback", action: auth.ActionReport, sessionOnly: true, page: true, handler: s.feedbackPage},
		{pattern: "POST /feedback/{kind}/{id}/replied", action: auth.ActionReply, sessionOnly: true, handler: s.markReplied},
		{pattern: "GET /targets", action: auth.ActionTargets, sessionOnly: true, page: true, handler: s.targetsPage},
		{pattern: "POST /targets", action: auth.ActionTargets, sessionOnly: true, handler: s.targetsSave},
		{pattern: "GET /audit", action: auth.ActionAudit, sessionOnly: true, page: true, handler: s.auditLogPage},

		{pattern: "GET /api/v1/me", action: auth.ActionOwnFigures, handler: s.me},
		{pattern: "GET /api/v1/report", action: auth.ActionOwnFigures, handler: s.report},
		{pattern: "GET /api/v1/series", action: auth.ActionOwnFigures, handler: s.series},
		{pattern: "GET /api/v1/customers/{id}", action: auth.ActionReport, handler: s.customer},
		{pattern: "GET /api/v1/live", action: auth.ActionOwnFigures, stream: true, handler: s.live},
		{pattern: "GET /api/v1/users", action: auth.ActionManageUsers, handler: s.users},
		{pattern: "POST /api/v1/users", action: auth.ActionManageUsers, sessionOnly: true, handler: s.userCreate},
		{pattern: "GET /api/v1/tokens", action: auth.ActionManageTokens, sessionOnly: true, handler: s.tokens},
		{pattern: "POST /api/v1/tokens", action: auth.ActionManageTokens, sessionOnly: true, handler: s.tokenCreateAPI},
		{pattern: "DELETE /api/v1/tokens/{id}", action: auth.ActionManageTokens, sessionOnly: true, handler: s.tokenDelete},
		{pattern: "GET /api/v1/audit", action: auth.ActionAudit, handler: s.auditAPI},
	}
	if s.surveys != nil {
		rt = append(rt, s.surveyRoutes()...)
	}
	for _, kind := range cx.Kinds {
		rt = append(rt, route{pattern: "POST /api/v1/" + string(kind), action: auth.ActionIngest, handler: s.ingest(kind)})
	}
	return rt
}

// routes builds the handler: every route guarded by its permission, bounded in time and size,
// behind cross-origin protection (CSRF: a form posted from another site is refused by the
// browser's own Sec-Fetch-Site and Origin headers) and the outer wrapper.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		var h http.Handler = s.guard(rt, rt.handler)
		if !rt.stream {
			h = withTimeout(h)
		}
		mux.Handle(rt.pattern, h)
	}
	csrf := http.NewCrossOriginProtection()
	// The widget answers from the company's own site, cross-origin by design; its endpoint
	// checks the Origin against the site's list and a signed token instead.
	csrf.AddInsecureBypassPattern("POST /w/{key}/answer")
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, Problem{Status: http.StatusForbidden, Detail: "a form or request from another site is refused (cross-site request forgery protection)"})
	}))
	return s.outer(csrf.Handler(s.limitBody(mux)))
}

// withTimeout bounds a handler's time. http.TimeoutHandler writes its own body on a timeout,
// so the problem type is set beforehand (a handler that answers in time sets its own).
func withTimeout(h http.Handler) http.Handler {
	th := http.TimeoutHandler(h, handlerTimeout,
		`{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"the request took too long; sending records again is safe"}`)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		th.ServeHTTP(w, r)
	})
}

// surveyRoutes are the routes of klantpuls's own surveys: the customer's pages (public, reached
// by signed links), the widget, the admin's pages and the team's follow-up list.
func (s *Server) surveyRoutes() []route {
	return []route{
		{pattern: "GET /a/{token}", handler: s.answerLink},
		{pattern: "POST /a/{token}", handler: s.answerLinkPost},
		{pattern: "GET /s/{token}", handler: s.surveyForm},
		{pattern: "POST /s/{token}", handler: s.surveyAnswer},
		{pattern: "POST /s/{token}/opened", handler: s.surveyOpened},
		{pattern: "GET /u/{token}", handler: s.unsubscribe},
		{pattern: "POST /u/{token}", handler: s.unsubscribe},
		{pattern: "GET /widget.js", handler: s.widgetScript},
		{pattern: "GET /w/{key}", handler: s.widgetConfig},
		{pattern: "OPTIONS /w/{key}/answer", handler: s.widgetPreflight},
		{pattern: "POST /w/{key}/answer", handler: s.widgetAnswer},
		{pattern: "GET /surveys", action: auth.ActionConfig, sessionOnly: true, page: true, handler: s.surveysPage},
		{pattern: "POST /surveys", action: auth.ActionConfig, sessionOnly: true, handler: s.surveySave},
		{pattern: "POST /surveys/{id}/invite", action: auth.ActionConfig, sessionOnly: true, handler: s.surveyInvite},
		{pattern: "POST /sites", action: auth.ActionConfig, sessionOnly: true, handler: s.siteSave},
		{pattern: "POST /sites/{key}/delete", action: auth.ActionConfig, sessionOnly: true, handler: s.siteDelete},
		{pattern: "GET /alerts", action: auth.ActionConfig, sessionOnly: true, page: true, handler: s.alertsPage},
		{pattern: "POST /alerts", action: auth.ActionConfig, sessionOnly: true, handler: s.alertSave},
		{pattern: "POST /alerts/{id}/delete", action: auth.ActionConfig, sessionOnly: true, handler: s.alertDelete},
		{pattern: "GET /followups", action: auth.ActionReply, sessionOnly: true, page: true, handler: s.followUpsPage},
		{pattern: "POST /followups/{id}", action: auth.ActionReply, sessionOnly: true, handler: s.followUpSave},
		{pattern: "POST /api/v1/invitations", action: auth.ActionIngest, handler: s.invitationsAPI},
	}
}
