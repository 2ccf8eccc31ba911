package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// followUpsPerPage is how many critical answers the page shows at a time: enough for a morning's
// work, short enough to scroll.
const followUpsPerPage = 50

// followUpFilter is what the list shows, read from the URL's query: owner ("unassigned", "me"
// or a user id), kind (nps, csat, ces), age (a bucket key), score, sort (oldest, the default, as
// a queue is worked, or newest; dir turns either round) and page (from 1; none is the page of
// the focused answer, else the first).
type followUpFilter struct {
	Owner, Kind, Age, Score string
	Newest                  bool
	Page                    int    // 0: none asked for
	Focus                   string // an answer an alert links to (response=): without page, open its page
}

// followUpSorts are the list's orders: by when the answers came in, oldest or newest first.
var followUpSorts = []sortKey{{"oldest", "fu_oldest", false}, {"newest", "fu_newest", true}}

// A filter it cannot read is refused naming the parameter and its choices, which the page
// says in its own language (paramError.in): the score is typed in a box.
func followUpFilterOf(q url.Values) (followUpFilter, *paramError) {
	f := followUpFilter{Owner: q.Get("owner"), Kind: q.Get("kind"), Age: q.Get("age"), Score: q.Get("score"), Focus: q.Get("response")}
	switch {
	case f.Owner != "" && f.Owner != "unassigned" && f.Owner != "me" && !isID(f.Owner):
		return f, &paramError{"owner", f.Owner, "unassigned, me, 1, 2, …"}
	case f.Kind != "" && f.Kind != "nps" && f.Kind != "csat" && f.Kind != "ces":
		return f, &paramError{"kind", f.Kind, "nps, csat, ces"}
	case f.Age != "" && !slices.ContainsFunc(metric.AgeBuckets, func(a metric.AgeBucket) bool { return a.Key == f.Age }):
		return f, &paramError{"age", f.Age, "1d, 1-3d, 3-7d, 7d+"}
	case f.Score != "" && !isScore(f.Score):
		return f, &paramError{"score", f.Score, "0–10"}
	}
	o, bad := readListOrder(q, followUpSorts, "oldest")
	if bad != nil {
		return f, bad
	}
	f.Newest, f.Page = o.Desc, o.Page
	if q.Get("page") == "" {
		f.Page = 0 // choose opens the focused answer's page
	}
	return f, nil
}

func isID(s string) bool    { n, err := strconv.ParseInt(s, 10, 64); return err == nil && n > 0 }
func isScore(s string) bool { n, err := strconv.Atoi(s); return err == nil && n >= 0 && n <= 10 }

// keeps reports whether the row passes the filter; me is the signed-in user, now the clock.
func (f followUpFilter) keeps(row followUpRow, me int64, now time.Time) bool {
	switch f.Owner {
	case "":
	case "unassigned":
		if row.Owner != 0 {
			return false
		}
	case "me":
		if row.Owner != me {
			return false
		}
	default:
		if strconv.FormatInt(row.Owner, 10) != f.Owner {
			return false
		}
	}
	if f.Kind != "" && !strings.EqualFold(row.Survey, f.Kind) {
		return false
	}
	if f.Score != "" && row.Score != f.Score {
		return false
	}
	if f.Age != "" {
		// The age buckets are the backlog's (metric.AgeBuckets), by how long ago the answer came in.
		age := now.Sub(row.at)
		for _, a := range metric.AgeBuckets {
			if a.Key == f.Age && !a.Holds(age) {
				return false
			}
		}
	}
	return true
}

// places are the places in rows of the rows passing the filter, in its order. The rows are
// large and tens of thousands: their places are sorted, and only the rows shown copied.
func (f followUpFilter) places(rows []followUpRow, me int64, now time.Time) []int32 {
	var places []int32
	for i := range rows {
		if f.keeps(rows[i], me, now) {
			places = append(places, int32(i))
		}
	}
	slices.SortStableFunc(places, func(a, b int32) int {
		if f.Newest {
			return rows[b].at.Compare(rows[a].at)
		}
		return rows[a].at.Compare(rows[b].at)
	})
	return places
}

// sorted are the first n rows passing the filter, in its order (every page of the list, for
// its download), and how many pass it.
func (f followUpFilter) sorted(rows []followUpRow, me int64, now time.Time, n int) ([]followUpRow, int) {
	places := f.places(rows, me, now)
	return pick(rows, places[:min(n, len(places))]), len(places)
}

// pick copies the rows at places, in order.
func pick(rows []followUpRow, places []int32) []followUpRow {
	out := make([]followUpRow, len(places))
	for i, p := range places {
		out[i] = rows[p]
	}
	return out
}

// choose filters rows, sorts them by when they came in and cuts out the filter's page (page 0:
// the one with the focused answer, else the first). It returns the page's rows, how many rows
// passed the filter, how many of those are open and the page's number. In the list of open
// ones only the focused answer can be done: it is shown, as an alert links to it, but it is not
// open.
func (f followUpFilter) choose(rows []followUpRow, me int64, now time.Time) (page []followUpRow, total, open, at int) {
	places := f.places(rows, me, now)
	open = len(places)
	for _, p := range places {
		if rows[p].Done {
			open--
		}
	}
	if f.Page == 0 {
		f.Page = 1
		if i := slices.IndexFunc(places, func(p int32) bool { return rows[p].ID == f.Focus }); f.Focus != "" && i >= 0 {
			f.Page = i/followUpsPerPage + 1
		}
	}
	start := min((f.Page-1)*followUpsPerPage, len(places))
	return pick(rows, places[start:min(start+followUpsPerPage, len(places))]), len(places), open, f.Page
}

// followUpsAssign gives the ticked answers to one owner at once, audited one entry an answer as
// the single form's assignment is.
func (s *Server) followUpsAssign(w http.ResponseWriter, r *http.Request) {
	owner, err := app.ParseOwner(r.PostFormValue("owner"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.AssignFollowUps(s.acting(r), r.PostForm["id"], owner, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, backTo(r), http.StatusSeeOther)
}

// backTo is the list the form came from (Opvolging, or Risico's one-click assign), never
// another site.
func backTo(r *http.Request) string {
	if back := localPath(r.PostFormValue("back"), "/followups", riskPath); back != "" {
		return back
	}
	return "/followups"
}
