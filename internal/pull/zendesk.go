package pull

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
)

// Zendesk Support, by the documentation read for it:
//
//   - the cursor-based incremental ticket export, with metric sets side-loaded:
//     https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/
//     https://developer.zendesk.com/documentation/ticketing/managing-tickets/using-the-incremental-export-api
//     (GET /api/v2/incremental/tickets/cursor.json?start_time=… once, then ?cursor=after_cursor;
//     end_of_stream true when it has caught up; "up to 10 requests per minute"; deleted tickets
//     come in the export with status "deleted" unless exclude_deleted=true asks them left out,
//     "Excluding deleted tickets" on the second page)
//   - side-loading: https://developer.zendesk.com/documentation/ticketing/using-the-zendesk-api/side_loading
//     ("a top-level array of associated data under the appropriate resource key": metric_sets,
//     each naming its ticket_id)
//   - satisfaction ratings (legacy CSAT), cursor paginated:
//     https://developer.zendesk.com/api-reference/ticketing/ticket-management/satisfaction_ratings/
//     https://developer.zendesk.com/api-reference/introduction/pagination/
//     (score=received, start_time, page[size] and page[after]; meta.has_more, meta.after_cursor)
//   - authentication with an API token: https://developer.zendesk.com/api-reference/introduction/security-and-auth/
//     ({email}/token as the user, the token as the password)
//   - rate limits: https://developer.zendesk.com/api-reference/introduction/rate-limits/
//     (429 Too Many Requests with Retry-After in seconds)

// incrementalGap keeps the incremental export within its documented 10 requests a minute.
const incrementalGap = 6 * time.Second

// ratingLookback is how far before a run's start the next run asks for ratings again. A rating
// is listed by the time it was made, which for legacy CSAT is when the survey was offered
// (zendesk-satisfaction-json dates a response at updated_at for that reason); the customer
// answers days later, so a run asks again for the ratings of the past week, and their upserts
// change only what changed. Inferred from the page; it does not say which time start_time filters.
const ratingLookback = 7 * 24 * time.Hour

// Zendesk makes the two streams of a Zendesk account: tickets with their metrics, then
// satisfaction ratings. since is where a stream without a cursor starts (--since).
func Zendesk(c *Client, cfg *config.Config, since time.Time, now func() time.Time) ([]Stream, error) {
	tickets, err := NewRows("zendesk-tickets-api", cfg)
	if err != nil {
		return nil, err
	}
	ratings, err := NewRows("zendesk-satisfaction-json", cfg)
	if err != nil {
		return nil, err
	}
	return []Stream{
		&zendeskTickets{c: c, rows: tickets, since: since},
		&zendeskRatings{c: c, rows: ratings, since: since, now: now},
	}, nil
}

// ZendeskUser is the basic-auth user name of an API token: {email}/token.
func ZendeskUser(email string) string { return email + "/token" }

type zendeskTickets struct {
	c     *Client
	rows  *Rows
	since time.Time
}

func (s *zendeskTickets) Name() string { return "zendesk.tickets" }

// The incremental export's page (the "Cursor-based Pagination JSON Format" of the page above).
type zendeskTicketPage struct {
	Tickets     []json.RawMessage `json:"tickets"`
	MetricSets  []json.RawMessage `json:"metric_sets"`
	AfterCursor *string           `json:"after_cursor"`
	EndOfStream *bool             `json:"end_of_stream"`
}

func (s *zendeskTickets) Next(ctx context.Context, cursor string) (Page, error) {
	q := url.Values{"include": {"metric_sets"}} // deleted tickets included: they are deleted here too
	if cursor != "" {
		q.Set("cursor", cursor)
	} else if start, err := startTime(s.since); err != nil {
		return Page{}, err
	} else {
		q.Set("start_time", start)
	}
	u := s.c.URL("/api/v2/incremental/tickets/cursor.json", q)
	var p zendeskTicketPage
	if _, err := s.c.Get(ctx, u, incrementalGap, &p); err != nil {
		return Page{}, err
	}
	if p.Tickets == nil || p.EndOfStream == nil || p.AfterCursor == nil && !*p.EndOfStream {
		return Page{}, &HTTPError{URL: u, Status: 200, Reason: said(msgNotIncremental)}
	}
	live, deleted := splitDeleted(p.Tickets, func(t json.RawMessage) bool { return strings.EqualFold(field(t, "status"), "deleted") })
	// A ticket merged into another (tagged closed_by_merge) is deleted by the preset's delete rule.
	recs, merged, err := s.rows.Records(u, withMetricSets(live, p.MetricSets))
	if err != nil {
		return Page{}, err
	}
	next := cursor
	if p.AfterCursor != nil && *p.AfterCursor != "" {
		next = *p.AfterCursor
	}
	return Page{URL: u, Records: recs, Deletes: append(deleted, merged...), Cursor: next, Done: *p.EndOfStream}, nil
}

