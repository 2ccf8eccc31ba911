package web

import (
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// FuzzAuditQuery: the audit log's action, user, before and limit never panic the page or the
// API; a query read asks for a known action and a page within the limit, and the link to the
// older page reads back as the same question; a query refused names one of its parameters.
func FuzzAuditQuery(f *testing.F) {
	for _, s := range []string{"", "action=user.create", "user=anna%40winkel.nl&before=120&limit=50", "before=0", "before=-5",
		"limit=1000000", "limit=abc", "action=drop", "before=9223372036854775808", "limit=+3&before=+7", "limit=%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("GET", "/audit", nil)
		r.URL.RawQuery = raw
		q, bad := auditQuery(r, auditPageRows)
		if bad != nil {
			if !slices.Contains([]string{"action", "before", "limit"}, bad.Param) {
				t.Fatalf("query %q refused naming %q", raw, bad.Param)
			}
			return
		}
		if q.Action != "" && !slices.Contains(cx.AuditActions, q.Action) || q.Before < 0 || q.Limit < 1 || q.Limit > app.MaxAuditPage {
			t.Fatalf("query %q read as %+v", raw, q)
		}
		entries := make([]cx.AuditEntry, q.PageSize())
		older := max(q.Before, 1) // the last entry shown: the next page is before it
		entries[len(entries)-1].ID = older
		link := olderLink("/audit", q, entries)
		u, err := url.Parse(link)
		if err != nil {
			t.Fatalf("query %q: older link %q: %v", raw, link, err)
		}
		next := httptest.NewRequest("GET", "/audit", nil)
		next.URL.RawQuery = u.RawQuery
		again, bad := auditQuery(next, auditPageRows)
		want := q
		want.Before = older
		if bad != nil || again.Action != want.Action || again.Actor != want.Actor || again.Limit != want.Limit || again.Before != want.Before {
			t.Errorf("query %q read as %+v; its older link %q reads back as %+v, %v", raw, q, link, again, bad)
		}
	})
}
