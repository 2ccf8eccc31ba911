package pull

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// The pages below are written in the shapes of Zendesk's documentation:
//   - the incremental export's cursor page (tickets, after_url, after_cursor, before_url,
//     before_cursor, end_of_stream): https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/
//   - the ticket object: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/
//   - the side-loaded metric_sets, each a Ticket Metrics object with its ticket_id:
//     https://developer.zendesk.com/documentation/ticketing/using-the-zendesk-api/side_loading and
//     https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metrics/
//   - the satisfaction ratings list with cursor pagination (meta.has_more, meta.after_cursor,
//     links.next): https://developer.zendesk.com/api-reference/ticketing/ticket-management/satisfaction_ratings/
//     and https://developer.zendesk.com/api-reference/introduction/pagination/
//   - a 401's body and a 429 with Retry-After: https://developer.zendesk.com/api-reference/introduction/rate-limits/

func zTicket(id, created, channel, typ string, assignee string) string {
	return `{"url":"https://acme.zendesk.com/api/v2/tickets/` + id + `.json","id":` + id + `,"external_id":null,` +
		`"via":{"channel":"` + channel + `","source":{"from":{},"to":{},"rel":null}},"created_at":"` + created + `",` +
		`"updated_at":"2026-03-16T09:00:00Z","generated_timestamp":1773651600,"type":"` + typ + `","subject":"Levering",` +
		`"raw_subject":"Levering","description":"Waar blijft mijn pakket?","priority":"normal","status":"solved",` +
		`"recipient":null,"requester_id":38` + id + `,"submitter_id":38` + id + `,"assignee_id":` + assignee + `,` +
		`"organization_id":null,"group_id":44,"collaborator_ids":[],"follower_ids":[],"email_cc_ids":[],` +
		`"forum_topic_id":null,"problem_id":null,"has_incidents":false,"is_public":true,"due_at":null,` +
		`"tags":["levering"],"custom_fields":[{"id":27642,"value":"745"}],"satisfaction_rating":null,` +
		`"sharing_agreement_ids":[],"fields":[{"id":27642,"value":"745"}],"followup_ids":[],"ticket_form_id":null,` +
		`"brand_id":1,"allow_channelback":false,"allow_attachments":true,"from_messaging_channel":false}`
}

func zMetrics(ticket, reply, firstRes, solved string, reopens, replies string) string {
	return `{"url":"https://acme.zendesk.com/api/v2/ticket_metrics/9` + ticket + `.json","id":9` + ticket + `,` +
		`"ticket_id":` + ticket + `,"created_at":"2026-03-13T13:05:00Z","updated_at":"2026-03-16T09:00:00Z",` +
		`"group_stations":1,"assignee_stations":1,"reopens":` + reopens + `,"replies":` + replies + `,` +
		`"assignee_updated_at":null,"requester_updated_at":"2026-03-13T13:05:00Z","status_updated_at":"2026-03-16T09:00:00Z",` +
		`"initially_assigned_at":"2026-03-13T13:10:00Z","assigned_at":"2026-03-13T13:10:00Z","solved_at":` + solved + `,` +
		`"latest_comment_added_at":"2026-03-15T10:00:00Z","reply_time_in_minutes":{"calendar":` + reply + `,"business":` + reply + `},` +
		`"first_resolution_time_in_minutes":{"calendar":` + firstRes + `,"business":` + firstRes + `},` +
		`"full_resolution_time_in_minutes":{"calendar":` + firstRes + `,"business":` + firstRes + `},` +
		`"agent_wait_time_in_minutes":{"calendar":0,"business":0},"requester_wait_time_in_minutes":{"calendar":0,"business":0},` +
		`"on_hold_time_in_minutes":{"calendar":0,"business":0}}`
}

