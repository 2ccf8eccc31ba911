package engine

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// A page of tiles (the overview) reads of each metric only what its descriptor's headline
// reads — metric.Descriptor's Read, Interval and Change: a duration's business mean and n, the
// CLV's simple value and buyers — and of some metrics nothing. A query of headlines
// (Query.Headlines) computes just that: the service pass looks up only the instants of the
// figures asked and tallies durations instead of gathering samples to select quantiles from,
// the CLV leaves out the historical margins, and parts holding none of the metrics do not run.
// At a million tickets and answers that was most of the overview's time.

// metricPart is the part that computes a metric: drill.go's, but churn, retention and
// referral are the customer base alone (PartChurn), and engagement is PartCustomers'.
func metricPart(key string) (Part, bool) {
	switch key {
	case "churn", "retention", "referral":
		return PartChurn, true
	case "engagement":
		return PartCustomers, true
	}
	d, ok := drillables[key]
	return d.part, ok
}

// narrowed is q with its parts limited to those computing its headlines (q.Parts zero: every
// part); an error for a key that names no metric, or when the parts asked compute none.
func (q Query) narrowed() (Query, error) {
	asked := q.Parts
	if asked == 0 {
		asked = AllParts | PartChurn | PartTicketCounts
	}
	var parts Part
	for _, key := range q.Headlines {
		p, ok := metricPart(key)
		if !ok {
			return q, fmt.Errorf("headline of %q asked: no such metric", key)
		}
		parts |= p
	}
	if parts &= asked; parts == 0 {
		return q, fmt.Errorf("the parts asked compute none of the headlines %s", strings.Join(q.Headlines, ", "))
	}
	q.Parts = parts
	return q, nil
}

// serviceFigures says which figures the service pass gathers (and which instants of a ticket
// it looks up for them): every one for a report, the headlines' for a query of headlines.
type serviceFigures struct {
	created, firstResponse, solved, resolution, firstResolution, complaint bool
	fcr, transfers, wait, handle                                           bool
	unanswered                                                             bool // first response's backlog: not a headline
}

func (r *run) serviceFigures() serviceFigures {
	h := r.heads
	if h == nil {
		return serviceFigures{true, true, true, true, true, true, true, true, true, true, true}
	}
	return serviceFigures{created: h["tickets"], firstResponse: h["first_response"],
		solved:     h["tickets"] || h["resolution"] || h["fcr"] || h["transfers"] || h["complaint_resolution"],
		resolution: h["resolution"], firstResolution: h["first_resolution"], complaint: h["complaint_resolution"],
		fcr: h["fcr"], transfers: h["transfers"], wait: h["wait_time"], handle: h["handle_time"]}
}

// shows tells whether the query reads metric key at all.
func (r *run) shows(key string) bool { return r.heads == nil || r.heads[key] }

// headlineSet lists the metric keys of a query of headlines; nil for every metric.
func headlineSet(keys []string) map[string]bool {
	if keys == nil {
		return nil
	}
	h := make(map[string]bool, len(keys))
	for _, k := range keys {
		h[k] = true
	}
	return h
}

// historicalMargins adds the buyers' historical margins to the CLV's slots (buyerMargins),
// or, for a query of headlines, which does not read them, counts the buyers alone.
func (r *run) historicalMargins(counts []clvCounts) []bool {
	if r.heads == nil {
		return r.buyerMargins(counts)
	}
	seen := make([]bool, len(counts))
	for _, b := range r.s.buyers {
		slot := r.slot(b.period, r.customerGroup(b.customer))
		counts[slot].buyers++
		seen[slot] = true
	}
	return seen
}

// setFields is the field of metric.Set holding each metric, by its key (the json tag).
var setFields = func() map[string]int {
	out := map[string]int{}
	t := reflect.TypeFor[metric.Set]()
	for i := range t.NumField() {
		key, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		out[key] = i
	}
	return out
}()

// trimToHeadlines leaves in each set only what a query of headlines computed: the metrics
// asked, without the figures no headline reads (which the pass did not fill or filled with
// zeros: first response's backlog, the CLV's historical value).
func (r *run) trimToHeadlines() {
	if r.heads == nil {
		return
	}
	for k := range r.sets {
		m := &r.sets[k]
		v := reflect.ValueOf(m).Elem()
		for key, i := range setFields {
			if !r.heads[key] {
				v.Field(i).SetZero()
			}
		}
		if m.FirstResponse != nil {
			m.FirstResponse.Unanswered = nil
		}
		if m.CLV != nil {
			m.CLV.Historical = nil
		}
	}
}
