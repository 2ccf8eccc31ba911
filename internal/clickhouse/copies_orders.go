package clickhouse

import (
	"fmt"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// CLV's historical value sums each buyer's margins over all their orders before the period's
// end, however far back (metrics.md section 3), so a month's report read every order of the
// table and grouped them by customer (1.1 s at 5M orders, issue 18). So the settled orders get
// a copy by customer: a row a customer, their orders up to the snapshot sorted by instant in
// arrays — instant, amount, and amount·margin split in the part with a gross margin and the
// amount without one, as the default margin is the report's setting — so that a report reads
// a million rows of arrays instead of grouping five million orders.
//
// Why the copy with snapshot S answers as the table does: it is built from the rows up to S of
// the table settled at S (copies.go: no row numbered at most S is written afterwards). A
// customer none of whose orders has a row above S has in the copy their orders as they stand.
// Every other customer (affected) is read from the table itself as before: those of a row
// above S (a new or changed order), and those an order with a row above S belonged to at S —
// found in the copy's second table, the orders' ids with their customer at S, sorted by id: the
// table itself may have merged the old row away (a deletion's row names no customer).

// ordersLayout is the orders' copy: what CLV reads of an order (clvOrdersSQL's columns, the
// margin split as said above).
var ordersLayout = layout{
	by:   byCustomer,
	own:  "id, customer_id, ordered_at, amount, gross_margin",
	read: "id, customer_id, toUInt32(ordered_at) AS at, amount, " + marginedSQL + " AS margined, " + unmarginedSQL + " AS unmargined",
}

// An order's amount·margin in two parts, on the orders' columns: the product with its gross
// margin (0 without one) and the amount without one (0 with one), which copiedMargin joins
// under the report's default margin.
const (
	marginedSQL   = "ifNull(amount * gross_margin, 0)"
	unmarginedSQL = "if(isNull(gross_margin), amount, 0)"
)

// idsName is the table of the ids of the orders in kind's copy by customer of snapshot S,
// with their customer then.
func idsName(kind cx.Kind, snap uint64) string { return copyName(kind, snap) + "_ids" }

// createByCustomer is the SQL of a copy by customer named name and its ids (name_ids), from
// rows in ordersLayout's read form. An order without an instant is in no CLV (clvOrdersSQL).
func createByCustomer(name, rows string) []string {
	return []string{
		"CREATE TABLE " + name + ` ENGINE = MergeTree ORDER BY customer_id AS SELECT customer_id,
			arrayMap(x -> tupleElement(x, 1), o) AS ats, arrayMap(x -> tupleElement(x, 2), o) AS amounts,
			arrayMap(x -> tupleElement(x, 3), o) AS margined, arrayMap(x -> tupleElement(x, 4), o) AS unmargined
		FROM (SELECT customer_id, arraySort(x -> tupleElement(x, 1), groupArray((at, amount, margined, unmargined))) AS o
			FROM (` + rows + `) WHERE at != 0 GROUP BY customer_id)`,
		"CREATE TABLE " + name + "_ids ENGINE = MergeTree ORDER BY id AS SELECT id, customer_id FROM (" + rows + ")",
	}
}

// clvPerCustomer is the SQL of each customer's sums for lifetimeFewSQL — the group (group:
// its column, or none when the customers are joined later) and, for each period k, the
// revenue of its window (revK), the orders in it that are no refunds (nK) and the margins of
// the orders before its end (mK) — for every customer with an order before hi: from the
// orders' copy by customer when there is one, and for the customers it cannot answer for
// (above) from the table, as without a copy.
func (p *plan) clvPerCustomer(s *statement, defaultMargin float64, hi uint32, group string) string {
	var sums, arrays, cols []string
	for k, w := range p.windowStarts() {
		in, t := inWindow("at", s.bind(w), s.bind(p.Periods[k].Hi)), s.bind(p.Periods[k].Hi)
		sums = append(sums, fmt.Sprintf("sumIf(amount, %[1]s) AS rev%[2]d, countIf(%[1]s AND %[4]s) AS n%[2]d, sumIf(v, at < %[3]s) AS m%[2]d",
			in, k, t, noRefund("amount")))
		// The lambdas' own names for an order's instant, amount and margin parts.
		arrays = append(arrays, fmt.Sprintf("arraySum(arrayMap((at, amount) -> if(%[1]s, amount, 0), ats, amounts)) AS rev%[2]d, "+
			"toUInt64(arrayCount((at, amount) -> %[1]s AND %[4]s, ats, amounts)) AS n%[2]d, "+
			"arraySum(arrayMap((at, x, y) -> if(at < %[3]s, %[5]s, 0), ats, margined, unmargined)) AS m%[2]d",
			in, k, t, noRefund("amount"), copiedMargin("x", "y", s.bind(defaultMargin))))
		cols = append(cols, fmt.Sprintf("rev%[1]d, n%[1]d, m%[1]d", k))
	}
	table := func(cond string) string {
		return join("SELECT customer_id,", group, strings.Join(sums, ", "), "FROM (", p.clvOrdersSQL(s, defaultMargin, hi, cond), ") GROUP BY customer_id")
	}
	copied, notAffected, affected := p.ordersCopy(s, hi)
	if copied == "" {
		return table("")
	}
	copied = join("SELECT customer_id,", group, strings.Join(cols, ", "), "FROM (SELECT customer_id,", strings.Join(arrays, ", "), "FROM", copied, notAffected, ")")
	if affected == "" {
		return copied
	}
	return join(copied, "UNION ALL", table(affected))
}

// copiedMargin is the SQL of an order's amount·margin from its parts x (with a gross margin)
// and y (the amount, without one) under defaultMargin: in the copy and in the table alike
// (clvOrdersSQL).
func copiedMargin(x, y, defaultMargin string) string { return x + " + " + defaultMargin + " * " + y }

// ordersCopy is the orders' copy by customer as a report up to hi reads it: the table with the
// condition that a row has an order before hi (from), the further condition that its customer
// is none the copy cannot answer for (notAffected: "AND …", or none when nothing was shipped
// since its snapshot) and the condition on the table's orders that is true of those customers
// (affected, "AND …" for clvOrdersSQL). from is "" when there is no copy.
func (p *plan) ordersCopy(s *statement, hi uint32) (from, notAffected, affected string) {
	snap := p.copied[cx.KindOrders]
	if snap == 0 {
		return "", "", ""
	}
	from = join(p.q.db.name+"."+copyName(cx.KindOrders, snap), "WHERE ats[1] <", s.bind(hi))
	if !p.shippedSince(cx.KindOrders, snap) {
		return from, "", ""
	}
	t := p.q.db.name + "." + string(cx.KindOrders)
	customers := freshCustomers(t, "customer_id", snap, p.q.db.name+"."+idsName(cx.KindOrders, snap), "customer_id")
	return from, "AND customer_id NOT IN (" + customers + ")", "AND customer_id IN (" + customers + ")"
}

// clvOrderArrays is the SQL of each customer's orders before hi as arrays (the orders of the
// lifetimeSQL's forms by stretch): instants (oats), amounts (oamounts) and amount·margin (ovs),
// from the orders' copy by customer for the customers it answers for, and from the table for
// the others (all of them without a copy).
func (p *plan) clvOrderArrays(s *statement, defaultMargin float64, hi uint32) string {
	table := func(cond string) string {
		return join("SELECT customer_id, groupArray(at) AS oats, groupArray(amount) AS oamounts, groupArray(v) AS ovs FROM (",
			p.clvOrdersSQL(s, defaultMargin, hi, cond), ") GROUP BY customer_id")
	}
	copied, notAffected, affected := p.ordersCopy(s, hi)
	if copied == "" {
		return table("")
	}
	before := "a < " + s.bind(hi)
	copied = join("SELECT customer_id, arrayFilter(a -> ", before, ", ats) AS oats, arrayFilter((x, a) ->", before, ", amounts, ats) AS oamounts,",
		"arrayFilter((v, a) ->", before, ", arrayMap((x, y) ->", copiedMargin("x", "y", s.bind(defaultMargin)), ", margined, unmargined), ats) AS ovs",
		"FROM", copied, notAffected)
	if affected == "" {
		return copied
	}
	return join(copied, "UNION ALL", table(affected))
}
