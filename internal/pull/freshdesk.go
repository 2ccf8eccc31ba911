package pull

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// Freshdesk, by its API documentation (https://developers.freshdesk.com/api/):
//
//   - List All Tickets, #list_all_tickets: GET /api/v2/tickets with updated_since, include=stats
//     (the ticket's stats: first_responded_at, resolved_at, …), order_by=updated_at,
//     order_type=asc, per_page up to 100 and page; a page past 300 is refused, and without
//     updated_since only the last 30 days are listed. "By default, only tickets that have not
//     been deleted or marked as spam will be returned, unless you use the 'deleted' filter":
//     the predefined filters filter=deleted and filter=spam list those, and take updated_since
//     and the order as the plain list does (the page lists them all as the same list's query
//     parameters, and says nothing against combining them).
//   - View all Satisfaction Ratings, #view_all_satisfaction_ratings:
//     GET /api/v2/surveys/satisfaction_ratings with created_since, per_page and page.
//   - Authentication, #authentication: basic auth with the API key as user and X as password.
//   - Rate limit, #ratelimit: per minute per account; every answer carries
//     X-RateLimit-Total and X-RateLimit-Remaining, and a 429 carries Retry-After in seconds.
//   - Pagination, #pagination: a page with fewer than per_page items is the last.

// freshdeskPageSize is the documented largest page; freshdeskMaxPage the last page it lists.
const (
	freshdeskPageSize = 100
	freshdeskMaxPage  = 300
)

// Freshdesk makes the streams of a Freshdesk account: tickets with their stats, satisfaction
// ratings, then the tickets deleted and those marked spam, which the tickets list leaves out and
// which are deleted here too, as the Zendesk connector deletes a ticket Zendesk deleted. since is
// where a stream without a cursor starts (--since).
func Freshdesk(c *Client, cfg *config.Config, since time.Time) ([]Stream, error) {
	tickets, err := NewRows("freshdesk-tickets-api", cfg)
	if err != nil {
		return nil, err
	}
	ratings, err := NewRows("freshdesk-satisfaction-api", cfg)
	if err != nil {
		return nil, err
	}
	return []Stream{
		&freshdeskList{c: c, rows: tickets, since: since, name: "freshdesk.tickets", item: "ticket",
			path: "/api/v2/tickets", sinceParam: "updated_since", at: "updated_at",
			query: url.Values{"include": {"stats"}, "order_by": {"updated_at"}, "order_type": {"asc"}}},
		&freshdeskList{c: c, rows: ratings, since: since, name: "freshdesk.ratings", item: "rating",
			path: "/api/v2/surveys/satisfaction_ratings", sinceParam: "created_since", at: "created_at",
			key: "ticket_id"},
		freshdeskRemoved(c, since, "deleted"),
		freshdeskRemoved(c, since, "spam"),
	}, nil
}

// freshdeskRemoved is the stream of the tickets one of the predefined filters lists (deleted,
// spam): each is a deletion, so it needs neither the stats nor the mapping.
func freshdeskRemoved(c *Client, since time.Time, filter string) *freshdeskList {
	return &freshdeskList{c: c, since: since, name: "freshdesk." + filter, item: "ticket", removed: true,
		path: "/api/v2/tickets", sinceParam: "updated_since", at: "updated_at",
		query: url.Values{"filter": {filter}, "order_by": {"updated_at"}, "order_type": {"asc"}}}
}

// gone says whether a ticket of the plain list is deleted or spam after all, as a ticket of the
// filtered lists says it ("deleted": true, "spam": true): it is deleted, not written.
func (s *freshdeskList) gone(t json.RawMessage) bool {
	return s.removed || field(t, "deleted") == "true" || field(t, "spam") == "true"
}

// freshdeskList pages through a list by a time filter. The cursor is since=TIME&page=N, with
// last=TIME, the latest time seen since the run began at since.
//
// A list ordered by that time ascending (tickets) moves since up to the last item's time after
// each page and starts again at page 1: a ticket updated meanwhile moves to the end of the
// list, and page numbers would skip the ticket that took its place; the 300-page limit is never
// met. Others (ratings, whose order is not documented) keep since through the run and page on,
// and move since at the end. Either way since is a second before the latest time seen, as the
// documentation does not say whether the filter includes its own time; what is read twice is
// an upsert that changes nothing.
type freshdeskList struct {
	c                *Client
	rows             *Rows
	since            time.Time
	name, item, path string
	sinceParam, at   string
	key              string // ratings: one per ticket is kept of a page
	removed          bool   // every item is a ticket deleted or marked spam
	query            url.Values
}

