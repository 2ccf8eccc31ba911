package pull

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// The answers below are written in the shapes of Freshdesk's API documentation,
// https://developers.freshdesk.com/api/:
//   - #list_all_tickets: a JSON list of ticket objects (cc_emails first), with "stats" when
//     include=stats; updated_since, order_by, order_type, per_page (at most 100), page
//   - #view_all_satisfaction_ratings: a JSON list of rating objects, ratings.default_question
//     on the survey's points (103 … -103)
//   - #ratelimit: X-RateLimit-Total and X-RateLimit-Remaining on every answer, Retry-After
//     on a 429
//   - #authentication: basic auth, the API key as user and X as password; a wrong key is a 401
//     {"code":"invalid_credentials","message":"You have to be logged in to perform this action."}

var fdBase = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// fdTicket is ticket i of the account: updated at fdBase + i-1 minutes, created an hour before
// that, answered 20 minutes after creation, resolved 40 minutes after; source 1 (Email), but
// ticket 3 is 10 (Outbound Email).
func fdTicket(i int) string {
	updated := fdBase.Add(time.Duration(i-1) * time.Minute)
	created := updated.Add(-time.Hour)
	f := func(t time.Time) string { return `"` + t.Format(time.RFC3339) + `"` }
	source := "1"
	if i == 3 {
		source = "10"
	}
	id := strconv.Itoa(i)
	return `{"cc_emails":["team@example.nl"],"fwd_emails":[],"reply_cc_emails":[],"ticket_cc_emails":[],` +
		`"fr_escalated":false,"spam":false,"email_config_id":null,"group_id":77,"priority":1,"requester_id":50` + id + `,` +
		`"responder_id":12,"source":` + source + `,"company_id":null,"status":4,"subject":"Bestelling ` + id + `",` +
		`"association_type":null,"support_email":null,"to_emails":null,"product_id":null,"id":` + id + `,"type":"Question",` +
		`"due_by":` + f(created.Add(72*time.Hour)) + `,"fr_due_by":` + f(created.Add(24*time.Hour)) + `,"is_escalated":false,` +
		`"custom_fields":{},"created_at":` + f(created) + `,"updated_at":` + f(updated) + `,"associated_tickets_count":null,` +
		`"tags":[],"stats":{"agent_responded_at":` + f(created.Add(20*time.Minute)) + `,"requester_responded_at":null,` +
		`"first_responded_at":` + f(created.Add(20*time.Minute)) + `,"status_updated_at":` + f(created.Add(40*time.Minute)) + `,` +
		`"reopened_at":null,"resolved_at":` + f(created.Add(40*time.Minute)) + `,"closed_at":null,"pending_since":null}}`
}

const fdTickets = 130

// fdRatings: ticket 7 rated twice, the newer (100, neutral) counts.
const fdRatings = `[` +
	`{"id":11000000123,"survey_id":11000000001,"user_id":505,"agent_id":12,"feedback":"Top geholpen","group_id":77,"ticket_id":5,"ratings":{"default_question":103},"created_at":"2026-03-02T10:00:00Z","updated_at":"2026-03-02T10:00:00Z"},` +
	`{"id":11000000124,"survey_id":11000000001,"user_id":507,"agent_id":12,"feedback":"Niemand belde terug","group_id":77,"ticket_id":7,"ratings":{"default_question":-103},"created_at":"2026-03-02T11:00:00Z","updated_at":"2026-03-02T11:00:00Z"},` +
	`{"id":11000000125,"survey_id":11000000001,"user_id":507,"agent_id":12,"feedback":"Toch opgelost","group_id":77,"ticket_id":7,"ratings":{"default_question":100},"created_at":"2026-03-03T09:00:00Z","updated_at":"2026-03-03T09:00:00Z"},` +
	`{"id":11000000126,"survey_id":11000000001,"user_id":509,"agent_id":12,"feedback":"","group_id":77,"ticket_id":9,"ratings":{"default_question":101},"created_at":"2026-03-03T10:00:00Z","updated_at":"2026-03-03T10:00:00Z"}]`

