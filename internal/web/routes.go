package web

import (
	"net/http"

	"github.com/klantpuls/klantpuls/internal/auth"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// route is one endpoint and what it needs.
type route struct {
	pattern     string     // method and path, Go 1.22 ServeMux syntax
	action      string     // the permission needed; "" for a public route
	sessionOnly bool       // refused to API tokens (managing tokens needs a person)
	stream      bool       // a long-lived response: no handler timeout
	body        int64      // the most a request may send, when more than Options.MaxBody
	page        bool       // a page for people: without a login, go to the login page; answers as answerPage
	part        bool       // of page: a part of a page its script fetches (a wall's page), not a page to open
	wall        bool       // a wall screen's cookie opens it too (wall.go); no other route accepts that cookie
	answer      answerKind // how it answers, errors included (errorpage.go): JSON unless marked
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

		{pattern: "GET /login", answer: answerPage, handler: s.loginPage},
		{pattern: "POST /login", answer: answerPage, handler: s.login},
		{pattern: "POST /logout", action: auth.ActionOwnFigures, sessionOnly: true, answer: answerPage, handler: s.logout},
		{pattern: "GET /setup", answer: answerPage, handler: s.setupPage},
		{pattern: "POST /setup", answer: answerPage, handler: s.setup},
		{pattern: "GET /tokens", action: auth.ActionManageTokens, sessionOnly: true, answer: answerPage, handler: s.tokensPage},
		{pattern: "POST /tokens", action: auth.ActionManageTokens, sessionOnly: true, answer: answerPage, handler: s.tokenCreate},
		{pattern: "POST /tokens/{id}/delete", action: auth.ActionManageTokens, sessionOnly: true, answer: answerPage, handler: s.tokenDeleteForm},
		{pattern: "POST /tokens/walls", action: auth.ActionManageTokens, sessionOnly: true, answer: answerPage, handler: s.wallCreate},
		{pattern: "POST /tokens/walls/{id}/delete", action: auth.ActionManageTokens, sessionOnly: true, answer: answerPage, handler: s.wallDelete},
		// The wall screen: its link's secret is exchanged for a cookie (POST), which opens /tv, its pages and its live stream only.
		{pattern: "GET /tv", action: auth.ActionOwnFigures, sessionOnly: true, wall: true, page: true, handler: s.tvPage},
		{pattern: "GET /tv/slide/{key}", action: auth.ActionOwnFigures, sessionOnly: true, wall: true, page: true, part: true, handler: s.tvSlidePage},
		{pattern: "GET /tv/live", action: auth.ActionOwnFigures, sessionOnly: true, wall: true, stream: true, handler: s.live},
		{pattern: "GET /tv/connect", answer: answerPage, handler: s.tvConnectPage},
		{pattern: "POST /tv/connect", answer: answerPage, handler: s.tvConnect},
		// E-mail digests (digest.go): the user's own schedule, and unsubscribing by a signed link
		// without a login — the GET only shows a button; the POST (also RFC 8058's one-click) acts.
		{pattern: "GET /settings/digest", action: auth.ActionOwnFigures, sessionOnly: true, page: true, handler: s.digestSettingsPage},
		{pattern: "POST /settings/digest", action: auth.ActionOwnFigures, sessionOnly: true, answer: answerPage, handler: s.digestSettingsSave},
		// The user's own password (ui_password.go): the current one proves it is them.
		{pattern: "GET /settings/password", action: auth.ActionOwnFigures, sessionOnly: true, page: true, handler: s.passwordPage},
		{pattern: "POST /settings/password", action: auth.ActionOwnFigures, sessionOnly: true, answer: answerPage, handler: s.passwordChange},
		{pattern: "GET /digest/unsubscribe", answer: answerPage, handler: s.digestUnsubscribePage},
		{pattern: "POST /digest/unsubscribe", answer: answerPage, handler: s.digestUnsubscribe},
		{pattern: "GET /static/{path...}", handler: s.static},
		{pattern: "GET /{$}", action: auth.ActionOwnFigures, sessionOnly: true, page: true, handler: s.overview},
		{pattern: "GET /service", action: auth.ActionOwnFigures, sessionOnly: true, page: true, handler: s.servicePage},
		{pattern: "GET /backlog", action: auth.ActionOwnFigures, sessionOnly: true, page: true, handler: s.backlogPage},
		{pattern: "GET /team", action: auth.ActionOwnFigures, sessionOnly: true, page: true, handler: s.teamPage},
		{pattern: "GET /why", action: auth.ActionOwnFigures, sessionOnly: true, page: true, handler: s.whyPage},
		{pattern: "GET /drill", action: auth.ActionOwnFigures, sessionOnly: true, page: true, handler: s.drillPageHandler},
		// A dashboard page's downloads (dash_export.go): the page's figures as PDF or workbook.
		{pattern: "GET /export.pdf", action: auth.ActionOwnFigures, sessionOnly: true, answer: answerPage, handler: s.exportPDF},
		{pattern: "GET /export.xlsx", action: auth.ActionOwnFigures, sessionOnly: true, answer: answerPage, handler: s.exportXLSX},
		{pattern: "GET /why/examples", action: auth.ActionOwnFigures, sessionOnly: true, answer: answerPage, handler: s.whyExamples},
		{pattern: "GET /customers", action: auth.ActionReport, sessionOnly: true, page: true, handler: s.customersPage},
		{pattern: "GET /risico", action: auth.ActionReport, sessionOnly: true, page: true, handler: s.riskPageHandler},
		{pattern: "GET /customers/{id}", action: auth.ActionReport, sessionOnly: true, page: true, handler: s.customerPage},
		{pattern: "GET /tickets/{id}", action: auth.ActionOwnFigures, sessionOnly: true, page: true, handler: s.ticketPage},
		{pattern: "GET /feedback", action: auth.ActionReport, sessionOnly: true, page: true, handler: s.feedbackPage},
		{pattern: "POST /feedback/{kind}/{id}/replied", action: auth.ActionReply, sessionOnly: true, answer: answerPage, handler: s.markReplied},
		{pattern: "GET /targets", action: auth.ActionTargets, sessionOnly: true, page: true, handler: s.targetsPage},
		{pattern: "POST /targets", action: auth.ActionTargets, sessionOnly: true, answer: answerPage, handler: s.targetsSave},
		{pattern: "GET /audit", action: auth.ActionAudit, sessionOnly: true, page: true, handler: s.auditLogPage},
		// The users page (ui_users.go): list, add, change, set a password, remove.
		{pattern: "GET /users", action: auth.ActionManageUsers, sessionOnly: true, page: true, handler: s.usersPage},
		{pattern: "POST /users", action: auth.ActionManageUsers, sessionOnly: true, answer: answerPage, handler: s.userCreateForm},
		{pattern: "POST /users/{id}", action: auth.ActionManageUsers, sessionOnly: true, answer: answerPage, handler: s.userChangeForm},
		{pattern: "POST /users/{id}/password", action: auth.ActionManageUsers, sessionOnly: true, answer: answerPage, handler: s.userPasswordForm},
		{pattern: "POST /users/{id}/delete", action: auth.ActionManageUsers, sessionOnly: true, answer: answerPage, handler: s.userRemoveForm},
		{pattern: "GET /import", action: auth.ActionIngest, sessionOnly: true, page: true, handler: s.importForm},
		// An upload of up to MaxUpload, and a little for the form around it, takes longer than a handler's timeout.
		{pattern: "POST /import", action: auth.ActionIngest, sessionOnly: true, stream: true, body: MaxUpload + 1<<20, answer: answerPage, handler: s.importUpload},
		{pattern: "GET /import/{id}", action: auth.ActionIngest, sessionOnly: true, page: true, handler: s.importFilePage},
		{pattern: "POST /import/{id}/start", action: auth.ActionIngest, sessionOnly: true, answer: answerPage, handler: s.importStart},
		{pattern: "GET /imports", action: auth.ActionIngest, sessionOnly: true, page: true, handler: s.importsPage},
		{pattern: "GET /imports/{id}", action: auth.ActionIngest, sessionOnly: true, page: true, handler: s.importRunPage},
		{pattern: "GET /imports/{id}/status", action: auth.ActionIngest, sessionOnly: true, handler: s.importStatus},
		{pattern: "GET /imports/{id}/rejects", action: auth.ActionIngest, sessionOnly: true, answer: answerPage, handler: s.importRejects},
		{pattern: "GET /mappings", action: auth.ActionIngest, sessionOnly: true, page: true, handler: s.mappingsPage},
		{pattern: "POST /mappings", action: auth.ActionIngest, sessionOnly: true, answer: answerPage, handler: s.mappingSave},
		{pattern: "POST /mappings/{name}/delete", action: auth.ActionIngest, sessionOnly: true, answer: answerPage, handler: s.mappingDelete},

		{pattern: "GET /api/v1/me", action: auth.ActionOwnFigures, handler: s.me},
		{pattern: "GET /api/v1/report", action: auth.ActionOwnFigures, handler: s.report},
		{pattern: "GET /api/v1/series", action: auth.ActionOwnFigures, handler: s.series},
		{pattern: "GET /api/v1/why", action: auth.ActionOwnFigures, handler: s.why},
		{pattern: "GET /api/v1/drill", action: auth.ActionOwnFigures, handler: s.drillAPI},
		{pattern: "GET /api/v1/customers/{id}", action: auth.ActionReport, handler: s.customer},
		{pattern: "GET /api/v1/live", action: auth.ActionOwnFigures, stream: true, handler: s.live},
		{pattern: "GET /api/v1/users", action: auth.ActionManageUsers, handler: s.users},
		{pattern: "POST /api/v1/users", action: auth.ActionManageUsers, sessionOnly: true, handler: s.userCreate},
		{pattern: "PATCH /api/v1/users/{id}", action: auth.ActionManageUsers, sessionOnly: true, handler: s.userChangeAPI},
		{pattern: "DELETE /api/v1/users/{id}", action: auth.ActionManageUsers, sessionOnly: true, handler: s.userRemoveAPI},
		{pattern: "GET /api/v1/tokens", action: auth.ActionManageTokens, sessionOnly: true, handler: s.tokens},
		{pattern: "POST /api/v1/tokens", action: auth.ActionManageTokens, sessionOnly: true, handler: s.tokenCreateAPI},
		{pattern: "DELETE /api/v1/tokens/{id}", action: auth.ActionManageTokens, sessionOnly: true, handler: s.tokenDelete},
		{pattern: "GET /api/v1/audit", action: auth.ActionAudit, handler: s.auditAPI},
	}
	if s.surveys != nil {
		rt = append(rt, s.surveyRoutes()...)
	}
	for _, kind := range cx.Kinds {
		rt = append(rt, route{pattern: "POST /api/v1/" + string(kind), action: auth.ActionIngest, handler: s.ingest(kind)},
			route{pattern: "PATCH /api/v1/" + string(kind) + "/{id}", action: auth.ActionIngest, handler: s.patchRecord(kind)},
			route{pattern: "DELETE /api/v1/" + string(kind) + "/{id}", action: auth.ActionIngest, handler: s.recordDelete(kind)})
	}
	rt = append(rt, s.hookRoutes()...)
	// Not bounded in time: the database rewrites its files afterwards (app.Erase), which takes
	// longer than a request's timeout on a large database, and must not be cut off half-way.
	rt = append(rt, route{pattern: "POST /api/v1/customers/{id}/erase", action: auth.ActionErase, stream: true, handler: s.customerErase})
	return rt
}

