package pull

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
)

// FuzzPages hands any answer to the page readers of both services (tickets and ratings): each
// returns records or an error naming the URL, never panics, and never moves the cursor on an
// error.
func FuzzPages(f *testing.F) {
	f.Add(zPage([]string{zTicket("4101", "2026-03-13T13:05:00Z", "email", "question", "135")},
		[]string{zMetrics("4101", "35", "155", `"2026-03-13T15:40:00Z"`, "0", "2")}, "c1", false))
	f.Add(`{"satisfaction_ratings":[` + zRating("1", "4101", "good", "ok", "2026-03-13T15:40:00Z") + `],"meta":{"has_more":false}}`)
	f.Add("[" + fdTicket(3) + "]")
	f.Add(fdRatings)
	f.Add(`{"tickets":[{"id":1}],"end_of_stream":true}`)
	f.Add(`{"tickets":[{"id":2,"status":"deleted"},{"status":"Deleted"}],"end_of_stream":true}`)
	f.Add(`[{"id":1,"updated_at":"2026-03-02T08:00:00Z","cc_emails":[]}]`)
	f.Add(`<html>`)
	var body atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(body.Load().(string)))
	}))
	defer srv.Close()
	base, _ := BaseURL("url", srv.URL)
	c := &Client{Service: "Test", Base: base, Sleep: func(context.Context, time.Duration) error { return nil }}
	since := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	zs, _ := Zendesk(c, config.Default(), since, time.Now)
	fs, _ := Freshdesk(c, config.Default(), since)
	streams := append(zs, fs...)
	f.Fuzz(func(t *testing.T, answer string) {
		body.Store(answer)
		for _, s := range streams {
			page, err := s.Next(context.Background(), "")
			if err != nil {
				if !strings.Contains(err.Error(), srv.URL) && !strings.Contains(err.Error(), "cursor") {
					t.Errorf("%s: the error does not name the URL: %v", s.Name(), err)
				}
				continue
			}
			if page.Cursor == "" && !page.Done {
				t.Errorf("%s: a page with no cursor past it, not the last", s.Name())
			}
			for _, r := range page.Records {
				if r.Key() == "" {
					t.Errorf("%s: a record without its key: %+v", s.Name(), r)
				}
			}
			for _, d := range page.Deletes {
				if d.ID == "" {
					t.Errorf("%s: a deletion without its id: %+v", s.Name(), d)
				}
			}
		}
	})
}