// freshdeskService answers List All Tickets as documented: the tickets updated at or after
// updated_since, by updated_at ascending, per_page a page; the first answer says the minute's
// requests are used up. The ratings are refused once with 429 Retry-After: 1.
func freshdeskService(t *testing.T) *service {
	s := newService(t, "fd-key-456", "X", answer{status: 401,
		body: `{"code":"invalid_credentials","message":"You have to be logged in to perform this action."}`})
	s.on(key("/api/v2/surveys/satisfaction_ratings?created_since=2026-03-01T00:00:00Z&page=1&per_page=100"),
		answer{status: 429, header: map[string]string{"Retry-After": "1"}, body: `{"message":"You have exceeded the limit of requests per minute"}`},
		answer{status: 200, body: fdRatings, header: map[string]string{"X-RateLimit-Total": "200", "X-RateLimit-Remaining": "197"}})
	s.handle = func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/v2/tickets" {
			return false
		}
		q := r.URL.Query()
		if f := q.Get("filter"); f == "deleted" || f == "spam" {
			w.Write([]byte("[]")) // no ticket of the account is deleted or spam
			return true
		}
		if q.Get("include") != "stats" || q.Get("order_by") != "updated_at" || q.Get("order_type") != "asc" || q.Get("per_page") != "100" {
			t.Errorf("tickets asked with %s", r.URL.RawQuery)
		}
		since, err1 := time.Parse(time.RFC3339, q.Get("updated_since"))
		page, err2 := strconv.Atoi(q.Get("page"))
		if err1 != nil || err2 != nil {
			t.Errorf("tickets asked with %s", r.URL.RawQuery)
		}
		var list []string
		for i := 1; i <= fdTickets; i++ {
			if !fdBase.Add(time.Duration(i-1) * time.Minute).Before(since) {
				list = append(list, fdTicket(i))
			}
		}
		list = list[min(len(list), (page-1)*100):min(len(list), page*100)]
		remaining := "150"
		if s.count(key("/api/v2/tickets?"+r.URL.RawQuery)) == 1 && page == 1 && since.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) {
			remaining = "0"
		}
		w.Header().Set("X-RateLimit-Total", "200")
		w.Header().Set("X-RateLimit-Remaining", remaining)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write([]byte("[" + strings.Join(list, ",") + "]"))
		return true
	}
	return s
}