func zPage(tickets, metrics []string, after string, end bool) string {
	afterURL, afterCursor := "null", "null"
	if after != "" {
		afterURL = `"https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=` + after + `"`
		afterCursor = `"` + after + `"`
	}
	endS := "false"
	if end {
		endS = "true"
	}
	return `{"tickets":[` + strings.Join(tickets, ",") + `],"metric_sets":[` + strings.Join(metrics, ",") + `],` +
		`"after_url":` + afterURL + `,"after_cursor":` + afterCursor + `,"before_url":null,"before_cursor":null,` +
		`"end_of_stream":` + endS + `}`
}

func zRating(id, ticket, score, comment, at string) string {
	return `{"url":"https://acme.zendesk.com/api/v2/satisfaction_ratings/` + id + `.json","id":` + id + `,` +
		`"assignee_id":135,"group_id":44,"requester_id":38` + ticket + `,"ticket_id":` + ticket + `,"score":"` + score + `",` +
		`"comment":"` + comment + `","reason":null,"reason_code":null,"created_at":"2026-03-13T15:00:00Z","updated_at":"` + at + `"}`
}

// Request keys: path?query, the query keys sorted.
const (
	zStart = "1772323200" // 2026-03-01T00:00:00Z, --since
	zPage1 = "/api/v2/incremental/tickets/cursor.json?include=metric_sets&start_time=" + zStart
	zPage2 = "/api/v2/incremental/tickets/cursor.json?cursor=c1&include=metric_sets"
	zPage3 = "/api/v2/incremental/tickets/cursor.json?cursor=c2&include=metric_sets"
	zRate1 = "/api/v2/satisfaction_ratings?page[size]=100&score=received&start_time=" + zStart
	zRate2 = "/api/v2/satisfaction_ratings?page[after]=r1&page[size]=100&score=received&start_time=" + zStart
)

// zendeskService answers the five pages: tickets 4101–4105 on three pages (the second refused
// once with 429 Retry-After: 1), ratings of 4101, 4102 and 4104 on two.
func zendeskService(t *testing.T) *service {
	s := newService(t, "anna@example.nl/token", "tok-123", answer{status: 401, body: `{"error":"Couldn't authenticate you"}`})
	s.on(key(zPage1), answer{status: 200, body: zPage(
		[]string{zTicket("4101", "2026-03-13T13:05:00Z", "email", "question", "135"), zTicket("4102", "2026-03-13T14:30:00Z", "web", "incident", "135")},
		[]string{zMetrics("4101", "35", "155", `"2026-03-13T15:40:00Z"`, "0", "2"), zMetrics("4102", "62", "2610", `"2026-03-15T10:00:00Z"`, "1", "3")},
		"c1", false)})
	s.on(key(zPage2), answer{status: 429, header: map[string]string{"Retry-After": "1"}, body: `{"error":"APIRateLimitExceeded"}`},
		answer{status: 200, body: zPage(
			[]string{zTicket("4103", "2026-03-14T08:01:00Z", "chat", "question", "null"), zTicket("4104", "2026-03-14T09:00:00Z", "voice", "problem", "136")},
			// 4103 is not answered yet: its durations are null.
			[]string{zMetrics("4103", "null", "null", "null", "0", "0"), zMetrics("4104", "4", "30", `"2026-03-14T09:30:00Z"`, "0", "1")},
			"c2", false)})
	// 4105 came without a metric set.
	s.on(key(zPage3), answer{status: 200, body: zPage([]string{zTicket("4105", "2026-03-15T12:00:00Z", "api", "task", "135")}, nil, "c3", true)})
	s.on(key(zRate1), answer{status: 200, body: `{"satisfaction_ratings":[` +
		zRating("35436", "4101", "good", "Snel geholpen", "2026-03-13T15:40:00Z") + `,` +
		zRating("35437", "4102", "bad", "Duurde te lang", "2026-03-15T10:05:00Z") + `],` +
		`"meta":{"has_more":true,"after_cursor":"r1","before_cursor":"r0"},` +
		`"links":{"prev":"https://acme.zendesk.com/api/v2/satisfaction_ratings.json?page[before]=r0&page[size]=100","next":"https://acme.zendesk.com/api/v2/satisfaction_ratings.json?page[after]=r1&page[size]=100"}}`})
	s.on(key(zRate2), answer{status: 200, body: `{"satisfaction_ratings":[` +
		zRating("35438", "4104", "good", "", "2026-03-14T10:00:00Z") + `],` +
		`"meta":{"has_more":false,"after_cursor":"r2","before_cursor":"r1"},"links":{"prev":null,"next":null}}`})
	return s
}

