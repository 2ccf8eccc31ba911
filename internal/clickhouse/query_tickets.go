package clickhouse

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// ticketColumns are the columns of a ticket the service parts read: instants as UInt32 (0 =
// none), the optional numbers as shipped (NULL = not known), and the bucket of a row of the
// tickets' copy by time (b; 0 for a row of the table: copies.go).
const ticketColumns = "b, created, solved, first_solved, first_reply, outbound, complaint, wait_seconds, handle_seconds, " +
	"agent_replies, reopens, transfers, first_reply_biz, first_solved_biz, solved_biz, customer_id, channel, team, agent, category"

// tickets is the SQL of the tickets that pass the plan's filters and the condition cut (SQL on
// ticketColumns' instants and flags), one row each with its ticketColumns, its group (g) and
// its channel's shown name (ch); the segment is its customer's, joined at query time. With
// spans the tickets come from their copy by time when there is one, a row for each bucket of a
// ticket there (a figure counts from the row of its bucket: inBucket); without, from the
// table, every ticket (a ticket created long before still counts where it is waiting). The
// caller's cut says which instants it wants; it comes first, before the names are worked out
// and the segments joined: of 10M tickets a month's report wants some 400,000.
func (p *plan) tickets(s *statement, cut string, spans [][2]uint32) string {
	sql := join("SELECT", ticketColumns, "FROM", p.readIn(cx.KindTickets, spans), "WHERE", cut)
	cols := ticketColumns
	if p.uses(engine.BySegment) {
		sql = join("SELECT", cols, ", c_segment FROM (", p.withSegments(cols, join("SELECT *, customer_id AS cust FROM (", sql, ")")), ")")
		cols += ", c_segment"
	}
	dim := func(d engine.Dim) string { return p.ticketDim(s, d) }
	return join("SELECT", cols, ",", dim(p.Query.By), "AS g,", p.shownExpr(s, engine.ByChannel, "channel"), "AS ch FROM (", sql,
		") WHERE", p.keep(s, dim))
}

// ticketDim is the SQL of a ticket's shown name in dimension d (engine: ticketDim).
func (p *plan) ticketDim(s *statement, d engine.Dim) string {
	switch d {
	case engine.ByChannel, engine.ByTeam, engine.ByAgent, engine.ByCategory:
		return p.shownExpr(s, d, string(d))
	case engine.BySegment:
		return p.shownExpr(s, d, "c_segment")
	}
	return "''"
}

// figureAt is an instant a ticket's figure belongs to, as SQL on ticketColumns, and the
// condition under which the ticket gives that figure (engine: serviceTicket).
type figureAt struct{ at, when string }

const firstSolved = "if(first_solved != 0, first_solved, solved)" // engine: firstSolvedAt

var (
	atCreated     = figureAt{"created", "1"}
	atFirstReply  = figureAt{"first_reply", "outbound = 0 AND first_reply >= created"}
	atSolved      = figureAt{"solved", "solved >= created"}
	atFirstSolved = figureAt{firstSolved, firstSolved + " >= created"}
	// Wait time belongs to the moment the customer was answered: creation + wait (engine:
	// waitEnd, which measures no wait past the last instant a UInt32 holds).
	atWaitEnd = figureAt{"created + toUInt32(assumeNotNull(wait_seconds))",
		"isNotNull(wait_seconds) AND NOT isNaN(assumeNotNull(wait_seconds)) AND assumeNotNull(wait_seconds) < 4294967295 - created"}
	// Handle time belongs to the solve, else the creation (engine: handleAt).
	atHandle = figureAt{"if(solved != 0, solved, created)", "isNotNull(handle_seconds) AND NOT isNaN(assumeNotNull(handle_seconds))"}
	// An inbound ticket waits for its first reply (waiting): the backlog reads it from the
	// bucket of that reply, or of the last instant there is when it has none, so a period's
	// backlog reads the buckets from the period's start on, not every ticket before its end.
	atAnswered = figureAt{"if(first_reply = 0, 4294967295, first_reply)", "outbound = 0"}
)