func freshdeskConnector(t *testing.T, a *app.App, s *service, clk *clock) *Connector {
	t.Helper()
	base, err := BaseURL("freshdesk.url", s.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := &Client{Service: "Freshdesk", Base: base, User: "fd-key-456", Secret: "X",
		Check: said(importer.Message{EN: "$KLANTPULS_FRESHDESK_KEY"}), Now: clk.Now, Sleep: clk.Sleep}
	streams, err := Freshdesk(c, config.Default(), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return &Connector{App: a, Service: "freshdesk", Streams: streams, Holder: "test", Now: clk.Now}
}

func fdWant() map[cx.Kind][]string {
	var tickets []string
	for i := 1; i <= fdTickets; i++ {
		tickets = append(tickets, strconv.Itoa(i))
	}
	return map[cx.Kind][]string{cx.KindTickets: tickets, cx.KindResponses: {"5", "7", "9"}}
}

// Hand-worked: tickets 1–130 are updated a minute apart from 08:00. Page 1 (since 03-01) holds
// 1–100; the last is updated at 09:39, so the next page asks from 09:38:59, page 1 again, and
// gets 100–130: 31 tickets, fewer than 100, the end. Ticket 100 is read twice and stored once.
// The cursor ends a second before the last ticket's 10:09:00.
func TestFreshdeskSync(t *testing.T) {
	ctx := context.Background()
	a := openApp(t)
	s := freshdeskService(t)
	clk := &clock{now: time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)}
	counts, err := freshdeskConnector(t, a, s, clk).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored(t, a, fdWant())
	if len(counts) != 4 || counts[0].Pages != 2 || counts[0].Records[cx.KindTickets] != 131 || counts[1].Records[cx.KindResponses] != 3 ||
		counts[2].Deleted+counts[3].Deleted != 0 {
		t.Errorf("counts = %+v; want 2 pages of 100 and 31 tickets, 3 responses, none deleted or spam", counts)
	}
	second := key("/api/v2/tickets?include=stats&order_by=updated_at&order_type=asc&page=1&per_page=100&updated_since=2026-03-02T09:38:59Z")
	if got := s.count(second); got != 1 {
		t.Errorf("the second page (%s) asked %d times, want 1", second, got)
	}
	// X-RateLimit-Remaining: 0 holds the next request back a minute; the 429 a second.
	if want := []time.Duration{time.Minute, time.Second}; !slices.Equal(clk.waits, want) {
		t.Errorf("waits = %v, want %v", clk.waits, want)
	}
	rec, _ := a.Record(ctx, cx.KindTickets, "3")
	tk := rec.(*cx.Ticket)
	// Ticket 3: updated 08:02, created 07:02, answered 07:22, resolved 07:42; Outbound Email.
	if !tk.CreatedAt.Equal(time.Date(2026, 3, 2, 7, 2, 0, 0, time.UTC)) || !tk.FirstReplyAt.Equal(time.Date(2026, 3, 2, 7, 22, 0, 0, time.UTC)) ||
		!tk.SolvedAt.Equal(time.Date(2026, 3, 2, 7, 42, 0, 0, time.UTC)) || tk.Channel != "email" || tk.Direction != "outbound" ||
		tk.Agent != "12" || tk.Team != "77" || tk.CustomerID != "503" || tk.Category != "Question" {
		t.Errorf("ticket 3 = %+v", tk)
	}
	// On Freshdesk's own scale, as the answers came: 103, the newer 100, 101.
	for id, want := range map[string]int{"5": 103, "7": 100, "9": 101} {
		rec, _ := a.Record(ctx, cx.KindResponses, id)
		if r := rec.(*cx.Response); r.Score != want || r.Survey != "csat" || r.Scale != "freshdesk" {
			t.Errorf("response %s = %+v, want score %d", id, r, want)
		}
	}
	if got := cursorOfStream(t, a, "freshdesk.tickets"); got != "page=1&since=2026-03-02T10%3A08%3A59Z" {
		t.Errorf("tickets cursor = %q", got)
	}
	if got := cursorOfStream(t, a, "freshdesk.ratings"); got != "page=1&since=2026-03-03T09%3A59%3A59Z" {
		t.Errorf("ratings cursor = %q", got)
	}
}

// The sync is cancelled while the second page is asked for: page 1 stays committed with the
// cursor after it; the next run asks for page 2 and the ratings, and ends with exactly the
// records of one clean run.
func TestFreshdeskResume(t *testing.T) {
	a := openApp(t)
	s := freshdeskService(t)
	serve := s.handle
	ctx, cancel := context.WithCancel(context.Background())
	s.handle = func(w http.ResponseWriter, r *http.Request) bool {
		if strings.Contains(r.URL.RawQuery, "updated_since=2026-03-02T09%3A38%3A59Z") && ctx.Err() == nil {
			cancel()
			<-r.Context().Done()
			return true
		}
		return serve(w, r)
	}
	clk := &clock{now: time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)}
	if _, err := freshdeskConnector(t, a, s, clk).Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("the cancelled sync: %v", err)
	}
	want := fdWant()
	stored(t, a, map[cx.Kind][]string{cx.KindTickets: want[cx.KindTickets][:100]})
	if got := cursorOfStream(t, a, "freshdesk.tickets"); got != "last=2026-03-02T09%3A39%3A00Z&page=1&since=2026-03-02T09%3A38%3A59Z" {
		t.Errorf("cursor after the cancel = %q", got)
	}
	if _, err := freshdeskConnector(t, a, s, clk).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	stored(t, a, want)
	first := key("/api/v2/tickets?include=stats&order_by=updated_at&order_type=asc&page=1&per_page=100&updated_since=2026-03-01T00:00:00Z")
	if got := s.count(first); got != 1 {
		t.Errorf("page 1 asked %d times, want 1", got)
	}
}

func TestFreshdeskBadAnswers(t *testing.T) {
	a := openApp(t)
	s := newService(t, "fd-key-456", "X", answer{status: 401,
		body: `{"code":"invalid_credentials","message":"You have to be logged in to perform this action."}`})
	clk := &clock{now: time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)}
	c := freshdeskConnector(t, a, s, clk)
	c.Streams[0].(*freshdeskList).c.Secret = "Y"
	_, err := c.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "401 Unauthorized") || !strings.Contains(err.Error(), "$KLANTPULS_FRESHDESK_KEY") ||
		!strings.Contains(err.Error(), s.srv.URL+"/api/v2/tickets?") {
		t.Errorf("a wrong key: %v", err)
	}
	stored(t, a, nil)
}

