package engine

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestSLADueInstantsKeptAndForgotten: the due instants a walk keeps (dueCache) serve the next
// walk only while the ticket and the targets are unchanged. On the hand-worked slaSet: B is
// due Wed 4 Mar 12:00 with Support's 8 hours and answered 14:30, so breached; with 16 hours it
// is due Thu 5 Mar 12:00 and met. Moved to Chat (1 hour, due Tue 3 Mar 13:00) it is breached
// again; created on Wed 4 Mar 9:00 in Support it is due Wed 17:00 and met.
func TestSLADueInstantsKeptAndForgotten(t *testing.T) {
	e := newEngine(t)
	e.Apply(slaSet()...)
	q := Query{From: day("2026-03-02"), To: day("2026-03-09")}
	breached := func(target func(string) int64) string {
		t.Helper()
		list, err := e.Breaches(q, slaNow, target)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, b := range list {
			ids = append(ids, fmt.Sprintf("%s due %s", b.Ticket, b.Due.Format("Mon 15:04")))
		}
		return strings.Join(ids, ", ")
	}
	longer := func(team string) int64 {
		if team == "Support" {
			return 16 * 3600
		}
		return slaTargetOf(team)
	}
	steps := []struct {
		name   string
		change cx.Record
		target func(string) int64
		want   string
	}{
		{"first walk", nil, slaTargetOf, "B due Wed 12:00, C due Fri 09:30, I due Mon 16:00"},
		{"the same again, from the cache", nil, slaTargetOf, "B due Wed 12:00, C due Fri 09:30, I due Mon 16:00"},
		// I: created Fri 27 Feb 16:00 with 16 hours: due Tue 3 Mar 16:00, answered 09:00: met.
		{"Support's target doubled", nil, longer, "C due Fri 09:30"},
		{"back to 8 hours", nil, slaTargetOf, "B due Wed 12:00, C due Fri 09:30, I due Mon 16:00"},
		{"B moved to Chat", &cx.Ticket{ID: "B", CreatedAt: at("2026-03-03 12:00"), Team: "Chat", Agent: "Ann",
			FirstReplyAt: at("2026-03-04 14:30")}, slaTargetOf, "B due Tue 13:00, C due Fri 09:30, I due Mon 16:00"},
		{"B made a day later in Support", &cx.Ticket{ID: "B", CreatedAt: at("2026-03-04 09:00"), Team: "Support", Agent: "Ann",
			FirstReplyAt: at("2026-03-04 14:30")}, slaTargetOf, "C due Fri 09:30, I due Mon 16:00"},
	}
	for _, st := range steps {
		if st.change != nil {
			e.Apply(st.change)
		}
		if got := breached(st.target); got != st.want {
			t.Errorf("%s: %s, want %s", st.name, got, st.want)
		}
	}
}

// TestEdgeIndex: the bucket by the hour is the binary search's, every quarter of an hour of a
// year of days, weeks and months, in a zone with summer time and in one whose summer time is
// half an hour (its midnights fall within an hour counted from the first).
func TestEdgeIndex(t *testing.T) {
	for _, zone := range []string{"Europe/Amsterdam", "Australia/Lord_Howe"} {
		loc := mustZone(zone)
		from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, loc), time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
		for _, step := range []Step{StepDay, StepWeek, StepMonth} {
			bounds, err := step.bounds(from, to, loc)
			if err != nil {
				t.Fatal(err)
			}
			edges := make([]int64, len(bounds))
			for i, b := range bounds {
				edges[i] = b.Unix()
			}
			x := newEdgeIndex(edges)
			for at := edges[0] - 900; at < edges[len(edges)-1]+900; at += 900 {
				want := sort.Search(len(edges), func(i int) bool { return edges[i] > at }) - 1
				if got := x.of(at); got != want {
					t.Fatalf("%s by %s, %s: bucket %d, want %d", zone, step, time.Unix(at, 0).In(loc), got, want)
				}
			}
		}
	}
}