// The tickets' figures come from reads of them (ticketFigures) in which each ticket gives a
// row per figure instant and period it falls in, tagged with the instant, and ClickHouse
// groups them by tag, period and group. Where the tickets are read from their copy by time a
// read is cheap, and each instant has a read of its own (figureReads): the rows are not
// multiplied by the instants, and the reads run side by side. Reading the table instead (no
// copy yet) merges the tickets' versions (FINAL), and joining the customers' segments builds a
// table of all customers: that costs as much as a figure's grouping, so there one read serves
// every instant (on two cores the statements queued behind each other: issue 18).
const (
	tagCreated     = iota // counted, per channel
	tagSolved             // counted, with FCR and transfers by the columns their rules read
	tagSolvedTimes        // the same instant, for the resolution and complaint times, not split so
	tagFirstReply
	tagFirstSolved
	tagWaitEnd
	tagHandle
)

// tagAt is each tag's instant.
var tagAt = [...]figureAt{tagCreated: atCreated, tagSolved: atSolved, tagSolvedTimes: atSolved, tagFirstReply: atFirstReply,
	tagFirstSolved: atFirstSolved, tagWaitEnd: atWaitEnd, tagHandle: atHandle}

// sample is one series of a summary: the value of a ticket at the instant of tag, when cond
// holds, in column of the read's summaries. The samples of a column are of different tags and
// of one type (ClickHouse finds no common type of Int64 and Float64 seconds).
type sample struct {
	tag, column int
	value, cond string
	dst         []metric.Durations
}

// figureValues are the columns of a ticket its figures read once it is placed (figuresSQL):
// the rows are copied for each instant and period a ticket has, so the read carries these
// numbers on, not every column of the ticket.
const figureValues = "created, solved, first_solved, first_reply, complaint, wait_seconds, handle_seconds, agent_replies, reopens, transfers, " +
	"first_reply_biz, first_solved_biz, solved_biz"

