package clickhouse

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// The customers part of the report in ClickHouse (metrics.md section 3): per period and
// segment group, the counts and sums the metric constructors (metric.NewChurn, NewRetention,
// NewReferral, NewCLV, NewEngagement) take, so that the figures are computed by the same Go
// code as the in-memory engine's (internal/engine query_customers.go, clv_window.go). Each
// query crosses the rows with the periods (arrayJoin over their numbers): a record falls in
// at most one period of a row of back-to-back periods, but the previous period, the query's
// own and the buckets are three rows, and each bucket's CLV window reaches a year back.

// custPeriod is one period of a customer query in Unix seconds: [from, to), and the start of
// its CLV window W, which ends at to.
type custPeriod struct {
	from, to, window uint32
}

// custAsk is what the customer queries read of a report: its periods, whether it is split by
// segment, and a segment filter (the value's name key) when there is one.
type custAsk struct {
	periods   []custPeriod
	bySegment bool
	filtered  bool
	segment   string // the filter's cx.NameKey
}

// custSlot is one period (its index in the ask) and group (a segment's name key; "" unsplit,
// and the group of customers without a segment).
type custSlot struct {
	period int
	group  string
}

// baseFigures are one slot's counts of the customer base (metrics.md section 3), and of the
// base over its CLV window, whose churn the lifespan rests on.
type baseFigures struct {
	start, end, lost, acquired, newLost, referred int
	windowStart, windowLost                       int
}

// spaceRE is the white space strings.TrimSpace trims (unicode.IsSpace), as an RE2 class in a
// ClickHouse string literal.
const spaceRE = `[\\s\\x{0B}\\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}]`

// trimSQL is strings.TrimSpace in ClickHouse: 18.16 has no trimBoth.
func trimSQL(col string) string {
	return fmt.Sprintf("replaceRegexpAll(%s, '^%s+|%s+$', '')", col, spaceRE, spaceRE)
}

// nameKeySQL is cx.NameKey in ClickHouse: trimmed, lower case.
func nameKeySQL(col string) string { return "lowerUTF8(" + trimSQL(col) + ")" }

// groupSQL is a customer's group: its segment's name key when split by segment, else ”.
func (a *custAsk) groupSQL(segment string) string {
	if a.bySegment {
		return nameKeySQL(segment)
	}
	return "''"
}

// filterSQL is the condition of the segment filter on a customers row ("1" without one) and
// its argument.
func (a *custAsk) filterSQL(segment string) (string, []any) {
	if !a.filtered {
		return "1", nil
	}
	return nameKeySQL(segment) + " = ?", []any{a.segment}
}

// periodsSQL crosses a row with the periods: k is the period's number, f, t and w its from,
// to and window start.
func (a *custAsk) periodsSQL() string {
	list := func(v func(p custPeriod) uint32) string {
		var b strings.Builder
		b.WriteString("CAST([")
		for i, p := range a.periods {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatUint(uint64(v(p)), 10))
		}
		b.WriteString("] AS Array(UInt32))")
		return b.String()
	}
	return fmt.Sprintf("toUInt32(arrayJoin(range(%d))) AS k, %s[k+1] AS f, %s[k+1] AS t, %s[k+1] AS w", len(a.periods),
		list(func(p custPeriod) uint32 { return p.from }), list(func(p custPeriod) uint32 { return p.to }),
		list(func(p custPeriod) uint32 { return p.window }))
}

// customersSQL is the live customers rows: acquired a and churned c in seconds (0: none),
// the group g and the referral flag, passing the filter.
func (db *DB) customersSQL(a *custAsk) (string, []any) {
	where, args := a.filterSQL("segment")
	return fmt.Sprintf("SELECT id AS customer_id, toUInt32(acquired_at) AS a, toUInt32(churned_at) AS c, %s AS g, "+
		"referred_by != '' AS referred FROM %s.customers FINAL WHERE deleted = 0 AND %s",
		a.groupSQL("segment"), db.name, where), args
}

// customerBase counts, per slot, the base at the period's start and end, the acquired, lost,
// new-lost and referred customers, and the base at the start of the CLV window and those of it
// lost within the window. A customer is in the base at t when a < t and (no c or c ≥ t)
// (engine.inBase); lost: in the base at the start and churned in the period; new-lost:
// acquired and churned in the period.
func (db *DB) customerBase(ctx context.Context, a *custAsk) (map[custSlot]*baseFigures, error) {
	customers, args := db.customersSQL(a)
	q := fmt.Sprintf(`SELECT k, g,
		sum(a != 0 AND a < f AND (c = 0 OR c >= f)) AS start,
		sum(a != 0 AND a < t AND (c = 0 OR c >= t)) AS end,
		sum(a != 0 AND a < f AND c >= f AND c < t) AS lost,
		sum(a >= f AND a < t) AS acquired,
		sum(a >= f AND a < t AND c >= f AND c < t) AS new_lost,
		sum(a >= f AND a < t AND referred) AS referred,
		sum(a != 0 AND a < w AND (c = 0 OR c >= w)) AS window_start,
		sum(a != 0 AND a < w AND c >= w AND c < t) AS window_lost
		FROM (SELECT a, c, g, referred, %s FROM (%s)) GROUP BY k, g`, a.periodsSQL(), customers)
	rows, err := db.conn.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("clickhouse: unable to count the customer base: %w", err)
	}
	defer rows.Close()
	out := map[custSlot]*baseFigures{}
	for rows.Next() {
		var k uint32
		var g string
		var n [8]uint64
		if err := rows.Scan(&k, &g, &n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6], &n[7]); err != nil {
			return nil, fmt.Errorf("clickhouse: unable to read the customer base: %w", err)
		}
		out[custSlot{int(k), g}] = &baseFigures{start: int(n[0]), end: int(n[1]), lost: int(n[2]), acquired: int(n[3]),
			newLost: int(n[4]), referred: int(n[5]), windowStart: int(n[6]), windowLost: int(n[7])}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("clickhouse: unable to read the customer base: %w", err)
	}
	return out, nil
}

