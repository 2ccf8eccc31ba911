package web

import (
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestFollowUpFilter: five critical answers, each count and order worked by hand. The clock is
// 25 March 12:00; me is user 2.
func TestFollowUpFilter(t *testing.T) {
	now := time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC)
	row := func(id, survey, score string, owner int64, ago time.Duration) followUpRow {
		return followUpRow{feedbackRow: feedbackRow{ID: id, Survey: survey, Score: score}, Owner: owner, at: now.Add(-ago)}
	}
	rows := []followUpRow{
		row("A", "NPS", "2", 0, 2*time.Hour),    // under a day, unassigned
		row("B", "NPS", "6", 1, 30*time.Hour),   // 1–3 days, user 1
		row("C", "CSAT", "1", 2, 96*time.Hour),  // 3–7 days, me
		row("D", "CSAT", "2", 0, 240*time.Hour), // over a week, unassigned
		row("E", "NPS", "0", 2, 72*time.Hour),   // exactly 3 days: the 3–7 bucket, me
	}
	for _, tt := range []struct {
		name, query string
		want        []string // in order
	}{
		{"everything, oldest first", "", []string{"D", "C", "E", "B", "A"}},
		{"everything, newest first", "sort=newest", []string{"A", "B", "E", "C", "D"}},
		{"unassigned", "owner=unassigned", []string{"D", "A"}},
		{"mine", "owner=me", []string{"C", "E"}},
		{"user 1's", "owner=1", []string{"B"}},
		{"a user with none", "owner=7", nil},
		{"NPS", "kind=nps", []string{"E", "B", "A"}},
		{"CSAT", "kind=csat", []string{"D", "C"}},
		{"under a day", "age=1d", []string{"A"}},
		{"1–3 days", "age=1-3d", []string{"B"}},
		{"3–7 days, 72 hours included", "age=3-7d", []string{"C", "E"}},
		{"over a week", "age=7d%2B", []string{"D"}},
		{"score 2", "score=2", []string{"D", "A"}},
		{"my NPS", "owner=me&kind=nps", []string{"E"}},
		{"unassigned 6s", "owner=unassigned&score=6", nil},
		{"page 2 of five rows", "page=2", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			f, err := followUpFilterOf(q)
			if err != nil {
				t.Fatal(err)
			}
			page, total, _, _ := f.choose(rows, 2, now)
			var got []string
			for _, r := range page {
				got = append(got, r.ID)
			}
			if !slices.Equal(got, tt.want) || (f.Page <= 1 && total != len(tt.want)) {
				t.Errorf("%v (%d in all), want %v", got, total, tt.want)
			}
		})
	}
}

// TestFollowUpPages: 120 rows make pages of 50, 50 and 20, and a fourth that is empty; without
// a page, the list opens on the page of the answer an alert links to.
func TestFollowUpPages(t *testing.T) {
	now := time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC)
	var rows []followUpRow
	for i := range 120 {
		rows = append(rows, followUpRow{feedbackRow: feedbackRow{ID: strconv.Itoa(i)}, at: now.Add(-time.Duration(120-i) * time.Minute)})
	}
	for _, tt := range []struct {
		page  int
		focus string
		want  [2]string
		at    int // the page shown
	}{
		{1, "", [2]string{"0", "49"}, 1}, {2, "", [2]string{"50", "99"}, 2}, {3, "", [2]string{"100", "119"}, 3},
		{4, "", [2]string{"", ""}, 4},
		{0, "", [2]string{"0", "49"}, 1},     // no page: the first
		{0, "73", [2]string{"50", "99"}, 2},  // an alert's answer: its page, 73/50 + 1
		{0, "NOPE", [2]string{"0", "49"}, 1}, // one not in the list: the first
		{1, "73", [2]string{"0", "49"}, 1},   // a page asked for wins
	} {
		page, want := tt.page, tt.want
		got, total, _, at := followUpFilter{Page: page, Focus: tt.focus}.choose(rows, 0, now)
		if at != tt.at {
			t.Errorf("page %d, focus %q: shows page %d, want %d", page, tt.focus, at, tt.at)
		}
		first, last := "", ""
		if len(got) > 0 {
			first, last = got[0].ID, got[len(got)-1].ID
		}
		if total != 120 || [2]string{first, last} != want {
			t.Errorf("page %d: %s…%s of %d, want %v of 120", page, first, last, total, want)
		}
	}
}

// TestFollowUpOpenCount: the list of open answers holds a done one only when an alert links to
// it (followUpItems); shown, it is counted in the rows but not among the open ones.
func TestFollowUpOpenCount(t *testing.T) {
	now := time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC)
	rows := []followUpRow{
		{feedbackRow: feedbackRow{ID: "A", Survey: "NPS", Score: "2"}, at: now.Add(-time.Hour)},
		{feedbackRow: feedbackRow{ID: "B", Survey: "CSAT", Score: "1"}, at: now.Add(-2 * time.Hour), Done: true},
	}
	for _, tt := range []struct {
		name        string
		filter      followUpFilter
		total, open int
	}{
		{"the done answer an alert links to", followUpFilter{Focus: "B"}, 2, 1},
		{"filtered out", followUpFilter{Focus: "B", Kind: "nps"}, 1, 1},
		{"only the done one", followUpFilter{Focus: "B", Kind: "csat"}, 1, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, total, open, _ := tt.filter.choose(rows, 0, now); total != tt.total || open != tt.open {
				t.Errorf("%d rows, %d open; want %d, %d", total, open, tt.total, tt.open)
			}
		})
	}
}

// TestFollowUpFilterRefused: a filter the list does not know is refused, naming the parameter.
func TestFollowUpFilterRefused(t *testing.T) {
	for _, query := range []string{"owner=Anna", "owner=-1", "kind=mention", "age=2d", "score=11", "score=x", "page=0", "page=b"} {
		q, _ := url.ParseQuery(query)
		if _, err := followUpFilterOf(q); err == nil {
			t.Errorf("%s: accepted", query)
		}
	}
}

// FuzzFollowUpFilter: whatever the URL's query says, the filter is read or refused, and a
// filter read chooses a page of the rows without panicking (page=9223372036854775807 once
// made a negative offset).
func FuzzFollowUpFilter(f *testing.F) {
	for _, s := range []string{"", "owner=me&kind=nps&age=1-3d&score=2&sort=newest&page=2", "page=9223372036854775807",
		"response=3", "owner=unassigned", "page=-1"} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC)
	var rows []followUpRow
	for i := range 120 {
		rows = append(rows, followUpRow{feedbackRow: feedbackRow{ID: strconv.Itoa(i), Survey: "NPS", Score: strconv.Itoa(i % 7)},
			Owner: int64(i % 3), at: now.Add(-time.Duration(i) * time.Hour)})
	}
	f.Fuzz(func(t *testing.T, query string) {
		q, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		filter, err := followUpFilterOf(q)
		if err != nil {
			return
		}
		page, total, _, at := filter.choose(rows, 2, now)
		if len(page) > followUpsPerPage || total > len(rows) || at < 1 {
			t.Errorf("%q: %d rows of %d on page %d", query, len(page), total, at)
		}
	})
}

// TestAssignNoneTickedInPageLanguage: "assign" on the Opvolging page with no answer ticked is
// refused in the page's language.
func TestAssignNoneTickedInPageLanguage(t *testing.T) {
	ts := dashServer(t)
	admin := dutchAdmin(ts)
	assertDutchError(t, "assign without an answer ticked", postDutch(admin, "/followups", url.Values{"owner": {"1"}}))
}