// A ticket page whose items are no tickets (an object where the list belongs) is refused.
func TestFreshdeskNotAList(t *testing.T) {
	var items []json.RawMessage
	c := &Client{Service: "Freshdesk"}
	err := c.page("https://acme.freshdesk.com/api/v2/tickets", 200, http.Header{}, []byte(`{"code":"x"}`), &items)
	if err == nil || !strings.Contains(err.Error(), "https://acme.freshdesk.com/api/v2/tickets") {
		t.Errorf("an object for a list: %v", err)
	}
}

// TestFreshdeskRatingsFullPageWithARepeat: page 1 of the ratings is full, 100 ratings, of which
// two are of ticket 1 (so 99 tickets); page 2 holds ticket 1000's. All 100 tickets' ratings are
// read: a page is the last when Freshdesk sends fewer than 100, whatever klantpuls keeps of it.
func TestFreshdeskRatingsFullPageWithARepeat(t *testing.T) {
	rating := func(id, ticket int, at string) string {
		return `{"id":` + strconv.Itoa(id) + `,"survey_id":11000000001,"user_id":500,"agent_id":12,"feedback":"","group_id":77,` +
			`"ticket_id":` + strconv.Itoa(ticket) + `,"ratings":{"default_question":103},"created_at":"` + at + `","updated_at":"` + at + `"}`
	}
	var first []string
	for i := 1; i <= 99; i++ {
		first = append(first, rating(i, i, "2026-03-02T10:00:00Z"))
	}
	first = append(first, rating(100, 1, "2026-03-02T11:00:00Z"))
	s := newService(t, "fd-key-456", "X", answer{status: 401, body: `{"code":"invalid_credentials"}`})
	s.on(key("/api/v2/surveys/satisfaction_ratings?created_since=2026-03-01T00:00:00Z&page=1&per_page=100"),
		answer{status: 200, body: "[" + strings.Join(first, ",") + "]"})
	s.on(key("/api/v2/surveys/satisfaction_ratings?created_since=2026-03-01T00:00:00Z&page=2&per_page=100"),
		answer{status: 200, body: "[" + rating(101, 1000, "2026-03-02T12:00:00Z") + "]"})
	s.handle = func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/v2/tickets" {
			return false
		}
		w.Write([]byte("[]"))
		return true
	}
	a := openApp(t)
	clk := &clock{now: time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)}
	if _, err := freshdeskConnector(t, a, s, clk).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, err := a.Count(context.Background(), cx.KindResponses); err != nil || n != 100 {
		t.Errorf("responses = %d (%v), want 100: 99 tickets of page 1 and ticket 1000 of page 2", n, err)
	}
}