func (s *freshdeskList) Name() string { return s.name }

func (s *freshdeskList) Next(ctx context.Context, cursor string) (Page, error) {
	since, page, last, err := s.position(cursor)
	if err != nil {
		return Page{}, err
	}
	q := url.Values{s.sinceParam: {since.Format(time.RFC3339)}, "per_page": {strconv.Itoa(freshdeskPageSize)},
		"page": {strconv.Itoa(page)}}
	for k, v := range s.query {
		q[k] = v
	}
	u := s.c.URL(s.path, q)
	var items []json.RawMessage
	h, err := s.c.Get(ctx, u, 0, &items)
	if err != nil {
		return Page{}, err
	}
	s.obeyRemaining(h)
	for _, it := range items {
		t, err := time.Parse(time.RFC3339, field(it, s.at))
		if err != nil {
			return Page{}, &HTTPError{URL: u, Status: 200, Reason: said(msgNotATime, s.at, field(it, s.at))}
		}
		if t.After(last) {
			last = t
		}
	}
	// The page's length says whether more follow: counted before a key rated twice is kept
	// once, or a full page with a repeat would end the list early.
	done := len(items) < freshdeskPageSize
	recs, deleted, err := s.records(u, items)
	if err != nil {
		return Page{}, err
	}
	ordered := s.query.Get("order_by") == s.at
	moved := last.Add(-time.Second)
	switch {
	case done || ordered && moved.After(since):
		if moved.After(since) {
			since = moved
		}
		page = 1
	case page == freshdeskMaxPage:
		return Page{}, &HTTPError{URL: u, Status: 200, Reason: said(msgPastLastPage, freshdeskMaxPage)}
	default:
		page++
	}
	if done {
		last = time.Time{}
	}
	return Page{URL: u, Records: recs, Deletes: deleted, Cursor: cursorOf(since, page, last), Done: done}, nil
}

// records maps a page's items: the ratings one per ticket, the tickets deleted or marked spam as
// deletions, the others as records.
func (s *freshdeskList) records(u string, items []json.RawMessage) ([]cx.Record, []cx.Deletion, error) {
	var deleted []cx.Deletion
	if s.key != "" {
		items = newestByKey(items, s.key, s.at)
	} else {
		items, deleted = splitDeleted(items, s.gone)
	}
	switch {
	case len(items) == 0:
		return nil, deleted, nil
	case s.removed:
		return nil, nil, &HTTPError{URL: u, Status: 200, Reason: said(msgNoTicketID)}
	}
	recs, dels, err := s.rows.Records(u, wrap(s.item, items))
	return recs, append(deleted, dels...), err
}

func cursorOf(since time.Time, page int, last time.Time) string {
	v := url.Values{"since": {since.UTC().Format(time.RFC3339)}, "page": {strconv.Itoa(page)}}
	if !last.IsZero() {
		v.Set("last", last.UTC().Format(time.RFC3339))
	}
	return v.Encode()
}

// position reads a cursor; "" is the first run's start (--since), page 1.
func (s *freshdeskList) position(cursor string) (since time.Time, page int, last time.Time, err error) {
	if cursor == "" {
		if _, err := startTime(s.since); err != nil {
			return since, 0, last, err
		}
		return s.since.UTC().Truncate(time.Second), 1, last, nil
	}
	v, err := url.ParseQuery(cursor)
	if err == nil {
		since, err = time.Parse(time.RFC3339, v.Get("since"))
	}
	if err == nil {
		page, err = strconv.Atoi(v.Get("page"))
	}
	if err == nil && v.Get("last") != "" {
		last, err = time.Parse(time.RFC3339, v.Get("last"))
	}
	if err != nil || page < 1 || page > freshdeskMaxPage {
		return since, 0, last, said(msgBadCursor, cursor)
	}
	return since, page, last, nil
}

// obeyRemaining holds the next request back to the next minute when the answer says the
// minute's requests are used up, rather than spend one on a 429.
func (s *freshdeskList) obeyRemaining(h http.Header) {
	if h.Get("X-RateLimit-Remaining") == "0" {
		s.c.PauseUntil(s.c.now().Add(time.Minute))
	}
}