// key writes a request key as the service reads it back (url.Values.Encode escapes [ and ]).
func key(pathQuery string) string {
	path, query, _ := strings.Cut(pathQuery, "?")
	v, _ := url.ParseQuery(query)
	return path + "?" + v.Encode()
}

func zendeskConnector(t *testing.T, a *app.App, s *service, clk *clock, token string) *Connector {
	t.Helper()
	base, err := BaseURL("zendesk.url", s.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := &Client{Service: "Zendesk", Base: base, User: ZendeskUser("anna@example.nl"), Secret: token,
		Check: said(importer.Message{EN: "the e-mail address and $KLANTPULS_ZENDESK_TOKEN"}), Now: clk.Now, Sleep: clk.Sleep}
	streams, err := Zendesk(c, config.Default(), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	return &Connector{App: a, Service: "zendesk", Streams: streams, Holder: "test", Now: clk.Now}
}

var zendeskWant = map[cx.Kind][]string{
	cx.KindTickets:   {"4101", "4102", "4103", "4104", "4105"},
	cx.KindResponses: {"4101", "4102", "4104"},
}

func TestZendeskSync(t *testing.T) {
	ctx := context.Background()
	a := openApp(t)
	s := zendeskService(t)
	clk := &clock{now: time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)}
	counts, err := zendeskConnector(t, a, s, clk, "tok-123").Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored(t, a, zendeskWant)
	if len(counts) != 2 || counts[0].Pages != 3 || counts[0].Records[cx.KindTickets] != 5 ||
		counts[1].Pages != 2 || counts[1].Records[cx.KindResponses] != 3 {
		t.Errorf("counts = %+v; want tickets 3 pages 5 records, ratings 2 pages 3 records", counts)
	}
	// The incremental export 6 s apart (10 a minute); the 429's Retry-After: 1 obeyed, and its
	// retry starts the next 6 s; the ratings list has no such limit.
	if want := []time.Duration{6 * time.Second, time.Second, 6 * time.Second}; !slices.Equal(clk.waits, want) {
		t.Errorf("waits = %v, want %v", clk.waits, want)
	}
	if got := s.count(key(zPage2)); got != 2 {
		t.Errorf("page 2 asked %d times, want 2 (refused once)", got)
	}
	// Worked by hand from the fixtures: 4101 created 13:05, first reply 35 min later, first
	// resolution 155 min later; 4102's first resolution 2610 min = 43 h 30 min after 14:30.
	rec, _ := a.Record(ctx, cx.KindTickets, "4101")
	tk := rec.(*cx.Ticket)
	if !tk.FirstReplyAt.Equal(time.Date(2026, 3, 13, 13, 40, 0, 0, time.UTC)) || !tk.FirstSolvedAt.Equal(time.Date(2026, 3, 13, 15, 40, 0, 0, time.UTC)) ||
		tk.Channel != "email" || tk.Agent != "135" || tk.Team != "44" || tk.CustomerID != "384101" || tk.AgentReplies == nil || *tk.AgentReplies != 2 {
		t.Errorf("ticket 4101 = %+v", tk)
	}
	rec, _ = a.Record(ctx, cx.KindTickets, "4102")
	if tk := rec.(*cx.Ticket); !tk.FirstSolvedAt.Equal(time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)) || *tk.Reopens != 1 {
		t.Errorf("ticket 4102 = %+v", tk)
	}
	rec, _ = a.Record(ctx, cx.KindTickets, "4103")
	if tk := rec.(*cx.Ticket); !tk.FirstReplyAt.IsZero() || tk.Agent != "" || tk.Channel != "chat" {
		t.Errorf("ticket 4103 (not answered, no assignee) = %+v", tk)
	}
	rec, _ = a.Record(ctx, cx.KindTickets, "4105")
	if tk := rec.(*cx.Ticket); !tk.FirstReplyAt.IsZero() || tk.Reopens != nil || tk.Channel != "api" {
		t.Errorf("ticket 4105 (no metric set) = %+v", tk)
	}
	// "bad" on Zendesk's own scale, good-bad: 0 (good is 1), as the preset reads it.
	rec, _ = a.Record(ctx, cx.KindResponses, "4102")
	if r := rec.(*cx.Response); r.Score != 0 || r.Scale != "good-bad" || r.Comment != "Duurde te lang" || !r.SubmittedAt.Equal(time.Date(2026, 3, 15, 10, 5, 0, 0, time.UTC)) {
		t.Errorf("response 4102 = %+v", r)
	}
	// The cursors: the export's last after_cursor; the ratings from a week before their run
	// began (12:00:13, after the waits of 13 s): 2026-03-13T12:00:13Z.
	if got := cursorOfStream(t, a, "zendesk.tickets"); got != "c3" {
		t.Errorf("tickets cursor = %q, want c3", got)
	}
	if got := cursorOfStream(t, a, "zendesk.ratings"); got != "start=1773403213" {
		t.Errorf("ratings cursor = %q, want start=1773403213", got)
	}
}