// withMetricSets makes each ticket a row {"ticket":…,"metric_set":…} with the metric set that
// names it (the preset zendesk-tickets-api reads both); a ticket without one gets null.
func withMetricSets(tickets, sets []json.RawMessage) []json.RawMessage {
	byTicket := map[string]json.RawMessage{}
	for _, m := range sets {
		byTicket[field(m, "ticket_id")] = m
	}
	out := make([]json.RawMessage, len(tickets))
	for i, t := range tickets {
		m, ok := byTicket[field(t, "id")]
		if !ok {
			m = json.RawMessage("null")
		}
		out[i] = json.RawMessage(`{"ticket":` + string(t) + `,"metric_set":` + string(m) + `}`)
	}
	return out
}

func startTime(since time.Time) (string, error) {
	if since.IsZero() {
		return "", errNoCursor
	}
	return strconv.FormatInt(since.Unix(), 10), nil
}

type zendeskRatings struct {
	c     *Client
	rows  *Rows
	since time.Time
	now   func() time.Time
	began time.Time // this run's start, for the next run's start_time
}

func (s *zendeskRatings) Name() string { return "zendesk.ratings" }

// The list's page with cursor pagination (the pagination page above).
type zendeskRatingPage struct {
	Ratings []json.RawMessage `json:"satisfaction_ratings"`
	Meta    *struct {
		HasMore     bool    `json:"has_more"`
		AfterCursor *string `json:"after_cursor"`
	} `json:"meta"`
}

// Next reads a page of received ratings. The cursor is start=UNIX, with after=PAGE-CURSOR while
// a run is part way.
func (s *zendeskRatings) Next(ctx context.Context, cursor string) (Page, error) {
	if s.began.IsZero() {
		s.began = s.now()
	}
	at, err := url.ParseQuery(cursor)
	if err != nil {
		return Page{}, said(msgBadCursor, cursor)
	}
	start := at.Get("start")
	if start == "" {
		if start, err = startTime(s.since); err != nil {
			return Page{}, err
		}
	}
	q := url.Values{"score": {"received"}, "start_time": {start}, "page[size]": {"100"}}
	if a := at.Get("after"); a != "" {
		q.Set("page[after]", a)
	}
	u := s.c.URL("/api/v2/satisfaction_ratings", q)
	var p zendeskRatingPage
	if _, err := s.c.Get(ctx, u, 0, &p); err != nil {
		return Page{}, err
	}
	if p.Ratings == nil || p.Meta == nil || p.Meta.HasMore && (p.Meta.AfterCursor == nil || *p.Meta.AfterCursor == "") {
		return Page{}, &HTTPError{URL: u, Status: 200, Reason: said(msgNotRatings)}
	}
	items := newestByKey(p.Ratings, "ticket_id", "updated_at")
	recs, deletes, err := s.rows.Records(u, items)
	if err != nil {
		return Page{}, err
	}
	if p.Meta.HasMore {
		return Page{URL: u, Records: recs, Deletes: deletes, Cursor: url.Values{"start": {start}, "after": {*p.Meta.AfterCursor}}.Encode()}, nil
	}
	// Caught up: the next run asks from a week before this one began, or from where this one
	// did if that is later.
	next, _ := strconv.ParseInt(start, 10, 64)
	next = max(next, s.began.Add(-ratingLookback).Unix())
	return Page{URL: u, Records: recs, Deletes: deletes, Cursor: url.Values{"start": {strconv.FormatInt(next, 10)}}.Encode(), Done: true}, nil
}
