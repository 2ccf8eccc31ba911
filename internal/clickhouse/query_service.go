package clickhouse

import (
	"context"
	"fmt"
	"math"

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
		// Columns: 0 calendar seconds (Int64), 1 business seconds (UInt32), 2 and 3 the
		// complaints', 4 wait and handle seconds (Float64).
		samples := []sample{
			{tagFirstReply, 0, "first_reply - created", always, f.frtCal},
			{tagFirstReply, 1, businessSeconds("first_reply_biz"), always, f.frtBiz},
			{tagSolvedTimes, 0, "solved - created", always, f.resCal},
			{tagSolvedTimes, 1, businessSeconds("solved_biz"), always, f.resBiz},
			{tagSolvedTimes, 2, "solved - created", complaint, f.complaintCal},
			{tagSolvedTimes, 3, businessSeconds("solved_biz"), complaint, f.complaintBiz},
			{tagFirstSolved, 0, firstSolved + " - created", always, f.firstCal},
			{tagFirstSolved, 1, businessSeconds("first_solved_biz"), always, f.firstBiz},
			{tagWaitEnd, 4, "assumeNotNull(wait_seconds)", always, f.wait},
			{tagHandle, 4, "assumeNotNull(handle_seconds)", always, f.handle},
		}
		err := together(
			func() error { return p.ticketFigures(ctx, f, samples) },
			func() error {
				var err error
				replyData, err = p.waiting(ctx, f.unanswered)
				return err
			})
		if err != nil {
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

// rankedSQL is the SQL of one series' figures in a group: [n, sum, x at the four ranks of
// metric.SummaryRanks], as Float64 (a sum of UInt32 seconds is taken as UInt64 and rounded
// once, as the engine's is).
//
// The values at the ranks are selected, not sorted for: 18.16's arraySort compares element by
// element through the column (3M values took 1.6–2.3 s here, most of a month's service
// figures), quantileExact selects (nth_element) in a tenth of that. quantileExact(q) of m values
// is the one at 0-based rank ⌊q·m⌋, not ⌊q(n−1)⌋.
//
// The rows' values are gathered once, in one quantilesExact state (ranksState). The median's
// two ranks and the rank after p90's come straight from it (rowRanksSQL). p90's own rank
// ⌊q(n−1)⌋ is selected among the values with b copies of the smallest below them (which leave
// every value's rank among the others as it was, ties included): of m = n+b values
// quantileExact(q) takes rank ⌊q(n+b)⌋, which is b above the rank among the n, and for
// b = q/(1−q) (9 for p90; selectionCopies) ⌊q(n+b)⌋ − b = ⌊q(n−1)⌋. Floating point cannot move
// the floor: q·m is an integer or a tenth or more away from one, and the product is rounded to
// the nearest. The copies join the values by merging a state of the b copies into the rows'
// state (paddedRanksSQL), not by an array of the values: gathering them a second time
// (groupArray) and concatenating was more than half of a service statement's time at 10M
// tickets.
func rankedSQL(s *statement, value, cond string) string {
	n := fmt.Sprintf("countIf(%s)", cond)
	guard := func(x string) string { return fmt.Sprintf("if(%s = 0, toFloat64(0), toFloat64(%s))", n, x) }
	rows := rowRanksSQL(value, cond)
	return fmt.Sprintf("[toFloat64(%s), toFloat64(sumIf(%s, %s)), %s, %s, %s, %s]", n, value, cond, guard(rows+"[1]"),
		guard(rows+"[2]"), guard(paddedRanksSQL(value, cond)+"[3]"), guard(rows+"[3]"))
}

// belowMedian is the level whose quantileExact is the value at the median's lower rank
// ⌊(n−1)/2⌋: quantileExact(q) of n values is the one at rank ⌊q·n⌋, and ⌊(½−ε)n⌋ is n/2−1 for
// an even n (εn lifts the product more than its rounding can move it) and (n−1)/2 for an odd
// one while εn < ½: for every n below 5·10¹¹. 2⁻⁴⁰ is exact in binary, so the level does not
// hang on how its decimal is read.
const belowMedian = 0.5 - 1.0/(1<<40)

// rankLevels are the levels of ranksState: belowMedian, the median's and p90's.
var rankLevels = fmt.Sprintf("%v, %v, %v", belowMedian, metric.SummaryQuantiles[0], metric.SummaryQuantiles[1])

// ranksState is the SQL of the quantilesExact state (at rankLevels) of the values of the rows
// where cond holds: the one copy of them that rowRanksSQL and paddedRanksSQL select from
// (ClickHouse works out an aggregate written twice once).
func ranksState(value, cond string) string {
	return fmt.Sprintf("quantilesExactIfState(%s)(%s, %s)", rankLevels, value, cond)
}

// rowRanksSQL is the SQL of the values at the median's ranks (metric.SummaryRanks: ⌊(n−1)/2⌋ and
// the one after) and at the rank after p90's (⌊0.9(n−1)⌋+1), an array of three taken from the
// rows where cond holds by one quantilesExact: levels belowMedian (⌊(n−1)/2⌋), 0.5 (⌊n/2⌋) and
// 0.9 (⌊0.9n⌋). For an even n, ⌊n/2⌋ is the rank after ⌊(n−1)/2⌋; for an odd n it is ⌊(n−1)/2⌋
// itself, where the median is that value exactly and the rank after it weighs nothing
// (metric.DurationsAt: the weight is 0 and every duration is finite). With n−1 = 10a+c,
// ⌊0.9(n−1)⌋ = 9a+⌊0.9c⌋ and ⌊0.9n⌋ = 9a+⌊0.9(c+1)⌋: for c from 1 to 9 that is the rank after
// p90's; for c = 0 it is p90's own, which then weighs all and the rank after it nothing.
// TestRanksFromRows holds the ranks in floating point, TestRowRanksOnServer on the server.
func rowRanksSQL(value, cond string) string {
	return "finalizeAggregation(" + ranksState(value, cond) + ")"
}

// paddedRanksSQL is the SQL of the values at rankLevels among the rows' values where cond
// holds with selectionCopies(0.9) copies of their smallest below them: its third is p90's own
// rank (rankedSQL). The copies' state has the rows' state's type (an If state, its condition
// a UInt8), so the two merge.
func paddedRanksSQL(value, cond string) string {
	b, lo := selectionCopies(metric.SummaryQuantiles[1]), fmt.Sprintf("minIf(%s, %s)", value, cond)
	copies := fmt.Sprintf("arrayReduce('quantilesExactIfState(%s)', arrayResize([%s], %d, %s), arrayResize([toUInt8(1)], %d, toUInt8(1)))",
		rankLevels, lo, b, lo, b)
	return fmt.Sprintf("arrayReduce('quantilesExactIfMerge(%s)', [%s, %s])", rankLevels, ranksState(value, cond), copies)
}

// selectionCopies is b of rankedSQL for quantile q: q/(1−q), which must be a whole number
// (TestSelectionCopies holds metric.SummaryQuantiles to it).
func selectionCopies(q float64) int { return int(math.Round(q / (1 - q))) }

// tally adds n solved tickets of slot with the given agent replies, reopens and transfers to
// its FCR and transfer rate, so the rules stay Go's (metric.FCRTally, metric.TransferTally).
func (f *serviceFigures) tally(slot int, replies, reopens, transfers *int32, n int) {
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
}