// The connection drops in the middle of page 3: pages 1 and 2 stay committed, the cursor stays
// after page 2, and the next run asks for page 3 and the ratings only, ending with exactly the
// records of one clean run.
func TestZendeskResume(t *testing.T) {
	ctx := context.Background()
	a := openApp(t)
	s := zendeskService(t)
	page3 := s.answers[key(zPage3)][0]
	s.answers[key(zPage3)] = []answer{{drop: true, body: page3.body}, page3}
	clk := &clock{now: time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)}
	_, err := zendeskConnector(t, a, s, clk, "tok-123").Run(ctx)
	if err == nil || !strings.Contains(err.Error(), "cursor.json?cursor=c2") || !strings.Contains(err.Error(), "broke off") {
		t.Fatalf("the dropped page: %v", err)
	}
	stored(t, a, map[cx.Kind][]string{cx.KindTickets: {"4101", "4102", "4103", "4104"}})
	if got := cursorOfStream(t, a, "zendesk.tickets"); got != "c2" {
		t.Errorf("cursor after the drop = %q, want c2", got)
	}
	if _, err := zendeskConnector(t, a, s, clk, "tok-123").Run(ctx); err != nil {
		t.Fatal(err)
	}
	stored(t, a, zendeskWant)
	for k, want := range map[string]int{zPage1: 1, zPage2: 2, zPage3: 2, zRate1: 1, zRate2: 1} {
		if got := s.count(key(k)); got != want {
			t.Errorf("%s asked %d times, want %d", k, got, want)
		}
	}
}

