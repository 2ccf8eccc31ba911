package clickhouse

import (
	"context"
	"strings"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// replies computes reply time (metrics.md section 2) from the reply-time samples the shipper
// derived (derive.go, by the engine's own rule): each sample counts at its agent message's
// instant, in the group of the message's agent (else the ticket's) or of the ticket's channel,
// team, category or customer's segment, as the engine's replyTime pass counts it. A slot with
// a sample is seen.
func replies(ctx context.Context, p *plan) error {
	cal, biz := make([]metric.Durations, len(p.sets)), make([]metric.Durations, len(p.sets))
	if !p.noMatch {
		s := &statement{}
		cols := []string{rankedSQL(s, "cal_seconds", "1"), rankedSQL(s, "biz_seconds", "1")}
		sql := join("SELECT k, g,", strings.Join(cols, ", "), "FROM (SELECT arrayJoin(", p.periodsExpr(s, "at"),
			") AS k, g, cal_seconds, biz_seconds FROM (", p.replySamples(s), ") WHERE", p.inRange(s, "at"), ") GROUP BY k, g")
		var (
			k      int32
			g      string
			c, b   []float64
			series = []struct {
				v   *[]float64
				dst []metric.Durations
			}{{&c, cal}, {&b, biz}}
		)
		err := p.each(ctx, "reply times", sql, s, []any{&k, &g, &c, &b}, func() error {
			slot := p.slot(int(k), g)
			if slot < 0 {
				return nil
			}
			p.mark(slot)
			for _, x := range series {
				v := *x.v
				x.dst[slot] = metric.DurationsAt(int(v[0]), v[1], [4]float64{v[2], v[3], v[4], v[5]})
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for k := range p.sets {
		p.sets[k].ReplyTime = &metric.ServiceTime{Calendar: cal[k], Business: biz[k]}
	}
	return nil
}

// replySamples is the SQL of the samples that pass the plan's filters, one row each: its
// instant (at, UInt32), its seconds and its group (g). The columns are named as a ticket's, so
// a dimension's SQL is the tickets' (ticketDim); the segment is the customer's, joined at query
// time.
func (p *plan) replySamples(s *statement) string {
	const own = "at, cal_seconds, biz_seconds, agent, channel, team, category, customer_id"
	sql := join("SELECT toUInt32(at) AS at, cal_seconds, biz_seconds, agent, channel, team, category, customer_id FROM",
		p.table(KindReplies, own))
	cols := "at, cal_seconds, biz_seconds, agent, channel, team, category"
	if p.uses(engine.BySegment) {
		sql = join("SELECT", cols, ", c_segment FROM (", p.withSegments(cols, join("SELECT *, customer_id AS cust FROM (", sql, ")")), ")")
		cols += ", c_segment"
	}
	dim := func(d engine.Dim) string { return p.ticketDim(s, d) }
	return join("SELECT", cols, ",", dim(p.Query.By), "AS g FROM (", sql, ") WHERE", p.keep(s, dim))
}
