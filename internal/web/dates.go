package web

import (
	"net/http"
	"time"

	"github.com/klantpuls/klantpuls/internal/report"
)

// Every page writes instants in one style, report.Lang's ("1 okt 2026 14:05"), in the account
// time zone. Only the values of date inputs and URLs stay ISO (2026-10-01): browsers and
// links read those.

// dateTime is t to the minute in the request's language and the account time zone.
func (s *Server) dateTime(r *http.Request, t time.Time) string {
	return report.Lang(language(r)).DateTime(t.In(s.app.Config.Timezone))
}

// stamp is t to the second, for the audit trail, alerts and imports.
func (s *Server) stamp(r *http.Request, t time.Time) string {
	return report.Lang(language(r)).Stamp(t.In(s.app.Config.Timezone))
}

// Num writes a count with the page language's thousands separators: 32.131 (nl), 32,131 (en).
func (p *page) Num(n int) string { return report.Lang(p.Lang).Number(float64(n), 0) }

// Date is t's day, for templates ({{$.Date .CreatedAt}}), in the account time zone.
func (p *page) Date(t time.Time) string { return report.Lang(p.Lang).Date(t.In(p.loc())) }

// DateTime is t to the minute, for templates, in the account time zone.
func (p *page) DateTime(t time.Time) string { return report.Lang(p.Lang).DateTime(t.In(p.loc())) }

// Zone names the account time zone for the page's script (the status line's data-zone), which
// says the time of a live update in it: a screen's own clock may be set to another zone.
func (p *page) Zone() string { return p.loc().String() }

func (p *page) loc() *time.Location {
	if p.zone == nil {
		return time.UTC
	}
	return p.zone
}