// routes builds the handler: every route guarded by its permission, bounded in time and size
// (and a path or method no API route takes answered as the API answers: api_unmatched.go),
// behind cross-origin protection (CSRF: a form posted from another site is refused by the
// browser's own Sec-Fetch-Site and Origin headers) and the outer wrapper. It also notes how
// each route answers, for the errors answered outside its handler.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	s.answers = map[string]answerKind{}
	table := s.routeTable()
	table = append(table, s.unmatchedRoutes(mux, table)...)
	for _, rt := range table {
		if rt.page {
			rt.answer = answerPage
		}
		s.answers[rt.pattern] = rt.answer
		var h http.Handler = s.guard(rt, rt.handler)
		switch rt.answer {
		case answerPage:
			h = withPartial(h)
		case answerSurvey:
			h = withSurveyLang(h)
		}
		if !rt.stream {
			h = withTimeout(h, rt.answer)
		}
		mux.Handle(rt.pattern, s.limitBody(h, rt.body))
	}
	csrf := http.NewCrossOriginProtection()
	// The widget answers from the company's own site, cross-origin by design; its endpoint
	// checks the Origin against the site's list and a signed token instead.
	csrf.AddInsecureBypassPattern("POST /w/{key}/answer")
	// A webhook is sent by a tool's server, proven by its signature (hooks_receive.go).
	csrf.AddInsecureBypassPattern(hookPattern)
	// A one-click unsubscribe (RFC 8058) is POSTed by the mail program, from wherever it runs,
	// without a session or a form of ours; the signed token in the link is the proof, and a
	// forged request cannot know it.
	csrf.AddInsecureBypassPattern("POST /digest/unsubscribe")
	csrf.AddInsecureBypassPattern("POST /u/{token}")
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := mux.Handler(r) // refused before the mux: ask it which route this was
		const detail = "a form or request from another site is refused (cross-site request forgery protection)"
		s.problemAs(w, r, s.answers[pattern], Problem{Status: http.StatusForbidden, Detail: detail,
			cause: &cx.Error{Code: cx.EINVALID, Message: detail, Key: "guard_cross_site"}})
	}))
	return s.outer(csrf.Handler(mux))
}

