package clickhouse

import (
	"context"
	"fmt"
	"strings"
)

// A series of days has a CLV window per day, each reaching a year back, and lifetimeSQL's
// arrays crossed every customer's orders with every window: 10.5 s of ClickHouse's time for a
// month's days at 5M orders. When every bound of the periods and their windows is a local
// midnight, the windows that hold an order are those of a stretch of each row's periods, from
// the first ending after the order to the last beginning at or before it ([lo, hi)), and both
// ends depend on the order's local date alone: a map of dates gives them (clvDays). Then
//   - the revenue and the orders are summed per stretch (and group): every order of a stretch
//     counts in each of its periods;
//   - a customer is a buyer in the union of the stretches of their orders that are no refunds,
//     and the union of stretches that begin and end in the same order as their orders is
//     worked out in one pass over them (segments): customers are counted per segment;
//   - a buyer's margins in a period are those of their orders before its end, the orders whose
//     stretch begins at or before it: an order's margin counts from the later of its stretch's
//     start and its segment's, to the segment's end.
// ClickHouse counts and sums per stretch; the stretches are spread over their periods here, as
// the backlog's are (waiting). The same figures as lifetimeSQL, the sums in another order.

// clvLine is one row of the plan's periods as clvDays maps them: for each date of the map,
// the start and end of the stretch of the row's periods whose CLV window holds an instant of
// that date.
type clvLine struct {
	first, n int
	lo, hi   []int32
}

// clvDays maps each local date from the earliest window start to the last period end to its
// stretch in every row; ok is false when some bound is no local midnight (or the zone has no
// name ClickHouse knows), when a row's window starts go back, or when the map would pass
// maxMappedDays.
func (p *plan) clvDays() (first int32, lines []clvLine, ok bool) {
	if !p.zoneKnown() {
		return 0, nil, false
	}
	day := p.localDay
	windows := p.windowStarts()
	lo, hi := windows[0], p.Periods[0].Hi
	for k, pp := range p.Periods {
		for _, b := range []uint32{windows[k], pp.Lo, pp.Hi} {
			if _, midnight := day(b); !midnight {
				return 0, nil, false
			}
		}
		lo, hi = min(lo, windows[k]), max(hi, pp.Hi)
	}
	first, _ = day(lo)
	last, _ := day(hi)
	if last-first > maxMappedDays {
		return 0, nil, false
	}
	for _, l := range p.Lines {
		n := len(l.Bounds) - 1
		line := clvLine{first: l.First, n: n}
		for j := 1; j < n; j++ {
			if windows[l.First+j] < windows[l.First+j-1] {
				return 0, nil, false
			}
		}
		for d := first; d <= last; d++ {
			at := p.midnight(d)
			// inWindow's rule at the date's midnight: the windows [w, t) holding it are those of
			// the periods ending after it (from on) whose window begins at or before it (up to to).
			var from, to int32
			for j := range n {
				if p.Periods[l.First+j].Hi <= at {
					from++
				}
				if windows[l.First+j] <= at {
					to++
				}
			}
			line.lo, line.hi = append(line.lo, from), append(line.hi, to)
		}
		lines = append(lines, line)
	}
	return first, lines, true
}

// stretchMaps binds the rows' stretches date after date (clvDays), their starts and their
// ends, as two arrays: the entry of row l (1-based) for date first + i is at i·rows + l.
func stretchMaps(s *statement, lines []clvLine) (los, his string) {
	var lo, hi []int32
	for i := range lines[0].lo {
		for _, l := range lines {
			lo, hi = append(lo, l.lo[i]), append(hi, l.hi[i])
		}
	}
	return s.bind(lo), s.bind(hi)
}

// stretchSQL is the SQL of the start or end (m, a map of stretchMaps) of the stretch of row l
// of an order of local day number x: 0 before the map's first date.
func stretchSQL(m string, first int32, rows int, x string) string {
	return fmt.Sprintf("if(%[1]s < %[2]d, toInt32(0), %[3]s[(%[1]s - %[2]d) * %[4]d + l])", x, first, m, rows)
}