// An answer that is no page of the export stops the sync with the URL and what to check, and
// commits nothing: no record, no cursor.
func TestZendeskBadAnswers(t *testing.T) {
	html := `<!DOCTYPE html><html><head><title>Help Center Closed</title></head><body>Oops</body></html>`
	cases := []struct {
		name  string
		a     answer
		token string
		want  []string
	}{
		{"HTML error page", answer{status: 200, header: map[string]string{"Content-Type": "text/html; charset=utf-8"}, body: html},
			"tok-123", []string{"not JSON (text/html", "<!DOCTYPE html>", "address of your Zendesk account"}},
		{"truncated JSON", answer{status: 200, body: `{"tickets":[{"url":"https://acme.zendesk.com/api/v2/tickets/4101.json","id":41`},
			"tok-123", []string{"breaks off", "nothing of this page was kept"}},
		{"wrong token", answer{}, "wrong", []string{"401 Unauthorized", "check the e-mail address and $KLANTPULS_ZENDESK_TOKEN"}},
		{"a ticket without created_at", answer{status: 200, body: zPage([]string{strings.Replace(zTicket("4101", "x", "email", "question", "135"), `"created_at":"x",`, "", 1)}, nil, "c1", true)},
			"tok-123", []string{":1: ticket.created_at", "nothing of the page was committed"}},
		{"429 asking for an hour", answer{status: 429, header: map[string]string{"Retry-After": "3600"}},
			"tok-123", []string{"asks to wait 1h0m0s", "longer than 5m0s"}},
		// More seconds than a wait holds (2^63-1 ns) are the longest wait, not one wrapped round
		// to 2^64 ns less: 0.29 s.
		{"429 asking for more than a wait holds", answer{status: 429, header: map[string]string{"Retry-After": "18446744074"}},
			"tok-123", []string{"asks to wait 2562047h47m16.854775807s", "longer than 5m0s"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := openApp(t)
			s := newService(t, "anna@example.nl/token", "tok-123", answer{status: 401, body: `{"error":"Couldn't authenticate you"}`})
			s.on(key(zPage1), c.a)
			clk := &clock{now: time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)}
			_, err := zendeskConnector(t, a, s, clk, c.token).Run(context.Background())
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range append(c.want, s.srv.URL+"/api/v2/incremental/tickets/cursor.json?") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			stored(t, a, nil)
			if got := cursorOfStream(t, a, "zendesk.tickets"); got != "" {
				t.Errorf("cursor %q stored", got)
			}
		})
	}
}

// While another node holds the lease, a sync asks nothing and says so; once it lapses, it runs.
func TestLeaseHeld(t *testing.T) {
	ctx := context.Background()
	a := openApp(t)
	s := zendeskService(t)
	clk := &clock{now: time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)}
	if ok, err := a.ClaimSync(ctx, "lease:zendesk", "other-node:42", clk.Now(), 10*time.Minute); !ok || err != nil {
		t.Fatal(ok, err)
	}
	_, err := zendeskConnector(t, a, s, clk, "tok-123").Run(ctx)
	if !errors.Is(err, ErrHeld) {
		t.Errorf("with the lease held elsewhere: %v", err)
	}
	// `klantpuls sync` says it in its language (syncIn).
	if w := (*Said)(nil); !errors.As(err, &w) || w.In(importer.Dutch) != "een ander klantpuls-proces synchroniseert deze dienst nu" {
		t.Errorf("with the lease held elsewhere, in Dutch: %#v", err)
	}
	if n := s.count(key(zPage1)); n != 0 {
		t.Errorf("asked %d times while the lease was held", n)
	}
	clk.now = clk.now.Add(10 * time.Minute)
	if _, err := zendeskConnector(t, a, s, clk, "tok-123").Run(ctx); err != nil {
		t.Errorf("after the lease lapsed: %v", err)
	}
	stored(t, a, zendeskWant)
}

