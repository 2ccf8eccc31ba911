package engine

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// A page reads a few metrics, and of some only what the descriptor's headline reads —
// metric.Descriptor's Read, Interval and Change: a duration's business mean and n, the CLV's
// simple value and buyers. A query of some metrics (Query.Metrics) computes only theirs: the
// service pass gathers only their samples, and, unsplit, looks up only their instants; parts
// holding none of them do not run. With Query.Headline it computes only the headlines: the
// durations are tallied (n and sum) instead of gathered to select quantiles from, and the CLV
// leaves out the historical margins. At a million tickets and answers that was most of the
// overview's time.

// metricPart is the part that computes a metric: drill.go's, but churn, retention and
// referral are the customer base alone (PartChurn), engagement is PartCustomers' and the CLV
// has the model's part as well.
func metricPart(key string) (Part, bool) {
	switch key {
	case "churn", "retention", "referral":
		return PartChurn, true
	case "engagement":
		return PartCustomers, true
	case "clv": // the predictive CLV too, unless the query's parts leave the model out
		return PartCustomers | PartModel, true
	}
	d, ok := drillables[key]
	return d.part, ok
}

// narrowed is q with its parts limited to those computing its metrics (q.Parts zero: every
// part); an error for a key that names no metric, or when the parts asked compute none. A
// split query keeps its parts: each may put a group in the period (a reply its agent), and
// the groups are those of the query without Metrics.
func (q Query) narrowed() (Query, error) {
	asked := q.Parts
	if asked == 0 {
		asked = AllParts | PartChurn | PartTicketCounts
	}
	var parts Part
	for _, key := range q.Metrics {
		p, ok := metricPart(key)
		if !ok {
			return q, fmt.Errorf("metric %q asked: no such metric", key)
		}
		parts |= p
	}
	if parts &= asked; parts == 0 {
		return q, fmt.Errorf("the parts asked compute none of the metrics %s", strings.Join(q.Metrics, ", "))
	}
	if q.By == ByNone {
		q.Parts = parts
	}
	return q, nil
}

// serviceFigures says which instants of a ticket the service pass looks up and which figures
// it gathers: every one for a report; for a query of some metrics those of the metrics, and
// the instants only they need when unsplit (split, every instant may put a group in a period).
type serviceFigures struct {
	lookCreated, lookFirstReply, lookSolved, lookFirstSolved, lookWaited, lookHandled bool

	firstResponse, resolution, firstResolution, complaint, fcr, transfers, wait, handle bool
	solvedFigures                                                                       bool // any of resolution, complaint, fcr, transfers
	unanswered                                                                          bool // first response's backlog
	// skip is the slot the pass leaves out (-1: none): the period itself, of an unsplit query
	// of headlines whose buckets tile it, when every figure gathered is a count or a tally of
	// whole seconds — then the period's are the sums of its buckets' (serviceAcc.foldBuckets).
	skip int
}

func (r *run) serviceFigures() serviceFigures {
	times := r.q.wants(PartService)
	f := serviceFigures{firstResponse: times && r.shows("first_response"), resolution: times && r.shows("resolution"),
		firstResolution: times && r.shows("first_resolution"), complaint: times && r.shows("complaint_resolution"),
		fcr: times && r.shows("fcr"), transfers: times && r.shows("transfers"), wait: times && r.shows("wait_time"),
		handle: times && r.shows("handle_time")}
	f.solvedFigures = f.resolution || f.complaint || f.fcr || f.transfers
	f.skip = -1
	if _, n := r.tiledBuckets(); n > 0 && r.headline && r.q.By == ByNone && !f.wait && !f.handle {
		f.skip = r.whole
	}
	if r.only == nil || r.q.By != ByNone {
		f.lookCreated, f.lookFirstReply, f.lookSolved, f.lookFirstSolved, f.lookWaited, f.lookHandled = true, true, true, true, true, true
		f.unanswered = true
		return f
	}
	tickets := r.shows("tickets")
	f.lookCreated, f.lookFirstReply = tickets, f.firstResponse
	f.lookSolved, f.lookFirstSolved = tickets || f.solvedFigures, f.firstResolution
	f.lookWaited, f.lookHandled = f.wait, f.handle
	f.unanswered = f.firstResponse && !r.headline
	return f
}

// shows tells whether the query computes metric key.
func (r *run) shows(key string) bool { return r.only == nil || r.only[key] }

// metricSet lists the metric keys of a query of some metrics; nil for every metric.
func metricSet(keys []string) map[string]bool {
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
	if !r.headline {
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

// trimToMetrics leaves in each set only what a query of some metrics computed: the metrics
// asked and, of headlines, not the figures no headline reads (which the pass did not fill, or
// filled with zeros: first response's backlog, the CLV's historical value).
func (r *run) trimToMetrics() {
	if r.only == nil {
		return
	}
	for k := range r.sets {
		m := &r.sets[k]
		v := reflect.ValueOf(m).Elem()
		for key, i := range setFields {
			if !r.only[key] {
				v.Field(i).SetZero()
			}
		}
		if m.FirstResponse != nil && !r.figs.unanswered {
			m.FirstResponse.Unanswered = nil
		}
		if m.CLV != nil && r.headline {
			m.CLV.Historical = nil
		}
	}
}
