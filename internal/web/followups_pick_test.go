package web

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestFollowUpsEngineAndDatabaseAgree: the list without a filter is picked, counted and paged
// by the engine and reads only the page's texts from the database; with a filter (a channel
// every answer has) the database picks it all. Both give the same items in the same order —
// the order worked out by hand, with answers of two kinds at the very same second — and the
// same texts.
func TestFollowUpsEngineAndDatabaseAgree(t *testing.T) {
	ts := startServer(t, func(o *Options) {
		o.Now = func() time.Time { return time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC) }
	})
	w := ts.withToken("adminWrite")
	for _, a := range []struct{ id, survey, at, comment string }{
		{"N1 3", "nps", "03-05 10:00", "te laat"},
		{"N2 0", "nps", "03-05 10:00", "kapot"},
		{"C1 1", "csat", "03-05 10:00", "onvriendelijk"},
		{"N3 6", "nps", "03-02 09:00", ""},
		{"C2 2", "csat", "03-10 08:00", "traag"},
		{"P1 9", "nps", "03-11 08:00", "top"}, // a promoter: no follow-up
		{"E1 1", "ces", "03-01 07:00", "moeilijk"},
		{"X1 1", "ces", "04-01 07:00", "april"}, // after the period
	} {
		id, score, _ := strings.Cut(a.id, " ")
		body := fmt.Sprintf(`{"response_id":%q,"survey":%q,"score":%s,"submitted_at":"2026-%s","channel":"web","comment":%q}`,
			id, a.survey, score, a.at, a.comment)
		if res := w.postJSON("/api/v1/responses", body); res.status != 200 {
			t.Fatalf("answer %s: %d %s", id, res.status, res.body)
		}
	}
	admin := ts.login("admin@example.com")
	item := regexp.MustCompile(`(?s)<li class="item[^"]*" id="r-([^"]+)">.*?<time>([^<]*)</time>.*?(?:<blockquote>([^<]*)</blockquote>)?\s*(?:<form|</li>)`)
	list := func(query string) string {
		res := admin.get("/followups?period=month" + query)
		if res.status != 200 {
			t.Fatalf("%s: %d", query, res.status)
		}
		var out []string
		for _, m := range item.FindAllStringSubmatch(res.body, -1) {
			out = append(out, m[1]+" "+m[2]+" "+m[3])
		}
		count := regexp.MustCompile(`<p class="count">([^<]*)</p>`).FindStringSubmatch(res.body)
		if count == nil {
			t.Fatalf("%s: no count", query)
		}
		return count[1] + ": " + strings.Join(out, " | ")
	}
	for _, tt := range []struct{ name, query, want string }{
		{"oldest first", "", "6 open: E1 1 mrt 2026 07:00 moeilijk | N3 2 mrt 2026 09:00  | N1 5 mrt 2026 10:00 te laat | " +
			"N2 5 mrt 2026 10:00 kapot | C1 5 mrt 2026 10:00 onvriendelijk | C2 10 mrt 2026 08:00 traag"},
		{"newest first", "&sort=newest", "6 open: C2 10 mrt 2026 08:00 traag | N1 5 mrt 2026 10:00 te laat | " +
			"N2 5 mrt 2026 10:00 kapot | C1 5 mrt 2026 10:00 onvriendelijk | N3 2 mrt 2026 09:00  | E1 1 mrt 2026 07:00 moeilijk"},
		{"scores of 1", "&score=1", "2 open: E1 1 mrt 2026 07:00 moeilijk | C1 5 mrt 2026 10:00 onvriendelijk"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			engine, database := list(tt.query), list(tt.query+"&channel=web")
			if engine != tt.want {
				t.Errorf("picked by the engine:\n got %s\nwant %s", engine, tt.want)
			}
			if database != tt.want {
				t.Errorf("picked by the database:\n got %s\nwant %s", database, tt.want)
			}
		})
	}
}
