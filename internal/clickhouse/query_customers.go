package clickhouse

import (
	"fmt"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// The SQL of the customers part (metrics.md section 3): per period and segment group, the
// counts and sums the metric constructors (metric.NewChurn, NewRetention, NewReferral, NewCLV,
// NewEngagement) take, so that the figures are made by the same Go code as the in-memory
// engine's (internal/engine query_customers.go, clv_window.go). Each query crosses the rows
// with the plan's periods (arrayJoin over their numbers): a customer is in the base at the
// start and end of many periods, and each bucket's CLV window reaches a year back, so a row
// counts in many periods, not in the one its instant falls in.

// eventKinds is the dictionary of event kinds, read and mapped like a dimension's names
// (compared as names are, shown as first seen): engagement's kinds. It is no --by.
const eventKinds engine.Dim = "event kind"

// custPeriods crosses a row with the plan's periods: k is the period's number (as the plan
// numbers them), f and t its bounds in Unix seconds, w the start of its CLV window W (which
// ends at t).
func (p *plan) custPeriods(s *statement) string {
	froms, tos, windows := make([]uint32, len(p.Periods)), make([]uint32, len(p.Periods)), p.windowStarts()
	for k, pp := range p.Periods {
		froms[k], tos[k] = pp.Lo, pp.Hi
	}
	return fmt.Sprintf("arrayJoin(arrayEnumerate(%s)) AS k1, toUInt32(k1 - 1) AS k, %s[k1] AS f, %s[k1] AS t, %s[k1] AS w",
		s.bind(froms), s.bind(froms), s.bind(tos), s.bind(windows))
}

// windowStarts are the starts of the periods' CLV windows W (each ends at its period's end).
func (p *plan) windowStarts() []uint32 {
	out := make([]uint32, len(p.Periods))
	for k, pp := range p.Periods {
		out[k], _ = engine.CLVWindow(pp.From, pp.To)
	}
	return out
}

// The CLV window's rule, once for lifetimeSQL's two forms and buyersSQL: an order at instant at
// counts in the window [w, t) — in its revenue, and as an order and a buyer's when it is no
// refund — and in its buyer's margins when it lies before t.
func inWindow(at, w, t string) string { return fmt.Sprintf("%s >= %s AND %s < %s", at, w, at, t) }
func noRefund(amount string) string   { return amount + " >= 0" }

// custGroup is the SQL of a customers row's group: its segment's shown name when the query is
// split by segment, else the empty name.
func (p *plan) custGroup(s *statement) string {
	if p.Query.By == engine.BySegment {
		return p.shownExpr(s, engine.BySegment, "segment")
	}
	return "''"
}

// custKeep is the SQL condition that a customers row passes the query's (segment) filter.
func (p *plan) custKeep(s *statement) string {
	return p.keep(s, func(d engine.Dim) string { return p.shownExpr(s, d, "segment") })
}

// customersSQL is the live customers rows passing the filter: acquired a and churned c in
// seconds (0: none), the group g and whether they were referred.
func (p *plan) customersSQL(s *statement) string {
	return join("SELECT id AS customer_id, toUInt32(acquired_at) AS a, toUInt32(churned_at) AS c,", p.custGroup(s), "AS g,",
		"referred_by != '' AS referred FROM", p.table(cx.KindCustomers, "id, acquired_at, churned_at, segment, referred_by"),
		"WHERE", p.custKeep(s))
}

// baseSQL counts per period and group the base at the period's start and end, the acquired,
// lost, new-lost and referred customers, and the base at the start of the CLV window with
// those of it lost within the window. A customer is in the base at t when a < t and (no c or
// c ≥ t) (engine.inBase); lost: in the base at the start and churned in the period;
// new-lost: acquired and churned in the period.
//
// Every condition compares a and c with a bound of some period (f, t, w) or with 0, so the
// customers are first counted by where a and c lie among all the bounds (boundedSQL): a series
// of a month's days then crosses a few thousand counts with its periods instead of every
// customer (a million customers by 62 periods took 10 s at 26M records).
func (p *plan) baseSQL(s *statement) string {
	return join(`SELECT k, g,
		sumIf(n, a != 0 AND a < f AND (c = 0 OR c >= f)),
		sumIf(n, a != 0 AND a < t AND (c = 0 OR c >= t)),
		sumIf(n, a != 0 AND a < f AND c >= f AND c < t),
		sumIf(n, a >= f AND a < t),
		sumIf(n, a >= f AND a < t AND c >= f AND c < t),
		sumIf(n, a >= f AND a < t AND referred),
		sumIf(n, a != 0 AND a < w AND (c = 0 OR c >= w)),
		sumIf(n, a != 0 AND a < w AND c >= w AND c < t)
		FROM (SELECT a, c, g, referred, n,`, p.custPeriods(s), "FROM (",
		"SELECT ra AS a, rc AS c, g, referred, count() AS n FROM (",
		"SELECT", p.boundedSQL(s, "a"), "AS ra,", p.boundedSQL(s, "c"), "AS rc, g, referred FROM (", p.customersSQL(s), "))",
		"GROUP BY ra, rc, g, referred)) GROUP BY k, g")
}

// boundedSQL is the SQL of the instant col (UInt32 seconds, 0: none) moved down to the greatest
// bound of the plan's periods (their starts, ends and CLV windows' starts) at or below it, or to
// 1 when below them all (every bound is a later instant): it compares with every bound and
// with 0 as col does.
func (p *plan) boundedSQL(s *statement, col string) string {
	bounds := p.windowStarts()
	for _, pp := range p.Periods {
		bounds = append(bounds, pp.Lo, pp.Hi)
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	if days, moved, ok := p.boundsByDay(bounds); ok {
		// The local date maps to the bound (a hash lookup, not a lambda over the bounds: a
		// month's days took 0.5 s at a million customers).
		day := p.localDaySQL(s, col)
		return fmt.Sprintf("if(%s = 0, toUInt32(0), if(%s < %d, toUInt32(1), transform(%s, %s, %s, toUInt32(%d))))",
			col, day, days[0], day, s.bind(days), s.bind(moved), bounds[len(bounds)-1])
	}
	b := s.bind(bounds)
	below := fmt.Sprintf("arrayCount(x -> x <= %s, %s)", col, b)
	return fmt.Sprintf("if(%s = 0, toUInt32(0), if(%s = 0, toUInt32(1), %s[%s]))", col, below, b, below)
}

// boundsByDay maps, when every one of the sorted bounds is a local midnight, each local date
// from the first bound's to the day before the last's (daysBetween) to the greatest bound at or
// before its midnight — every instant of that date lies at or after that bound and before the
// next; ok is false otherwise.
func (p *plan) boundsByDay(bounds []uint32) (days []int32, moved []uint32, ok bool) {
	days, index, ok := p.daysBetween(bounds)
	if !ok || len(days) == 0 {
		return nil, nil, false
	}
	moved = make([]uint32, len(index))
	for i, j := range index {
		moved[i] = bounds[j]
	}
	return days, moved, true
}

// lifetimeSQL sums per period and group what the CLV is computed from (engine.lifetimeValue):
// the revenue of the window W (refunds net it), its orders and buyers (a refund is neither),
// and each buyer's margins — Σ amount·margin of all their orders before the period's end,
// with defaultMargin for an order without a gross margin.
//
// The orders are gathered per customer first (instants, amounts, amount·margin as arrays) and
// only then crossed with the periods and joined to the customers: a period's sums of a
// customer are array functions over their few orders. Crossing every order with every period
// and grouping by customer and period took 3.6 s for a year's months on 500,000 orders, this
// a fraction of it. With a filter only the orders of customers passing it count; without, also
// those of customers not (yet) there, in the group of the empty name (the engine's segment 0).
func (p *plan) lifetimeSQL(s *statement, defaultMargin float64) string {
	customers, group := p.clvCustomers(s)
	_, hi := p.Bounds()
	if len(p.Periods) <= fewPeriods {
		return p.lifetimeFewSQL(s, defaultMargin, customers, group, hi)
	}
	// Orders before every window (lo) count only in the margins, the same in every period: a
	// sum per customer rather than arrays, so a shop's years of history are not carried into
	// each period. A customer without orders in [lo, hi) is no buyer of any window.
	from := s.bind(slices.Min(p.windowStarts()))
	orders := join("SELECT customer_id,", group, "groupArrayIf(at, at >=", from, ") AS ats,",
		"groupArrayIf(amount, at >=", from, ") AS amounts, groupArrayIf(v, at >=", from, ") AS margins,",
		"sumIf(v, at <", from, ") AS before FROM (", p.clvOrdersSQL(s, defaultMargin, hi, ""), ") GROUP BY customer_id HAVING length(ats) > 0")
	// A lambda of 18.16 sees no column but its arguments: the window's bounds come as arrays
	// as long as the orders' (ws, ts).
	return clvSums(join(`SELECT k, g,
			arraySum(arrayMap((x, a, w, t) -> if(`+inWindow("a", "w", "t")+`, x, 0), amounts, ats, ws, ts)) AS rev,
			arrayCount((x, a, w, t) -> `+inWindow("a", "w", "t")+` AND `+noRefund("x")+`, amounts, ats, ws, ts) AS n,
			before + arraySum(arrayMap((v, a, t) -> if(a < t, v, 0), margins, ats, ts)) AS m
		FROM (SELECT g, ats, amounts, margins, before, k, arrayResize(emptyArrayUInt32(), length(ats), w) AS ws,
			arrayResize(emptyArrayUInt32(), length(ats), t) AS ts FROM (SELECT g, ats, amounts, margins, before,`, p.custPeriods(s),
		"FROM (", orders, ")", customers, "))"))
}

// clvCustomers is the join that gives CLV's orders their customers' group (g), and, when there
// is no join, the column that gives every row the group of the empty name. With a filter only
// the orders of customers passing it count; without, also those of customers not (yet) there,
// in the group of the empty name.
func (p *plan) clvCustomers(s *statement) (customers, group string) {
	if p.Query.By == engine.ByNone && len(p.filters) == 0 {
		// No group, no filter: no customers to read (a join of 100,000 costs a tenth of a second).
		return "", "'' AS g,"
	}
	how := "ANY LEFT JOIN"
	if len(p.filters) > 0 {
		how = "ANY INNER JOIN"
	}
	return join(how, "(", p.customersSQL(s), ") USING customer_id"), ""
}

// clvOrdersSQL is the orders CLV reads, up to hi: customer, instant (at), amount and amount ·
// margin (v, defaultMargin for an order without a gross margin); and is a further condition
// ("AND …"), or none.
func (p *plan) clvOrdersSQL(s *statement, defaultMargin float64, hi uint32, and string) string {
	return join("SELECT customer_id, toUInt32(ordered_at) AS at, amount,", copiedMargin(marginedSQL, unmarginedSQL, s.bind(defaultMargin)), "AS v FROM",
		p.table(cx.KindOrders, "customer_id, ordered_at, amount, gross_margin"),
		"WHERE ordered_at != 0 AND toUInt32(ordered_at) <", s.bind(hi), and)
}

// clvSums sums per period and group the rows of sql — a customer's revenue (rev), orders (n)
// and margins (m) in a period k — into the revenue, the orders, the buyers and their margins.
func clvSums(sql string) string {
	return join("SELECT k, g, sum(rev), sum(n), sum(n > 0), sumIf(m, n > 0) FROM (", sql, ") GROUP BY k, g")
}

// fewPeriods is up to how many periods lifetimeFewSQL sums each period's own columns.
const fewPeriods = 4

// lifetimeFewSQL is lifetimeSQL for a report of a period or two (with the one before): each
// customer's sums for each period are columns (clvPerCustomer: of one GROUP BY over their
// orders, 1.1 s at 5M orders against 1.8–2.0 s of the arrays form, or read from the orders'
// copy by customer), then one row per period. customers and group are lifetimeSQL's join and
// group; hi the end of the last period.
func (p *plan) lifetimeFewSQL(s *statement, defaultMargin float64, customers, group string, hi uint32) string {
	var rows []string
	for k := range p.Periods {
		rows = append(rows, fmt.Sprintf("(toUInt32(%[1]d), rev%[1]d, n%[1]d, m%[1]d)", k))
	}
	orders := p.clvPerCustomer(s, defaultMargin, hi, group)
	return clvSums(join("SELECT g, tupleElement(x, 1) AS k, tupleElement(x, 2) AS rev, tupleElement(x, 3) AS n, tupleElement(x, 4) AS m FROM (",
		"SELECT g, arrayJoin([", strings.Join(rows, ", "), "]) AS x FROM (", orders, ")", customers, ")"))
}

// engagementSQL counts per period, group and event kind (shown name) the customers in the base
// at the period's end with an event of that kind in the period (engine.engagement).
func (p *plan) engagementSQL(s *statement) string {
	return join("SELECT k, g, kind, uniqExact(customer_id) FROM (SELECT customer_id, kind, at, a, c, g,", p.custPeriods(s),
		"FROM (SELECT customer_id,", p.shownExpr(s, eventKinds, "kind"), "AS kind, toUInt32(at) AS at FROM",
		p.table(cx.KindEvents, "customer_id, kind, at"), "WHERE at != 0)",
		"ANY INNER JOIN (", p.customersSQL(s), ") USING customer_id)",
		"WHERE kind != '' AND at >= f AND at < t AND a != 0 AND a < t AND (c = 0 OR c >= t) GROUP BY k, g, kind")
}
