package clickhouse

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// serviceFigures are what the service part gathers per slot (period and group).
type serviceFigures struct {
	created, solved, unanswered                                                    []int
	perChannel                                                                     []map[string]int
	fcr                                                                            []metric.FCRTally
	transfers                                                                      []metric.TransferTally
	complaintDays                                                                  [][]int
	frtCal, frtBiz, resCal, resBiz, firstCal, firstBiz, complaintCal, complaintBiz []metric.Durations
	wait, handle                                                                   []metric.Durations
}

func newServiceFigures(n int) *serviceFigures {
	d := func() []metric.Durations { return make([]metric.Durations, n) }
	return &serviceFigures{created: make([]int, n), solved: make([]int, n), unanswered: make([]int, n),
		perChannel: make([]map[string]int, n), fcr: make([]metric.FCRTally, n), transfers: make([]metric.TransferTally, n),
		complaintDays: make([][]int, n), frtCal: d(), frtBiz: d(), resCal: d(), resBiz: d(), firstCal: d(), firstBiz: d(),
		complaintCal: d(), complaintBiz: d(), wait: d(), handle: d()}
}

// sample is one series of a summary: the value of a ticket, when cond holds.
type sample struct {
	value, cond string
	dst         []metric.Durations
}

// businessSeconds is a business-seconds column as the engine keeps it: an interval its
// calendar could not measure is noSeconds (the largest UInt32), and counts as that sample.
func businessSeconds(col string) string { return "ifNull(" + col + ", 4294967295)" }

// service computes the service metrics of metrics.md section 2 — first response, resolution,
// first resolution and complaint resolution times (calendar and business), FCR, transfer
// rate, wait and handle time, the backlog and the ticket counts — as the engine's service pass
// does, each figure at its own attribution instant (figureAt).
func service(ctx context.Context, p *plan) error {
	f := newServiceFigures(len(p.sets))
	replyData := false
	if !p.noMatch {
		always, complaint := "1", "complaint = 1"
		runs := []func() error{
			func() error { return p.countCreated(ctx, f.created, f.perChannel) },
			func() error { return p.tallies(ctx, f) },
			func() error { return p.countComplaintDays(ctx, f.complaintDays) },
			func() error {
				var err error
				replyData, err = p.waiting(ctx, f.unanswered)
				return err
			},
		}
		for _, sum := range []struct {
			part    string
			at      figureAt
			samples []sample
		}{
			{"first response times", atFirstReply, []sample{
				{"first_reply - created", always, f.frtCal}, {businessSeconds("first_reply_biz"), always, f.frtBiz}}},
			{"resolution times", atSolved, []sample{
				{"solved - created", always, f.resCal}, {businessSeconds("solved_biz"), always, f.resBiz},
				{"solved - created", complaint, f.complaintCal}, {businessSeconds("solved_biz"), complaint, f.complaintBiz}}},
			{"first resolution times", atFirstSolved, []sample{
				{firstSolved + " - created", always, f.firstCal}, {businessSeconds("first_solved_biz"), always, f.firstBiz}}},
			{"wait times", atWaitEnd, []sample{{"assumeNotNull(wait_seconds)", always, f.wait}}},
			{"handle times", atHandle, []sample{{"assumeNotNull(handle_seconds)", always, f.handle}}},
		} {
			runs = append(runs, func() error { return p.summaries(ctx, sum.part, sum.at, sum.samples) })
		}
		if err := together(runs...); err != nil {
			return err
		}
	} else { // a filter no ticket passes: none waits, but the measure holds (engine: anyReplyData)
		var err error
		if replyData, err = p.anyReplyData(ctx); err != nil {
			return err
		}
	}
	for k := range p.sets {
		m := &p.sets[k]
		m.FirstResponse = &metric.FirstResponse{Calendar: f.frtCal[k], Business: f.frtBiz[k]}
		if replyData { // else not measured: no ticket has reply data at all
			m.FirstResponse.Unanswered = &f.unanswered[k]
		}
		m.Resolution = &metric.ServiceTime{Calendar: f.resCal[k], Business: f.resBiz[k]}
		m.FirstResolution = &metric.ServiceTime{Calendar: f.firstCal[k], Business: f.firstBiz[k]}
		m.ComplaintResolution = &metric.ComplaintResolution{Calendar: f.complaintCal[k], Business: f.complaintBiz[k],
			MeanDays: metric.MeanDays(f.complaintDays[k])}
		fcr, transfers := f.fcr[k].FCR(), f.transfers[k].Rate()
		m.FCR, m.Transfers = &fcr, &transfers
		m.WaitTime, m.HandleTime = &f.wait[k], &f.handle[k]
		tickets := metric.NewTickets(f.created[k], f.solved[k], f.perChannel[k])
		m.Tickets = &tickets
	}
	return nil
}

