package clickhouse

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// review is one review's weighted ratings, its instant and its agent's shown name.
type review struct {
	metric.Review
	at    uint32
	agent string
}

// quality computes IQS, the mean review score by agent (metrics.md section 4), as the engine's
// quality pass does. A review's score weighs its criteria's ratings (metric.Review), which is
// no sum ClickHouse could keep per group: the rows of the reviews of the period (a review team
// rates a few tickets in a hundred) come to Go, where each review is scored and counted.
func quality(ctx context.Context, p *plan) error {
	sums, counts := make([]float64, len(p.sets)), make([]int, len(p.sets))
	if !p.noMatch {
		reviews, order, err := p.reviews(ctx)
		if err != nil {
			return err
		}
		agent := p.filters[engine.ByAgent]
		for _, id := range order {
			rv := reviews[id]
			score, ok := rv.Score()
			if !ok || rv.at == 0 {
				continue
			}
			if _, filtered := p.filters[engine.ByAgent]; filtered && rv.agent != agent {
				continue
			}
			for _, k := range p.PeriodsOf(rv.at) {
				if slot := p.slot(k, rv.agent); slot >= 0 {
					sums[slot] += score
					counts[slot]++
					p.mark(slot)
				}
			}
		}
	}
	for k := range p.sets {
		iqs := metric.NewIQS(sums[k], counts[k])
		p.sets[k].IQS = &iqs
	}
	return nil
}

// reviews reads the rows of every review with a row in the plan's periods, in the order of
// the changes that wrote them: a review takes the instant and agent of its last row, as the
// engine's rows (in load order) give them. order lists the reviews as first met.
func (p *plan) reviews(ctx context.Context) (map[string]*review, []string, error) {
	s := &statement{}
	all := p.table(cx.KindReviews, "review_id, criterion, rating, reviewed_at, agent, version")
	sql := join("SELECT review_id, criterion, rating, toUInt32(reviewed_at) AS at,", p.shownExpr(s, engine.ByAgent, "agent"), "AS g",
		"FROM", all, "WHERE review_id IN (SELECT review_id FROM", all, "WHERE", p.inRange(s, "toUInt32(reviewed_at)"), ")",
		"ORDER BY version, review_id, criterion")
	var (
		id, criterion, agent string
		rating               *int32
		at                   uint32
	)
	reviews := map[string]*review{}
	var order []string
	scales := map[string]metric.Rating{}
	err := p.each(ctx, "quality reviews", sql, s, []any{&id, &criterion, &rating, &at, &agent}, func() error {
		rv := reviews[id]
		if rv == nil {
			rv = &review{}
			reviews[id] = rv
			order = append(order, id)
		}
		if at == 0 {
			return nil // no instant: as a deleted row, it gives the review none
		}
		rv.at, rv.agent = at, agent
		if rating == nil {
			return nil // the criterion did not apply
		}
		key := cx.NameKey(criterion)
		sc, ok := scales[key]
		if !ok {
			sc = p.q.opts.Criterion(criterion) // compared as names are: trimmed, any case
			scales[key] = sc
		}
		sc.Rating = int(*rating)
		rv.Add(sc)
		return nil
	})
	return reviews, order, err
}
