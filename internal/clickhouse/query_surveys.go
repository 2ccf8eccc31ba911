package clickhouse

import (
	"context"
	"fmt"
	"math"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// Tones as the survey SQL gives them (toneExpr).
const (
	toneNone = iota
	tonePositive
	toneNeutral
	toneNegative
)

// surveys computes NPS, CSAT, CES, feedback response and sentiment (metrics.md section 1) as
// the engine's surveys pass does, in three statements: the answers counted by what decides
// their figures (survey, scale, score, tone, comment, reply, superseded), the NPS voices (each
// customer's latest answer in a period, argMax), and, unsplit, the public mentions.
func surveys(ctx context.Context, p *plan) error {
	// Answers and voices fill other counters of a slot; mentions theirs, added after.
	counts, mentions := make([]engine.SurveyCounts, len(p.sets)), make([]engine.SurveyCounts, len(p.sets))
	if !p.noMatch {
		runs := []func() error{
			func() error { return p.countAnswers(ctx, counts) },
			func() error { return p.countVoices(ctx, counts) },
		}
		if p.Query.OnlyDims() { // mentions have no channel, team, agent, segment or category
			runs = append(runs, func() error { return p.countMentions(ctx, mentions) })
		}
		if err := together(runs...); err != nil {
			return err
		}
	}
	for k := range counts {
		counts[k].Add(&mentions[k])
		counts[k].Fill(&p.sets[k])
	}
	return nil
}

// answers is the SQL of the answers in the plan's periods that pass its filters, one row each
// with its group (g), its voter (the customer whose latest NPS answer counts, else the answer
// itself) and whether it counts for CSAT and CES (counted: not superseded by a later answer
// of its ticket to the same survey). What an answer takes from its ticket (its channel, team
// and agent when it has none of its own, its category, its customer when it has none) and
// counted are on its row, derived when it shipped (derive_answers.go); only the segment of its
// customer is joined, when the query splits or filters by it.
func (p *plan) answers(s *statement) string {
	sql := join("SELECT b, id, survey, score, at, scale, commented, replied, sentiment, channel, team, agent,",
		"t_channel, t_team, t_agent, t_category, counted, cust, next_at FROM", p.readIn(cx.KindResponses, p.spans()), "WHERE", p.inRange(s, "at"))
	if p.uses(engine.BySegment) {
		sql = p.withSegments("b, id, survey, score, at, scale, commented, replied, sentiment, channel, team, agent, "+
			"t_channel, t_team, t_agent, t_category, counted, next_at", sql)
	}
	dim := func(d engine.Dim) string { return p.answerDim(s, d) }
	return join("SELECT b, id, survey, score, at, scale, commented, replied, sentiment,",
		"counted, cust, if(cust = '', id, '') AS alone, next_at,", dim(p.Query.By), "AS g",
		"FROM (", sql, ") WHERE", p.keep(s, dim))
}

// answerDim is the SQL of an answer's shown name in dimension d (engine: responseDim).
func (p *plan) answerDim(s *statement, d engine.Dim) string {
	switch d {
	case engine.ByChannel, engine.ByTeam, engine.ByAgent:
		col := string(d)
		o, t := p.shownExpr(s, d, col), p.shownExpr(s, d, "t_"+col)
		return fmt.Sprintf("if(%s != '', %s, %s)", o, o, t)
	case engine.ByCategory:
		return p.shownExpr(s, d, "t_category")
	case engine.BySegment:
		return p.shownExpr(s, d, "c_segment")
	}
	return "''"
}

// uses tells whether the query splits or filters by d.
func (p *plan) uses(d engine.Dim) bool {
	_, filtered := p.filters[d]
	return p.Query.By == d || filtered
}

// countAnswers adds every answer to its slots' counters and marks them seen (engine:
// countAnswers, countAnswer); NPS voices are countVoices'.
func (p *plan) countAnswers(ctx context.Context, counts []engine.SurveyCounts) error {
	s := &statement{}
	sql := join("SELECT k, g, survey, scale, score, tone, commented, replied, counted, count() AS n FROM (",
		p.placedSQL(s, "at", "g, survey, scale, score, commented, replied, counted, "+toneExpr(s, "sentiment")+" AS tone", p.answers(s)),
		") GROUP BY k, g, survey, scale, score, tone, commented, replied, counted")
	var (
		k                               int32
		g, survey, scale                string
		score                           int16
		tone, commented, replied, count uint8
		n                               uint64
	)
	opts := p.q.opts
	return p.each(ctx, "survey answers", sql, s, []any{&k, &g, &survey, &scale, &score, &tone, &commented, &replied, &count, &n}, func() error {
		slot := p.slot(int(k), g)
		if slot < 0 {
			return nil
		}
		p.mark(slot)
		c, m := &counts[slot], int(n)
		addTone(&c.Tone, tone, m)
		if commented != 0 {
			c.Feedback += m
			if replied != 0 {
				c.Replied += m
			}
		}
		if count == 0 {
			return nil
		}
		switch survey {
		case cx.SurveyCSAT:
			// Positive by the answer's own scale; the mean on the install's (metric.CSATScale).
			code, _, _ := metric.ScaleCode(scale)
			sc := metric.ScaleOf(code, opts.CSAT)
			c.CSATN += m
			if code == 0 {
				c.CSATSum += float64(m) * float64(score)
			} else {
				c.CSATSum += float64(m) * opts.CSAT.OnScale(sc.Fraction(int(score)))
			}
			if sc.Positive(int(score)) {
				c.CSATPositive += m
			}
		case cx.SurveyCES:
			x, easy := opts.CES.Easy(int(score))
			c.CESN += m
			c.CESSum += float64(m) * float64(x)
			if easy {
				c.CESEasy += m
			}
		}
		return nil
	})
}

// nextAnswers is the SQL of each NPS answer with a customer among ROWS (the answers' read form)
// and the instant of that customer's next NPS answer (next_at; by instant, at the same second
// by id, as countVoices orders them), the last instant there is for their last: the answers'
// copy by time carries it (layouts), so that a period's voices need not group the answers by
// customer (countVoices).
const nextAnswers = "SELECT tupleElement(x, 1) AS id, tupleElement(x, 2) AS next_at FROM (" +
	"SELECT arrayJoin(arrayMap(i -> (tupleElement(ps[i], 2), if(i < length(ps), tupleElement(ps[i + 1], 1), toUInt32(4294967295))), " +
	"arrayEnumerate(ps))) AS x FROM (SELECT arraySort(groupArray((at, id))) AS ps FROM (ROWS) " +
	"WHERE survey = 'nps' AND cust != '' GROUP BY cust))"

// countVoices counts the NPS voices: per period, each customer's latest answer (submitted
// last, at the same second the greatest id), and every answer without a customer, in the
// group of that answer (engine: keepLatest, countVoice).
//
// An answer of the answers' copy by time is its customer's latest in a period that holds it
// exactly when their next answer (next_at, nextAnswers) comes at or after the period's end:
// were it before, it would lie in the period and come later. That holds while the copy knows
// every answer of the customer: not for those with an answer shipped since the snapshot, new
// or changed (voicesCopy), nor where a filter leaves some of a customer's answers out (the
// latest one passing counts then); those are grouped by customer as without a copy.
func (p *plan) countVoices(ctx context.Context, counts []engine.SurveyCounts) error {
	s := &statement{}
	base := p.placedSQL(s, "at", "b, id, at, g, score, cust, alone, next_at",
		join("SELECT * FROM (", p.answers(s), ") WHERE survey =", s.bind(cx.SurveyNPS)))
	grouped := func(cond string) string {
		return join("SELECT k, argMax(g, (at, id)) AS g, argMax(score, (at, id)) AS score FROM (", base, ")", cond, "GROUP BY k, cust, alone")
	}
	sql := join("SELECT k, g, score, count() AS n FROM (", grouped(""), ") GROUP BY k, g, score")
	if fromCopy, fresh, ok := p.voicesCopy(); ok {
		ends := make([]uint32, len(p.Periods))
		for k, per := range p.Periods {
			ends[k] = per.Hi
		}
		sql = join("SELECT k, g, score FROM (", base, ") WHERE", fromCopy, "AND (cust = '' OR next_at >=", "arrayElement("+s.bind(ends)+", k + 1))")
		if fresh {
			sql = join(sql, "UNION ALL", grouped("WHERE NOT ("+fromCopy+")"))
		}
		sql = join("SELECT k, g, score, count() AS n FROM (", sql, ") GROUP BY k, g, score")
	}
	var (
		k     int32
		g     string
		score int16
		n     uint64
	)
	return p.each(ctx, "NPS voices", sql, s, []any{&k, &g, &score, &n}, func() error {
		if slot := p.slot(int(k), g); slot >= 0 {
			c := &counts[slot]
			switch metric.NPSClass(int(score)) {
			case metric.Promoter:
				c.Promoters += int(n)
			case metric.Passive:
				c.Passives += int(n)
			default:
				c.Detractors += int(n)
			}
		}
		return nil
	})
}

// voicesCopy is the SQL condition that an answer is read from the answers' copy by time and
// its customer has no answer shipped since the copy's snapshot — whose rows there are, and
// whose customer there was at the snapshot (the copy's row of the same id) — ok when there is
// a copy and no filter (countVoices); fresh when some answer was shipped since (else every
// answer read is the copy's).
func (p *plan) voicesCopy() (cond string, fresh, ok bool) {
	snap := p.copied[cx.KindResponses]
	if snap == 0 || len(p.filters) > 0 {
		return "", false, false
	}
	if !p.shippedSince(cx.KindResponses, snap) {
		return "b != 0", false, true
	}
	t := p.q.db.name + "." + string(cx.KindResponses)
	customers := freshCustomers(t, answerCustomer, snap, p.q.db.name+"."+copyName(cx.KindResponses, snap), "cust")
	return "b != 0 AND cust NOT IN (" + customers + ")", true, true
}

// countMentions adds the public mentions of each period to the feedback and the sentiment of
// an unsplit, unfiltered report (engine: surveys' mentions). They mark nothing seen.
func (p *plan) countMentions(ctx context.Context, counts []engine.SurveyCounts) error {
	s := &statement{}
	sql := join("SELECT k, replied, tone, count() AS n FROM (SELECT arrayJoin(", p.periodsExpr(s, "at"), ") AS k,",
		"toUInt32(replied_at) != 0 AS replied,", toneExpr(s, "sentiment"), "AS tone FROM",
		"(SELECT toUInt32(at) AS at, replied_at, sentiment FROM", p.table(cx.KindMentions, "at, replied_at, sentiment"),
		") WHERE", p.inRange(s, "at"), ") GROUP BY k, replied, tone")
	var (
		k             int32
		replied, tone uint8
		n             uint64
	)
	return p.each(ctx, "mentions", sql, s, []any{&k, &replied, &tone, &n}, func() error {
		if slot := p.slot(int(k), ""); slot >= 0 {
			c := &counts[slot]
			c.Feedback += int(n)
			if replied != 0 {
				c.Replied += int(n)
			}
			addTone(&c.Tone, tone, int(n))
		}
		return nil
	})
}

// toneExpr is the SQL of the tone of a Nullable(Float64) sentiment column, from the label
// ranges metric.SentimentLabel reads (as a store selecting texts by label does).
func toneExpr(s *statement, col string) string {
	cond := func(label string) string {
		r, _ := metric.SentimentRange(label)
		lo, hi := ">", "<"
		if r.Inclusive {
			lo, hi = ">=", "<="
		}
		conds := []string{}
		if !math.IsInf(r.Min, 0) {
			conds = append(conds, fmt.Sprintf("assumeNotNull(%s) %s %s", col, lo, s.bind(r.Min)))
		}
		if !math.IsInf(r.Max, 0) {
			conds = append(conds, fmt.Sprintf("assumeNotNull(%s) %s %s", col, hi, s.bind(r.Max)))
		}
		return join(conds[0], joinAnd(conds[1:]))
	}
	// Neither positive nor negative is neutral, NaN included, as SentimentLabel has it.
	return fmt.Sprintf("multiIf(isNull(%s), %d, %s, %d, %s, %d, %d)", col, toneNone,
		cond(metric.SentimentPositive), tonePositive, cond(metric.SentimentNegative), toneNegative, toneNeutral)
}

func joinAnd(conds []string) string {
	out := ""
	for _, c := range conds {
		out += " AND " + c
	}
	return out
}

// addTone adds n texts of a tone to the sentiment counts (engine: countTone).
func addTone(c *metric.SentimentCounts, tone uint8, n int) {
	switch tone {
	case tonePositive:
		c.Positive += n
	case toneNeutral:
		c.Neutral += n
	case toneNegative:
		c.Negative += n
	}
}