// summaries runs one statement for the samples of one attribution instant: per period and
// group, each series' count, sum and values at the ranks the median and p90 interpolate
// between (metric.SummaryRanks: ⌊h⌋ and ⌊h⌋+1 of h = (n−1)q, fetched from the sorted samples;
// 18.16 has no quantileExactInclusive, and no approximate quantile is exact). Go completes
// each summary (metric.DurationsAt). A slot with a row is seen.
func (p *plan) summaries(ctx context.Context, part string, at figureAt, samples []sample) error {
	s := &statement{}
	var cols []string
	for _, x := range samples {
		cols = append(cols, rankedSQL(s, x.value, x.cond))
	}
	sql := join("SELECT k, g,", strings.Join(cols, ", "), "FROM (", p.byPeriod(s, at, ticketColumns), ") GROUP BY k, g")
	var (
		k int32
		g string
	)
	figures := make([][]float64, len(samples))
	dest := []any{&k, &g}
	for i := range figures {
		dest = append(dest, &figures[i])
	}
	return p.each(ctx, part, sql, s, dest, func() error {
		slot := p.slot(int(k), g)
		if slot < 0 {
			return nil
		}
		p.mark(slot)
		for i, v := range figures {
			if len(v) != 6 {
				return fmt.Errorf("clickhouse: the %s came with %d figures; want 6", part, len(v))
			}
			samples[i].dst[slot] = metric.DurationsAt(int(v[0]), v[1], [4]float64{v[2], v[3], v[4], v[5]})
		}
		return nil
	})
}

// rankedSQL is the SQL of one series' figures in a group: [n, sum, x at the four ranks of
// metric.SummaryRanks], as Float64 (a sum of UInt32 seconds is taken as UInt64 and rounded
// once, as the engine's is).
func rankedSQL(s *statement, value, cond string) string {
	xs := fmt.Sprintf("arraySort(groupArrayIf(%s, %s))", value, cond)
	n := "length(" + xs + ")"
	// The 1-based index of rank ⌊(n−1)q⌋ + plus, at most n: metric.SummaryRanks in SQL.
	rank := func(q float64, plus int) string {
		return fmt.Sprintf("toFloat64(arrayElement(%s, least(toUInt64(floor((toInt64(%s) - 1) * %s)) + %d, %s)))", xs, n, s.bind(q), plus, n)
	}
	q50, q90 := metric.SummaryQuantiles[0], metric.SummaryQuantiles[1]
	return fmt.Sprintf("[toFloat64(%s), toFloat64(arraySum(%s)), %s, %s, %s, %s]", n, xs, rank(q50, 1), rank(q50, 2), rank(q90, 1), rank(q90, 2))
}

// tallies counts the solved tickets per slot, with FCR and the transfer rate, grouped by the
// columns their rules read so the rules stay Go's (metric.FCRTally, metric.TransferTally).
func (p *plan) tallies(ctx context.Context, f *serviceFigures) error {
	s := &statement{}
	sql := join("SELECT k, g, agent_replies, reopens, transfers, count() AS n FROM (", p.byPeriod(s, atSolved, "agent_replies, reopens, transfers"),
		") GROUP BY k, g, agent_replies, reopens, transfers")
	var (
		k                           int32
		g                           string
		replies, reopens, transfers *int32
		n                           uint64
	)
	return p.each(ctx, "tickets solved", sql, s, []any{&k, &g, &replies, &reopens, &transfers, &n}, func() error {
		slot := p.slot(int(k), g)
		if slot < 0 {
			return nil
		}
		p.mark(slot)
		f.solved[slot] += int(n)
		// As the engine stores them: agent replies unknown when absent or negative (optReplies),
		// an absent or negative reopens none (optCount), transfers known when given.
		known := replies != nil && *replies >= 0
		r, o := 0, 0
		if known {
			r = int(min(*replies, math.MaxUint16-1))
		}
		if reopens != nil && *reopens > 0 {
			o = int(min(*reopens, math.MaxUint16))
		}
		for range n {
			f.fcr[slot].Add(r, known, o)
			f.transfers[slot].Add(transfers != nil, transfers != nil && *transfers > 0)
		}
		return nil
	})
}

// countComplaintDays gathers the solved complaints' durations in whole local days of the
// account time zone (engine: localDays), for their mean.
func (p *plan) countComplaintDays(ctx context.Context, days [][]int) error {
	s := &statement{}
	tz := s.bind(p.q.opts.Timezone.String())
	sql := join("SELECT k, g, groupArray(toInt32(toRelativeDayNum(toDateTime(solved),", tz, ") - toRelativeDayNum(toDateTime(created),", tz, ")))",
		"FROM (", p.byPeriod(s, atSolved, "created, solved, complaint"), ") WHERE complaint = 1 GROUP BY k, g")
	var (
		k int32
		g string
		d []int32
	)
	return p.each(ctx, "complaint days", sql, s, []any{&k, &g, &d}, func() error {
		if slot := p.slot(int(k), g); slot >= 0 {
			for _, v := range d {
				days[slot] = append(days[slot], int(v))
			}
		}
		return nil
	})
}