// figuresSQL is a read of the tickets for the instants of tags: per tag, period (k) and group
// (g) their count, and with samples (the service part) the figures (rankedSQL) of each column
// of series (seriesOf) and, with tagSolvedTimes, the complaints' days. A row of tagCreated is
// per channel too (c), one of tagSolved per agent replies, reopens and transfers (r, o, t);
// the other tags leave those empty. The read groups by the columns its tags fill only, and a
// read of one instant places each ticket as placedSQL does.
func (p *plan) figuresSQL(s *statement, tags []int, samples []sample, series [][]int) string {
	var in []string
	at := func(tag int) string { // a ticket without the instant gives 0, which no period holds
		i := tagAt[tag]
		return fmt.Sprintf("if(%s AND %s, %s, 0)", i.when, inBucket(i.at), i.at)
	}
	for _, tag := range tags {
		in = append(in, "("+p.inRange(s, at(tag))+")")
	}
	cols := []string{"count()"}
	for _, c := range series {
		var values, conds []string
		for _, i := range c {
			x := samples[i]
			values = append(values, fmt.Sprintf("tag = %d, %s", x.tag, x.value))
			conds = append(conds, fmt.Sprintf("(tag = %d AND %s)", x.tag, x.cond))
		}
		// multiIf's last value is its else: a row of another tag, which no condition keeps.
		value := samples[c[len(c)-1]].value
		if len(c) > 1 {
			values[len(values)-1] = value
			value = "multiIf(" + strings.Join(values, ", ") + ")"
		}
		cols = append(cols, rankedSQL(s, value, strings.Join(conds, " OR ")))
	}
	if len(samples) > 0 && slices.Contains(tags, tagSolvedTimes) { // the solved complaints' whole local days (engine: localDays)
		tz := s.bind(p.q.opts.Timezone.String())
		cols = append(cols, fmt.Sprintf("groupArrayIf(toInt32(toRelativeDayNum(toDateTime(solved), %s) - toRelativeDayNum(toDateTime(created), %s)), "+
			"tag = %d AND complaint = 1)", tz, tz, tagSolvedTimes))
	}
	none := "CAST(NULL AS Nullable(Int32))"
	tickets := p.tickets(s, strings.Join(in, " OR "), p.spans())
	var placed string // the rows: tag, period (k), group, channel and figureValues
	if len(tags) == 1 {
		placed = p.placedSQL(s, at(tags[0]), fmt.Sprintf("toUInt8(%d) AS tag, g, ch, %s", tags[0], figureValues), tickets)
	} else {
		var arrays []string
		for _, tag := range tags {
			arrays = append(arrays, fmt.Sprintf("arrayMap(x -> (toUInt8(%d), x), %s)", tag, p.periodsExpr(s, at(tag))))
		}
		placed = join("SELECT tupleElement(kt, 1) AS tag, tupleElement(kt, 2) AS k, g, ch,", figureValues, "FROM (",
			"SELECT arrayJoin(arrayConcat(", strings.Join(arrays, ", "), ")) AS kt, g, ch,", figureValues, "FROM (", tickets, "))")
	}
	// The columns a read does not group by are constants.
	shown := map[string]string{"tag": "tag", "c": "c", "r": "r", "o": "o", "t": "t"}
	keys := []string{"k", "g"}
	if len(tags) > 1 {
		keys = append(keys, "tag")
	} else {
		shown["tag"] = fmt.Sprintf("toUInt8(%d) AS tag", tags[0])
	}
	if slices.Contains(tags, tagCreated) {
		keys = append(keys, "c")
	} else {
		shown["c"] = "'' AS c"
	}
	if slices.Contains(tags, tagSolved) {
		keys = append(keys, "r", "o", "t")
	} else {
		for _, x := range []string{"r", "o", "t"} {
			shown[x] = none + " AS " + x
		}
	}
	return join("SELECT", shown["tag"], ", k, g,", shown["c"], ",", shown["r"], ",", shown["o"], ",", shown["t"], ",",
		strings.Join(cols, ", "), "FROM (",
		"SELECT *,", fmt.Sprintf("if(tag = %d, ch, '') AS c,", tagCreated),
		fmt.Sprintf("if(tag = %d, agent_replies, %s) AS r, if(tag = %[1]d, reopens, %[2]s) AS o, if(tag = %[1]d, transfers, %[2]s) AS t", tagSolved, none),
		"FROM (", placed, ")) GROUP BY", strings.Join(keys, ", "))
}

// figureReads are the tags of each read of the tickets (see above): one read a tag where the
// tickets come from their copy and no segment is joined, else one read of every tag. The
// resolution times' tag is read only with samples.
func (p *plan) figureReads(samples []sample) [][]int {
	var tags []int
	for tag := range tagAt {
		if tag != tagSolvedTimes || len(samples) > 0 {
			tags = append(tags, tag)
		}
	}
	if p.copied[cx.KindTickets] == 0 || p.uses(engine.BySegment) {
		return [][]int{tags}
	}
	reads := make([][]int, len(tags))
	for i, tag := range tags {
		reads[i] = []int{tag}
	}
	return reads
}

// seriesOf lists the samples of each column of summaries (sample.column), columns without a
// sample left out. A row has one tag, so samples of different tags can share a column, its
// value and condition chosen by the tag: fewer columns, fewer aggregates per row. Two samples
// of one tag in a column would read the same values: it refuses them.
func seriesOf(samples []sample) ([][]int, error) {
	var cols [][]int
	for i, x := range samples {
		for x.column >= len(cols) {
			cols = append(cols, nil)
		}
		for _, j := range cols[x.column] {
			if samples[j].tag == x.tag {
				return nil, fmt.Errorf("clickhouse: samples %d and %d of one instant share column %d", j, i, x.column)
			}
		}
		cols[x.column] = append(cols[x.column], i)
	}
	// A read of some instants leaves the other instants' columns empty: no figures there.
	return slices.DeleteFunc(cols, func(c []int) bool { return len(c) == 0 }), nil
}