// A ticket deleted in Zendesk comes in the incremental export with status "deleted" (unless
// exclude_deleted=true, which klantpuls no longer sends: "Excluding deleted tickets",
// https://developer.zendesk.com/documentation/ticketing/managing-tickets/using-the-incremental-export-api).
// The next run deletes it here, in the page's transaction with the page's other tickets; one
// klantpuls never had (4199) is deleted already. Its rating stays, as a deleted ticket's
// webhook leaves it.
func TestZendeskDeletedTicket(t *testing.T) {
	deleted := func(id string) string {
		return strings.Replace(zTicket(id, "2026-03-13T14:30:00Z", "web", "incident", "135"), `"status":"solved"`, `"status":"deleted"`, 1)
	}
	a, counts := zendeskSecondRun(t, zPage(
		[]string{deleted("4102"), zTicket("4106", "2026-03-19T08:00:00Z", "email", "question", "135"), deleted("4199")},
		[]string{zMetrics("4106", "12", "60", `"2026-03-19T09:00:00Z"`, "0", "1")}, "c4", true))
	stored(t, a, map[cx.Kind][]string{cx.KindTickets: {"4101", "4103", "4104", "4105", "4106"}, cx.KindResponses: {"4101", "4102", "4104"}})
	if counts[0].Records[cx.KindTickets] != 1 || counts[0].Deleted != 2 {
		t.Errorf("counts = %+v; want 1 ticket read, 2 reported deleted", counts[0])
	}
}

// A ticket merged into another is closed by Zendesk with the tag closed_by_merge ("Merging
// tickets", https://support.zendesk.com/hc/en-us/articles/4408882445594: the source ticket is
// closed, the target keeps the conversation), and the incremental export lists it as a ticket
// like any other (tags as a list of strings, the ticket object of
// https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/). It is one contact of
// the customer's, not a second: the next run deletes the one stored (4102, merged into 4101)
// and stores none for one klantpuls never had (4107), as Trengo's TICKET_MERGED deletes it.
// A ticket whose tags merely hold the words (not_closed_by_merge) stays.
func TestZendeskMergedTicket(t *testing.T) {
	tagged := func(id, tags string) string {
		t := zTicket(id, "2026-03-13T14:30:00Z", "web", "incident", "135")
		t = strings.Replace(t, `"status":"solved"`, `"status":"closed"`, 1)
		return strings.Replace(t, `"tags":["levering"]`, `"tags":`+tags, 1)
	}
	a, counts := zendeskSecondRun(t, zPage(
		[]string{tagged("4102", `["levering","closed_by_merge"]`), tagged("4107", `["closed_by_merge"]`),
			tagged("4108", `["not_closed_by_merge"]`)},
		[]string{zMetrics("4102", "62", "2610", `"2026-03-15T10:00:00Z"`, "1", "3"), zMetrics("4107", "null", "null", "null", "0", "0"),
			zMetrics("4108", "12", "60", `"2026-03-19T09:00:00Z"`, "0", "1")}, "c4", true))
	stored(t, a, map[cx.Kind][]string{cx.KindTickets: {"4101", "4103", "4104", "4105", "4108"}, cx.KindResponses: {"4101", "4102", "4104"}})
	if counts[0].Records[cx.KindTickets] != 1 || counts[0].Deleted != 2 {
		t.Errorf("counts = %+v; want 1 ticket read, 2 merged away deleted", counts[0])
	}
}

// zendeskSecondRun syncs zendeskService's pages into a new database, then runs again, the
// ticket export answering page past c3 and the ratings none new.
func zendeskSecondRun(t *testing.T, page string) (*app.App, []Counts) {
	t.Helper()
	ctx := context.Background()
	a := openApp(t)
	s := zendeskService(t)
	clk := &clock{now: time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)}
	if _, err := zendeskConnector(t, a, s, clk, "tok-123").Run(ctx); err != nil {
		t.Fatal(err)
	}
	s.on(key("/api/v2/incremental/tickets/cursor.json?cursor=c3&include=metric_sets"), answer{status: 200, body: page})
	// The ratings from a week before the first run began (the cursor TestZendeskSync checks): none new.
	s.on(key("/api/v2/satisfaction_ratings?page[size]=100&score=received&start_time=1773403213"), answer{status: 200,
		body: `{"satisfaction_ratings":[],"meta":{"has_more":false,"after_cursor":null,"before_cursor":null},"links":{"prev":null,"next":null}}`})
	counts, err := zendeskConnector(t, a, s, clk, "tok-123").Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return a, counts
}