// clvFigures are one slot's sums for the CLV over its window W: revenue (refunds net it),
// orders and buyers (a refund is neither), and Σ over the buyers of Σ amount·margin of all
// their orders before the period's end (the historical CLV).
type clvFigures struct {
	revenue, marginSum float64
	orders, buyers     int
}

// ordersSQL is the live orders with an instant, each with its customer's group; with a filter
// only those whose customer passes it, else those of customers not (yet) there too, in the
// group ” (the engine's segment 0).
func (db *DB) ordersSQL(a *custAsk) (string, []any) {
	customers, args := db.customersSQL(a)
	join := "ANY LEFT JOIN"
	if a.filtered {
		join = "ANY INNER JOIN"
	}
	return fmt.Sprintf("SELECT customer_id, toUInt32(ordered_at) AS at, amount, gross_margin, g "+
		"FROM (SELECT customer_id, ordered_at, amount, gross_margin FROM %s.orders FINAL WHERE deleted = 0 AND ordered_at != 0) "+
		"%s (%s) USING customer_id", db.name, join, customers), args
}

// lifetimeSums sums, per slot, what the CLV is computed from (engine.lifetimeValue): the
// orders of the window W, their buyers, and each buyer's margins of every order before the
// period's end, with defaultMargin for orders without a gross margin.
func (db *DB) lifetimeSums(ctx context.Context, a *custAsk, defaultMargin float64) (map[custSlot]*clvFigures, error) {
	orders, args := db.ordersSQL(a)
	q := fmt.Sprintf(`SELECT k, g, sum(rev), sum(n), sum(n > 0), sumIf(m, n > 0) FROM (
		SELECT customer_id, k, any(g) AS g,
			sumIf(amount, at >= w AND at < t) AS rev,
			sum(at >= w AND at < t AND amount >= 0) AS n,
			sumIf(amount * ifNull(gross_margin, ?), at < t) AS m
		FROM (SELECT customer_id, at, amount, gross_margin, g, %s FROM (%s))
		GROUP BY customer_id, k) GROUP BY k, g`, a.periodsSQL(), orders)
	rows, err := db.conn.Query(ctx, q, append([]any{defaultMargin}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("clickhouse: unable to sum the orders for the CLV: %w", err)
	}
	defer rows.Close()
	out := map[custSlot]*clvFigures{}
	for rows.Next() {
		var k uint32
		var g string
		var f clvFigures
		var orders, buyers uint64
		if err := rows.Scan(&k, &g, &f.revenue, &orders, &buyers, &f.marginSum); err != nil {
			return nil, fmt.Errorf("clickhouse: unable to read the CLV sums: %w", err)
		}
		f.orders, f.buyers = int(orders), int(buyers)
		out[custSlot{int(k), g}] = &f
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("clickhouse: unable to read the CLV sums: %w", err)
	}
	return out, nil
}

// engagementCounts counts, per slot and event kind (name key, of kinds), the customers in the
// base at the period's end with an event of that kind in the period (engine.engagement).
func (db *DB) engagementCounts(ctx context.Context, a *custAsk, kinds []string) (map[custSlot]map[string]int, error) {
	out := map[custSlot]map[string]int{}
	if len(kinds) == 0 {
		return out, nil
	}
	customers, args := db.customersSQL(a)
	q := fmt.Sprintf(`SELECT k, g, kk, uniqExact(customer_id) FROM (
		SELECT customer_id, kk, at, a, c, g, %s FROM
			(SELECT customer_id, %s AS kk, toUInt32(at) AS at FROM %s.events FINAL WHERE deleted = 0 AND at != 0 AND has(?, kk))
			ANY INNER JOIN (%s) USING customer_id)
		WHERE at >= f AND at < t AND a != 0 AND a < t AND (c = 0 OR c >= t)
		GROUP BY k, g, kk`, a.periodsSQL(), nameKeySQL("kind"), db.name, customers)
	rows, err := db.conn.Query(ctx, q, append([]any{kinds}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("clickhouse: unable to count the engagement: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k uint32
		var g, kind string
		var n uint64
		if err := rows.Scan(&k, &g, &kind, &n); err != nil {
			return nil, fmt.Errorf("clickhouse: unable to read the engagement: %w", err)
		}
		s := custSlot{int(k), g}
		if out[s] == nil {
			out[s] = map[string]int{}
		}
		out[s][kind] = int(n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("clickhouse: unable to read the engagement: %w", err)
	}
	return out, nil
}

// eventKinds is every event kind stored, by name key, each shown as its earliest shipped
// spelling (trimmed): what the engine's dictionary of kinds holds when no kinds are configured.
func (db *DB) eventKinds(ctx context.Context) (map[string]string, error) {
	q := fmt.Sprintf(`SELECT kk, argMin(shown, version) FROM (
		SELECT %s AS kk, %s AS shown, version FROM %s.events FINAL WHERE deleted = 0) WHERE kk != '' GROUP BY kk`,
		nameKeySQL("kind"), trimSQL("kind"), db.name)
	rows, err := db.conn.Query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("clickhouse: unable to list the event kinds: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var key, shown string
		if err := rows.Scan(&key, &shown); err != nil {
			return nil, fmt.Errorf("clickhouse: unable to read the event kinds: %w", err)
		}
		out[key] = shown
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("clickhouse: unable to read the event kinds: %w", err)
	}
	return out, nil
}