// ticketFigures reads the tickets (figureReads, figuresSQL) into f: the tickets created (per
// channel) and solved, FCR and transfers, and with samples the samples' summaries and the
// complaints' days. It marks seen each slot where a figure of a ticket falls.
func (p *plan) ticketFigures(ctx context.Context, f *serviceFigures, samples []sample) error {
	var mu sync.Mutex // the reads run at once and add to f
	reads := p.figureReads(samples)
	fns := make([]func() error, len(reads))
	for i, tags := range reads {
		var own []sample // the samples of the read's tags
		for _, x := range samples {
			if slices.Contains(tags, x.tag) {
				own = append(own, x)
			}
		}
		fns[i] = func() error { return p.readFigures(ctx, f, tags, own, &mu) }
	}
	return together(fns...)
}

// readFigures is one read of ticketFigures: the figures of tags, with their samples.
func (p *plan) readFigures(ctx context.Context, f *serviceFigures, tags []int, samples []sample, mu *sync.Mutex) error {
	series, err := seriesOf(samples)
	if err != nil {
		return err
	}
	s := &statement{}
	sql := p.figuresSQL(s, tags, samples, series)
	var (
		tag     uint8
		k       int32
		g, c    string
		r, o, t *int32
		n       uint64
		column  = make([]int, len(samples)) // each sample's column of figures
		figures = make([][]float64, len(series))
		days    []int32
	)
	for ci, c := range series {
		for _, i := range c {
			column[i] = ci
		}
	}
	dest := []any{&tag, &k, &g, &c, &r, &o, &t, &n}
	for i := range figures {
		dest = append(dest, &figures[i])
	}
	if len(samples) > 0 && slices.Contains(tags, tagSolvedTimes) {
		dest = append(dest, &days)
	}
	return p.each(ctx, "tickets", sql, s, dest, func() error {
		slot := p.slot(int(k), g)
		if slot < 0 || (tag == tagCreated && !p.known(c)) {
			return nil
		}
		p.mark(slot)
		mu.Lock()
		defer mu.Unlock()
		switch tag {
		case tagCreated:
			f.created[slot] += int(n)
			if f.perChannel[slot] == nil {
				f.perChannel[slot] = map[string]int{}
			}
			f.perChannel[slot][c] += int(n)
		case tagSolved:
			f.solved[slot] += int(n)
			f.tally(slot, r, o, t, int(n))
		case tagSolvedTimes:
			for _, v := range days {
				f.complaintDays[slot] = append(f.complaintDays[slot], int(v))
			}
		}
		for i, x := range samples {
			if x.tag != int(tag) {
				continue
			}
			v := figures[column[i]]
			if len(v) != 6 {
				return fmt.Errorf("clickhouse: a summary of the tickets came with %d figures; want 6", len(v))
			}
			x.dst[slot] = metric.DurationsAt(int(v[0]), v[1], [4]float64{v[2], v[3], v[4], v[5]})
		}
		return nil
	})
}

// ticketCounts computes the tickets created and solved per period and group, and the created
// per channel (metrics.md section 2), as the engine's service pass counts them when only the
// counts are asked (a chart of volumes): a group is seen in a period where any of the ticket's
// figures falls, waiting tickets (the backlog) included.
func ticketCounts(ctx context.Context, p *plan) error {
	f := newServiceFigures(len(p.sets))
	if !p.noMatch {
		err := together(
			func() error { return p.ticketFigures(ctx, f, nil) },
			func() error { _, err := p.waiting(ctx, nil); return err })
		if err != nil {
			return err
		}
	}
	for k := range p.sets {
		t := metric.NewTickets(f.created[k], f.solved[k], f.perChannel[k])
		p.sets[k].Tickets = &t
	}
	return nil
}