// List All Tickets (https://developers.freshdesk.com/api/#list_all_tickets): "By default, only
// tickets that have not been deleted or marked as spam will be returned, unless you use the
// 'deleted' filter" (filter=deleted, filter=spam). The stand-in answers so: ticket 1 is listed by
// the first run; before the second it is deleted in Freshdesk, or marked spam (updated then), so
// the plain list no longer holds it and only its filter does, with "deleted": true or "spam":
// true. A ticket deleted or marked spam in the help desk is gone from its figures, as the Zendesk
// connector removes a ticket of status "deleted": after the second run klantpuls holds none.
// The last case is a ticket the plain list still holds, marked spam: it is deleted all the same.
func TestFreshdeskRemovedTicketIsDeleted(t *testing.T) {
	for _, c := range []struct {
		name, filter, mark string
	}{
		{"deleted", "deleted", `"spam":false,"deleted":true,`},
		{"marked spam", "spam", `"spam":true,`},
		{"marked spam in the plain list", "", `"spam":true,`},
	} {
		t.Run(c.name, func(t *testing.T) {
			removed := false
			s := newService(t, "fd-key-456", "X", answer{status: 401, body: `{"code":"invalid_credentials"}`})
			s.handle = func(w http.ResponseWriter, r *http.Request) bool {
				switch r.URL.Path {
				case "/api/v2/tickets":
					q := r.URL.Query()
					if q.Get("updated_since") == "" || q.Get("order_by") != "updated_at" || q.Get("order_type") != "asc" {
						t.Errorf("tickets asked with %s", r.URL.RawQuery)
					}
					t1 := fdTicket(1)
					if removed {
						t1 = strings.Replace(t1, `"spam":false,`, c.mark, 1)
						t1 = strings.Replace(t1, `"updated_at":"2026-03-02T08:00:00Z"`, `"updated_at":"2026-03-21T09:00:00Z"`, 1)
					}
					// The plain list holds ticket 1 until it is removed (the last case: after too);
					// the filter lists it once it is.
					listed := c.filter
					if !removed {
						listed = ""
					}
					if q.Get("filter") == listed {
						w.Write([]byte("[" + t1 + "]"))
					} else {
						w.Write([]byte("[]"))
					}
					return true
				case "/api/v2/surveys/satisfaction_ratings":
					w.Write([]byte("[]"))
					return true
				}
				return false
			}
			a := openApp(t)
			clk := &clock{now: time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)}
			if _, err := freshdeskConnector(t, a, s, clk).Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			stored(t, a, map[cx.Kind][]string{cx.KindTickets: {"1"}})
			removed = true
			clk.now = time.Date(2026, 3, 22, 12, 0, 0, 0, time.UTC)
			counts, err := freshdeskConnector(t, a, s, clk).Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := a.Count(context.Background(), cx.KindTickets); n != 0 {
				t.Errorf("%d tickets stored after ticket 1 was %s in Freshdesk, want 0", n, c.name)
			}
			deleted := 0
			for _, n := range counts {
				deleted += n.Deleted
			}
			if deleted != 1 {
				t.Errorf("counts = %+v; want 1 ticket reported deleted", counts)
			}
		})
	}
}

// TestFreshdeskNewestRatingAcrossPages: the freshdesk-satisfaction-api preset keys a response
// by its ticket, "a later rating replaces an earlier one", and freshdesk.go says the ratings
// list's order "is not documented". Ticket 7 was rated twice: -103 on 2 March 11:00 and, after
// it was solved after all, 100 on 3 March 09:00. The list (Freshdesk's order is its own) gives
// the newer on page 1 (a full page of 100) and the older on page 2. The response stored for
// ticket 7 must be the newer one, 100, as when both are on one page (newestByKey).
func TestFreshdeskNewestRatingAcrossPages(t *testing.T) {
	a := openApp(t)
	s := freshdeskService(t)
	rating := func(id, ticket, score int, at string) string {
		return fmt.Sprintf(`{"id":%d,"survey_id":11000000001,"user_id":50%d,"agent_id":12,"feedback":"","group_id":77,`+
			`"ticket_id":%d,"ratings":{"default_question":%d},"created_at":"%s","updated_at":"%s"}`, id, ticket, ticket, score, at, at)
	}
	// Page 1: the newest first: ticket 7's 100 of 3 March 09:00, then 99 ratings of tickets
	// 1000–1098 of 3 March 08:00; page 2: ticket 7's -103 of 2 March 11:00.
	page1 := []string{rating(11000000125, 7, 100, "2026-03-03T09:00:00Z")}
	for i := 0; i < 99; i++ {
		page1 = append(page1, rating(11000001000+i, 1000+i, 103, "2026-03-03T08:00:00Z"))
	}
	page2 := []string{rating(11000000124, 7, -103, "2026-03-02T11:00:00Z")}
	serve := s.handle
	s.handle = func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/v2/surveys/satisfaction_ratings" {
			return serve(w, r)
		}
		list := page1
		if r.URL.Query().Get("page") == "2" {
			list = page2
		} else if r.URL.Query().Get("page") != "1" {
			list = nil
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write([]byte("[" + strings.Join(list, ",") + "]"))
		return true
	}
	clk := &clock{now: time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)}
	if _, err := freshdeskConnector(t, a, s, clk).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec, err := a.Record(context.Background(), cx.KindResponses, "7")
	if err != nil {
		t.Fatal(err)
	}
	if r := rec.(*cx.Response); r.Score != 100 {
		t.Errorf("ticket 7's response: score %d submitted %v; want the newer rating, 100 of 3 March 09:00 (the older -103 of 2 March, read on the later page, replaced it)", r.Score, r.SubmittedAt)
	}
}