// clvRangesSQL are lifetimeSQL's sums by stretch: revenue rows (tag 0: the revenue and orders
// of the orders of row l whose stretch is [lo, hi), per group), buyer rows (tag 1: the
// customers of a segment [lo, hi) of row l) and margin rows (tag 2: the margins counted over
// [lo, hi)). customers is lifetimeSQL's join ("": every customer in the group of no name).
func (p *plan) clvRangesSQL(s *statement, defaultMargin float64, customers string, first int32, lines []clvLine) string {
	_, hi := p.Bounds()
	grouped := func(sql string) string {
		if customers == "" {
			return join("SELECT *, '' AS g FROM (", sql, ")")
		}
		return join("SELECT * FROM (", sql, ")", customers)
	}
	rows := make([]string, len(lines))
	for i := range lines {
		rows[i] = fmt.Sprint(i + 1)
	}
	los, his := stretchMaps(s, lines)
	start := func(x string) string { return stretchSQL(los, first, len(lines), x) }
	end := func(x string) string { return stretchSQL(his, first, len(lines), x) }
	// Each customer's orders as arrays (local day, amount, no refund, margin; clvOrderArrays).
	per := join("SELECT customer_id, arrayMap(a ->", p.localDaySQL(s, "a"), ", oats) AS ds, oamounts,",
		"arrayMap(x -> toUInt8(", noRefund("x"), "), oamounts) AS oks, ovs AS vs FROM (", p.clvOrderArrays(s, defaultMargin, hi), ")")
	eachRow := join("arrayJoin([", strings.Join(rows, ", "), "]) AS l")
	// The revenue and orders per group and local day (the customers joined before their
	// orders are taken apart), then per stretch: a day's orders share their stretch.
	days := join("SELECT g, d, sum(amount) AS x, countIf(", noRefund("amount"), ") AS n FROM (SELECT g, d, amount FROM (",
		grouped(per), ") ARRAY JOIN ds AS d, oamounts AS amount) GROUP BY g, d")
	revenue := join("SELECT toUInt8(0) AS tag, g, l, lo, hi, sum(x) AS x, sum(n) AS n FROM (SELECT g, x, n,", eachRow, ",",
		start("d"), "AS lo,", end("d"), "AS hi FROM (", days, ")) WHERE lo < hi GROUP BY g, l, lo, hi")
	// One row per customer and row of periods with each order's stretch. A lambda of 18.16
	// sees no column but its arguments: the row comes as an array as long as the orders'.
	perRow := join("SELECT customer_id, oks, vs, l, arrayMap((x, l) ->", start("x"), ", ds, ls) AS olos,",
		"arrayMap((x, l) ->", end("x"), ", ds, ls) AS ohis FROM (",
		"SELECT *,", eachRow, ", arrayResize(emptyArrayUInt8(), length(ds), toUInt8(l)) AS ls FROM (", per, "))")
	// A segment begins at a stretch that begins after the one before ends, and ends where the
	// stretch before the next segment's ends.
	segments := join(`SELECT customer_id, l, olos, vs, arrayMap(r -> tupleElement(r, 1), rs) AS rl, arrayMap(r -> tupleElement(r, 2), rs) AS rh,
		arrayMap((a, b) -> a > b, rl, arrayPushFront(arrayPopBack(rh), toInt32(-1))) AS st,
		arrayFilter((a, f) -> f, rl, st) AS ss, arrayFilter((b, f) -> f, rh, arrayPushBack(arrayPopFront(st), 1)) AS se FROM (
		SELECT customer_id, l, olos, vs, arraySort(arrayFilter(r -> tupleElement(r, 1) < tupleElement(r, 2) AND tupleElement(r, 3) = 1,
			arrayMap((a, b, ok) -> (a, b, ok), olos, ohis, oks))) AS rs FROM (`, perRow, ") WHERE length(rs) > 0)")
	// A lambda of 18.16 sees no column but its arguments: the segment's bounds come as arrays as
	// long as the orders'.
	buyers := join(`SELECT g, l, ss[i] AS s0, se[i] AS e0, olos, vs, arrayResize(emptyArrayInt32(), length(olos), s0) AS s0s,
		arrayResize(emptyArrayInt32(), length(olos), e0) AS e0s FROM (SELECT g, l, ss, se, olos, vs, arrayJoin(arrayEnumerate(ss)) AS i FROM (`,
		grouped(segments), "))")
	tagged := join(`SELECT tupleElement(r, 1) AS tag, g, l, tupleElement(r, 2) AS lo, tupleElement(r, 4) AS hi, tupleElement(r, 3) AS x FROM (
		SELECT g, l, arrayJoin(arrayConcat([(toUInt8(1), s0, toFloat64(0), e0)],
			arrayFilter(r -> tupleElement(r, 2) < tupleElement(r, 4), arrayMap((a, v, s, e) -> (toUInt8(2), greatest(a, s), v, e), olos, vs, s0s, e0s)))) AS r
		FROM (`, buyers, "))")
	return join(revenue, "UNION ALL SELECT tag, g, toUInt8(l) AS l, lo, hi, sum(x) AS x, count() AS n FROM (", tagged, ") GROUP BY tag, g, l, lo, hi")
}

// readLifetimeRanges reads the CLV's sums by stretch (clvRangesSQL) into clv, spreading each
// stretch over its periods; ok is false when the plan's bounds do not allow it (clvDays).
func (p *plan) readLifetimeRanges(ctx context.Context, clv []clvFigures) (ok bool, err error) {
	first, lines, ok := p.clvDays()
	if !ok {
		return false, nil
	}
	s := &statement{}
	customers, _ := p.clvCustomers(s)
	sql := p.clvRangesSQL(s, p.q.opts.DefaultGrossMargin, customers, first, lines)
	var (
		tag    uint8
		g      string
		l      uint8
		lo, hi int32
		x      float64
		n      uint64
	)
	return true, p.each(ctx, "CLV orders", sql, s, []any{&tag, &g, &l, &lo, &hi, &x, &n}, func() error {
		if l < 1 || int(l) > len(lines) {
			return fmt.Errorf("clickhouse: CLV stretch of row %d; the plan has %d", l, len(lines))
		}
		line := lines[l-1]
		for j := max(lo, 0); j < hi && int(j) < line.n; j++ {
			slot := p.slot(line.first+int(j), g)
			if slot < 0 {
				continue
			}
			f := &clv[slot]
			switch tag {
			case 0:
				f.revenue += x
				f.orders += int(n)
			case 1:
				f.buyers += int(n)
			case 2:
				f.marginSum += x
			}
		}
		return nil
	})
}