// waiting counts the backlog at the end of each period: inbound tickets created before the end
// and first replied at or after it, or not yet (engine: backlog). Only when some ticket knows of
// replies (engine: anyReplyData), else it reports none (replyData false). A ticket waits in a
// stretch of consecutive periods of each row, from the first ending after its creation up to
// the first ending after its first reply: ClickHouse counts the tickets per stretch, and the
// stretches are summed here (engine: ranges). It marks the slots with a backlog seen, and
// gives count (when not nil) each slot's backlog.
func (p *plan) waiting(ctx context.Context, count []int) (replyData bool, err error) {
	s := &statement{}
	// Per row: the stretch [lo, hi) as timeline.endedBy gives it, of the creation and of the
	// first reply (none: to the row's end).
	var cols []string
	for _, l := range p.Lines {
		n := len(l.Bounds) - 1
		cols = append(cols, fmt.Sprintf("greatest(%s, 0)", p.positionExpr(s, l, "created")),
			fmt.Sprintf("if(first_reply = 0, toInt32(%d), greatest(%s, 0))", n, p.positionExpr(s, l, "first_reply")))
	}
	// A ticket first replied before the first period begins, or created after the last one
	// ends, waits at no period's end: the cut leaves it out before its stretches are worked out
	// (at 10M tickets over two years, all but some hundred thousand for a month).
	// From their copy by time, the tickets answered from the first period's start on or not
	// yet are those of the buckets from its start on, each from the row of its answer's bucket.
	lo, hi := p.Bounds()
	cut := fmt.Sprintf("outbound = 0 AND created < %s AND (first_reply = 0 OR first_reply >= %s) AND %s", s.bind(hi), s.bind(lo),
		inBucket(atAnswered.at))
	sql := join("SELECT g, [", strings.Join(cols, ", "), "] AS stretches, count() AS n FROM (",
		p.tickets(s, cut, [][2]uint32{{lo, math.MaxUint32}}), ") GROUP BY g, stretches")
	var (
		g         string
		stretches []int32
		n         uint64
	)
	groups := 1
	if p.Query.By != engine.ByNone {
		groups = len(p.keys)
	}
	diff := make([][]int, len(p.Lines)) // per row: (periods+1) × groups differences
	for i, l := range p.Lines {
		diff[i] = make([]int, len(l.Bounds)*groups)
	}
	// Whether to report the backlog is asked at the same time: usually it is, and the answer
	// then comes no later than the backlog's.
	err = together(
		func() (err error) { replyData, err = p.anyReplyData(ctx); return err },
		func() error {
			return p.each(ctx, "tickets waiting", sql, s, []any{&g, &stretches, &n}, func() error {
				gi := p.group(g)
				if gi < 0 {
					return nil
				}
				for i := range p.Lines {
					if lo, hi := int(stretches[2*i]), int(stretches[2*i+1]); lo < hi {
						diff[i][lo*groups+gi] += int(n)
						diff[i][hi*groups+gi] -= int(n)
					}
				}
				return nil
			})
		})
	if err != nil || !replyData {
		return false, err
	}
	for i, l := range p.Lines {
		for gi := range groups {
			sum := 0
			for j := range len(l.Bounds) - 1 {
				sum += diff[i][j*groups+gi]
				if slot := (l.First+j)*len(p.keys) + gi; sum > 0 {
					p.mark(slot)
					if count != nil {
						count[slot] = sum
					}
				}
			}
		}
	}
	return true, nil
}

// anyReplyData tells whether any ticket is known to be answered or not (engine: anyReplyData):
// all tickets, not the query's filtered ones.
func (p *plan) anyReplyData(ctx context.Context) (bool, error) {
	var replies uint64
	// One such ticket is enough: LIMIT 1 lets ClickHouse stop reading at the first.
	err := p.each(ctx, "reply data", join("SELECT count() FROM (SELECT 1 FROM", p.table(cx.KindTickets, "first_reply, replies"),
		"WHERE toUInt32(first_reply) != 0 OR isNotNull(replies) LIMIT 1)"), &statement{}, []any{&replies}, func() error { return nil })
	return replies > 0, err
}