// timeoutDetail is what a request that took too long is told, by withTimeout or by fail.
const timeoutDetail = "the request took too long; sending records again is safe"

// withTimeout bounds a handler's time. http.TimeoutHandler writes its own fixed body on a
// timeout, so the body and its type are chosen beforehand for the way the route answers (a
// handler that answers in time sets its own type).
func withTimeout(h http.Handler, answer answerKind) http.Handler {
	body, contentType := `{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"`+timeoutDetail+`"}`, "application/problem+json"
	if answer != answerJSON {
		body, contentType = timeoutPage, "text/html; charset=utf-8"
	}
	th := http.TimeoutHandler(h, handlerTimeout, body)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		th.ServeHTTP(w, r)
	})
}

// timeoutPage is the page of a request that took too long, in both languages: it is written
// before the request's language is known.
const timeoutPage = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>klantpuls</title>` +
	`<link rel="stylesheet" href="/static/app.css"></head><body><main>` +
	`<p class="error" role="alert">Dit duurde te lang; probeer het zo nog eens.</p>` +
	`<p class="error" role="alert" lang="en">This took too long; please try again shortly.</p>` +
	`<p><a href="/">klantpuls</a></p></main></body></html>`

// surveyRoutes are the routes of klantpuls's own surveys: the customer's pages (public, reached
// by signed links), the widget, the admin's pages and the team's follow-up list.
func (s *Server) surveyRoutes() []route {
	return []route{
		{pattern: "GET /a/{token}", answer: answerSurvey, handler: s.answerLink},
		{pattern: "POST /a/{token}", answer: answerSurvey, handler: s.answerLinkPost},
		{pattern: "GET /s/{token}", answer: answerSurvey, handler: s.surveyForm},
		{pattern: "POST /s/{token}", answer: answerSurvey, handler: s.surveyAnswer},
		{pattern: "POST /s/{token}/opened", handler: s.surveyOpened},
		{pattern: "GET /u/{token}", answer: answerSurvey, handler: s.unsubscribe},
		{pattern: "POST /u/{token}", answer: answerSurvey, handler: s.unsubscribe},
		{pattern: "GET /widget.js", handler: s.widgetScript},
		{pattern: "GET /w/{key}", handler: s.widgetConfig},
		{pattern: "OPTIONS /w/{key}/answer", handler: s.widgetPreflight},
		{pattern: "POST /w/{key}/answer", handler: s.widgetAnswer},
		{pattern: "GET /surveys", action: auth.ActionConfig, sessionOnly: true, page: true, handler: s.surveysPage},
		{pattern: "POST /surveys", action: auth.ActionConfig, sessionOnly: true, answer: answerPage, handler: s.surveySave},
		{pattern: "POST /surveys/{id}/invite", action: auth.ActionConfig, sessionOnly: true, answer: answerPage, handler: s.surveyInvite},
		{pattern: "POST /surveys/bounces/clear", action: auth.ActionConfig, sessionOnly: true, answer: answerPage, handler: s.bounceClear},
		{pattern: "POST /sites", action: auth.ActionConfig, sessionOnly: true, answer: answerPage, handler: s.siteSave},
		{pattern: "POST /sites/{key}/delete", action: auth.ActionConfig, sessionOnly: true, answer: answerPage, handler: s.siteDelete},
		{pattern: "GET /alerts", action: auth.ActionConfig, sessionOnly: true, page: true, handler: s.alertsPage},
		{pattern: "POST /alerts", action: auth.ActionConfig, sessionOnly: true, answer: answerPage, handler: s.alertSave},
		{pattern: "POST /alerts/{id}/delete", action: auth.ActionConfig, sessionOnly: true, answer: answerPage, handler: s.alertDelete},
		{pattern: "GET /followups", action: auth.ActionOwnFigures, sessionOnly: true, page: true, handler: s.followUpsPage},
		// The ticked answers' owner: posted to the list itself, as no answer's form can be (an
		// answer's id is one path segment below it, and never empty), so an answer whose id is
		// "assign" is saved on itself (followUpSave).
		{pattern: "POST /followups", action: auth.ActionReply, sessionOnly: true, answer: answerPage, handler: s.followUpsAssign},
		{pattern: "POST /followups/{id}", action: auth.ActionReply, sessionOnly: true, answer: answerPage, handler: s.followUpSave},
		{pattern: "POST /api/v1/invitations", action: auth.ActionIngest, handler: s.invitationsAPI},
	}
}
