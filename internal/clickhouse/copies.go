package clickhouse

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// A table sorted by id lets a report of one month read every row of the table (issue 18: a
// month of tickets is 400,000 of 10M). So a settled table of tickets or answers gets a copy laid
// out by time: the rows up to its snapshot (a settled mark) in the form a report reads them, each
// once for every stretch of time (bucket) that one of its instants lies in, sorted by bucket, so
// that a report reads the buckets of its periods alone (ClickHouse's index skips the rest).
//
// Why the copy with snapshot S answers as the table does, read as settledTable reads a table
// under a mark (readIn): it holds, for every id, the newest row numbered at most S unless that
// row is a deletion, built when the table was settled at S. A row numbered at most S is never
// written afterwards (settle.go), so for an id with no row above S the copy's row is the id's
// row as it stands; an id with a row above S is read from the table with FINAL among the rows
// above S, and its rows in the copy are left out (NOT IN). A position set back below S takes
// the copy back with the marks (unsettleAbove), as rows numbered at most S are shipped again.
//
// A row with several instants (a ticket created in one month and solved in the next) lies in
// the copy once per bucket; the figure of an instant is counted from the row of its own bucket
// (inBucket), so no figure counts twice, and no bucket of a figure is missing, as the buckets
// are those of every instant the figures read (a superset does no harm: a row of a bucket where
// no figure lies counts nothing).

// bucketSeconds is a bucket's length: 30 days from 1970, in UTC (the buckets only narrow the
// reading; a period's own bounds decide). Bucket n+1 holds the instants of [n·30 days, (n+1)·30
// days): 0 is no bucket, the bucket of a row read from the table itself.
const bucketSeconds = 30 * 86400

// layout is how a kind's copy lies: by what its rows are sorted (byTime, byCustomer); read is
// the SQL list of the columns a report reads, from the table's own columns (own), with id
// first; buckets (by time) the SQL of the array of a read row's buckets (bucketOf each
// instant), which holds at least the bucket of every instant a report selects the row by.
type layout struct {
	by                 string
	own, read, buckets string
	// across, by time, is the SQL of columns of a row worked out across the rows up to the
	// snapshot (ROWS in it: those rows in the read form), with the row's id, joined to the
	// copy's rows; fromTable is those columns for a row read from the table itself, which no
	// report reads them from.
	across, fromTable string
}

// What a copy is sorted by.
const (
	byTime     = "time"     // a row a bucket of its instants (this file)
	byCustomer = "customer" // a row a customer, their orders in arrays (copies_orders.go)
	byKey      = "key"      // a Join table by the customer's id, kept in the server's memory (withSegments)
)

// layouts are the kinds with a copy, and how it lies.
var layouts = map[cx.Kind]layout{
	cx.KindTickets: {
		by: byTime,
		own: "id, created_at, solved_at, first_solved_at, first_reply, outbound, complaint, wait_seconds, handle_seconds, " +
			"replies, reopens, transfers, first_reply_biz, first_solved_biz, solved_biz, customer_id, channel, team, agent, category",
		// first_reply and agent_replies are what the ticket's messages give, when it has any (derive.go).
		read: "id, toUInt32(created_at) AS created, toUInt32(solved_at) AS solved, toUInt32(first_solved_at) AS first_solved, " +
			"toUInt32(first_reply) AS first_reply, outbound, complaint, wait_seconds, handle_seconds, replies AS agent_replies, reopens, transfers, " +
			"first_reply_biz, first_solved_biz, solved_biz, customer_id, channel, team, agent, category",
		buckets: ticketBuckets(),
	},
	cx.KindResponses: {
		by: byTime,
		own: "id, survey, score, submitted_at, scale, commented, replied_at, sentiment, customer_id, channel, team, agent, " +
			"t_customer, t_channel, t_team, t_agent, t_category, counted",
		read: "id, survey, score, toUInt32(submitted_at) AS at, scale, commented, toUInt32(replied_at) != 0 AS replied, " +
			"sentiment, channel, team, agent, t_channel, t_team, t_agent, t_category, counted, " +
			answerCustomer + " AS cust",
		buckets:   "[" + bucketOf("at") + "]",
		across:    nextAnswers,
		fromTable: "toUInt32(0) AS next_at",
	},
	cx.KindOrders: ordersLayout,
	// The customers' segments, joined to the records of a report by segment.
	cx.KindCustomers: {by: byKey, own: "id, segment", read: "id AS cust, segment AS s_segment"},
}

// answerCustomer is the SQL of an answer's customer from its table's columns: its own, else
// its ticket's (engine: a response's customer).
const answerCustomer = "if(customer_id != '', customer_id, t_customer)"

// bucketOf is the SQL of the bucket of the UInt32 instant at.
func bucketOf(at string) string {
	return fmt.Sprintf("toUInt32(intDiv(%s, %d) + 1)", at, bucketSeconds)
}

// ticketBuckets are a ticket's buckets: those of each figure's instant (tagAt), where the ticket
// gives that figure, and of its answer, where the backlog reads it (atAnswered).
func ticketBuckets() string {
	var ats []string
	for _, i := range append(tagAt[:], atAnswered) {
		ats = append(ats, fmt.Sprintf("if(%s, %s, 0)", i.when, i.at))
	}
	return fmt.Sprintf("arrayDistinct(arrayMap(x -> %s, arrayFilter(x -> x != 0, [%s])))", bucketOf("x"), strings.Join(ats, ", "))
}

// inBucket is the SQL condition that a row of bucket b (0: a row of the table itself) counts
// the figure of instant at: the row of at's own bucket.
func inBucket(at string) string {
	return fmt.Sprintf("(b = 0 OR %s = b)", bucketOf(at))
}

// copiedPrefix begins the setting that holds the snapshot of a kind's copy. It holds the
// layouts' signature, as the copies' names do: a release that reads or buckets rows otherwise
// finds no copy of its own, reads the tables until it has made one, and drops the others.
var (
	layoutsSig   = layoutsSignature(layouts)
	copiedPrefix = "copied:" + layoutsSig + ":"
)

// layoutsSignature is a short hash of the layouts' SQL, with the statements that make a copy.
func layoutsSignature(ls map[cx.Kind]layout) string {
	h := sha256.New()
	for _, k := range slices.Sorted(maps.Keys(ls)) {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00", k, ls[k].by, ls[k].own, ls[k].read, ls[k].buckets,
			strings.Join(ls[k].create("COPY", "ROWS"), "\x00"), spellingsSQL("COPY", "TABLE", k, "MARK"), ls[k].fromTable)
	}
	return hex.EncodeToString(h.Sum(nil))[:8]
}

// copyName is the table of kind's copy of snapshot S (unqualified): one table a snapshot, so
// that a report that read the setting before a new copy was made still finds the table it names.
func copyName(kind cx.Kind, snap uint64) string {
	return fmt.Sprintf("%s_by_%s_%s_%d", kind, layouts[kind].by, layoutsSig, snap)
}

// copyTables are the tables of kind's copy of snapshot S: the copy and, by customer, its ids,
// by time its spellings (query_names.go).
func copyTables(kind cx.Kind, snap uint64) []string {
	if layouts[kind].by == byCustomer {
		return []string{copyName(kind, snap), idsName(kind, snap)}
	}
	if keepsSpellings(kind) {
		return []string{copyName(kind, snap), spellingsName(kind, snap)}
	}
	return []string{copyName(kind, snap)}
}

// create is the SQL that makes the copy's tables, named name (qualified), from rows, the
// table's rows up to the snapshot in the read form.
func (l layout) create(name, rows string) []string {
	switch l.by {
	case byCustomer:
		return createByCustomer(name, rows)
	case byKey:
		return []string{fmt.Sprintf("CREATE TABLE %s ENGINE = Join(ANY, LEFT, cust) AS %s", name, rows)}
	}
	if l.across != "" { // the JOIN in a subquery of its own: SELECT * of a JOIN USING names id twice (18.16)
		rows = fmt.Sprintf("SELECT * FROM (%s) ANY LEFT JOIN (%s) USING id", rows, strings.ReplaceAll(l.across, "ROWS", rows))
	}
	return []string{fmt.Sprintf("CREATE TABLE %s ENGINE = MergeTree ORDER BY (b, id) AS SELECT arrayJoin(%s) AS b, * FROM (%s)", name, l.buckets, rows)}
}

// makeCopy makes kind's copy of the table's rows up to mark, where the table is settled, and
// writes its snapshot; the copies before the one it replaces (before: its snapshot) are
// dropped. Nothing is inserted into the table meanwhile (the shipper calls it between its
// passes, as Settle).
func (db *DB) makeCopy(ctx context.Context, kind cx.Kind, mark, before uint64) error {
	l := layouts[kind]
	var stmts []string
	for _, t := range copyTables(kind, mark) {
		stmts = append(stmts, "DROP TABLE IF EXISTS "+db.name+"."+t)
	}
	stmts = append(stmts, l.create(db.name+"."+copyName(kind, mark), fmt.Sprintf("SELECT %s FROM %s.%s WHERE version <= %d AND deleted = 0", l.read, db.name, kind, mark))...)
	if keepsSpellings(kind) {
		stmts = append(stmts, spellingsSQL(db.name+"."+spellingsName(kind, mark), db.name+"."+string(kind), kind, strconv.FormatUint(mark, 10)))
	}
	if err := db.execSchema(ctx, stmts, "copy "+string(kind)+" by "+l.by); err != nil {
		return err
	}
	if err := db.SetSetting(ctx, copiedPrefix+string(kind), strconv.FormatUint(mark, 10)); err != nil {
		return err
	}
	return db.dropCopies(ctx, kind, mark, before)
}

// dropCopies drops kind's copies but those of the snapshots keep (a report may still read the
// one before), and every copy of another release's layouts. The setting of a copy of another
// release is taken back first, so that its nodes (a rolling upgrade) read the table, and its
// shipper makes its copy again, rather than read a copy that is gone.
func (db *DB) dropCopies(ctx context.Context, kind cx.Kind, keep ...uint64) error {
	rows, err := db.conn.Query(ctx, "SELECT name FROM system.tables WHERE database = ? AND startsWith(name, ?)", db.name, string(kind)+"_by_")
	if err != nil {
		return fmt.Errorf("clickhouse: unable to list the copies of %s on %s: %w", kind, db.Where(), err)
	}
	var drop, others []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return fmt.Errorf("clickhouse: unable to list the copies of %s on %s: %w", kind, db.Where(), err)
		}
		if !slices.ContainsFunc(keep, func(snap uint64) bool { return slices.Contains(copyTables(kind, snap), name) }) {
			drop = append(drop, "DROP TABLE IF EXISTS "+db.name+"."+name)
			// KIND_by_BY_SIG_SNAP[_ids|_names] (copyName)
			if parts := strings.Split(strings.TrimPrefix(name, string(kind)+"_by_"), "_"); len(parts) >= 3 && parts[1] != layoutsSig {
				others = append(others, "copied:"+parts[1]+":"+string(kind))
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("clickhouse: unable to list the copies of %s on %s: %w", kind, db.Where(), err)
	}
	slices.Sort(others)
	for _, key := range slices.Compact(others) {
		if err := db.SetSetting(ctx, key, "0"); err != nil {
			return err
		}
	}
	return db.execSchema(ctx, drop, "drop old copies of "+string(kind))
}

// standing keeps of copied (the copies' snapshots a plan read) those whose tables stand: another
// release drops this one's copies as this one drops its (dropCopies), and a report that read
// the setting before it was taken back reads the tables instead of failing.
func (db *DB) standing(ctx context.Context, copied map[cx.Kind]uint64) (map[cx.Kind]uint64, error) {
	var names []string
	for kind, snap := range copied {
		if snap != 0 {
			names = append(names, copyTables(kind, snap)...)
		}
	}
	if len(names) == 0 {
		return copied, nil
	}
	rows, err := db.conn.Query(ctx, "SELECT name FROM system.tables WHERE database = ? AND has(?, name)", db.name, names)
	if err != nil {
		return nil, fmt.Errorf("clickhouse: unable to list the copies on %s: %w", db.Where(), err)
	}
	defer rows.Close()
	found := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("clickhouse: unable to list the copies on %s: %w", db.Where(), err)
		}
		found[name] = true
	}
	out := map[cx.Kind]uint64{}
	for kind, snap := range copied {
		if snap != 0 && !slices.ContainsFunc(copyTables(kind, snap), func(n string) bool { return !found[n] }) {
			out[kind] = snap
		}
	}
	return out, rows.Err()
}

// readIn is the SQL of kind's rows as they stand (not deleted) in layouts[kind]'s read form,
// with their bucket b first, at least those with an instant in one of spans ([lo, hi) of
// UInt32 instants): from the copy when the kind has one (copied: its snapshot), the buckets
// of spans alone, else (or without spans) from the table (settledTable), every row with b = 0.
func (p *plan) readIn(kind cx.Kind, spans [][2]uint32) string {
	l := layouts[kind]
	snap, t := p.copied[kind], p.q.db.name+"."+string(kind)
	read := l.read
	if l.fromTable != "" {
		read += ", " + l.fromTable
	}
	own := func(table string) string { return fmt.Sprintf("SELECT toUInt32(0) AS b, %s FROM %s", read, table) }
	if snap == 0 || spans == nil {
		return "(" + own(p.table(kind, l.own)) + ")"
	}
	var in []string
	for _, s := range spans {
		if s[0] < s[1] {
			in = append(in, fmt.Sprintf("b >= %s AND b <= %s", bucketOf(strconv.FormatUint(uint64(s[0]), 10)), bucketOf(strconv.FormatUint(uint64(s[1]-1), 10))))
		}
	}
	if len(in) == 0 {
		in = []string{"0"}
	}
	copied := fmt.Sprintf("SELECT * FROM %s.%s WHERE ((%s))", p.q.db.name, copyName(kind, snap), strings.Join(in, ") OR ("))
	if !p.shippedSince(kind, snap) {
		return "(" + copied + ")"
	}
	return fmt.Sprintf("(%s AND %s UNION ALL %s)", copied, notFresh(t, snap), own("("+freshRows(t, l.own, snap)+")"))
}

// shippedSince tells whether kind's table may hold rows numbered above snap, by the positions
// read: its copy of snapshot snap is then not the whole of it.
func shippedSince(positions map[cx.Kind]uint64, kind cx.Kind, snap uint64) bool {
	return positions[positionOf(kind)] > snap
}

// shippedSince tells whether kind's table holds rows numbered above its copy's snapshot snap:
// the positions passed it and its fresh ids are some. A ticket shipped moves the answers'
// position, as it may write its answers anew, also when it has none; the answers' copy is then
// read alone, as on a quiet database. The fresh ids are read once for the positions, by the
// first to ask (this or a statement naming them); a failed read says "shipped", and the
// statement that then names them fails with it.
func (p *plan) shippedSince(kind cx.Kind, snap uint64) bool {
	if !shippedSince(p.positions, kind, snap) {
		return false
	}
	if snap == 0 {
		return true
	}
	set := p.fresh(freshTable(p.q.db.name+"."+string(kind), snap))
	return set.err != nil || len(set.ids) > 0
}

// spans are the plan's rows' stretches of time, [lo, hi) each.
func (p *plan) spans() [][2]uint32 {
	out := make([][2]uint32, len(p.Lines))
	for i, l := range p.Lines {
		out[i] = [2]uint32{l.Bounds[0], l.Bounds[len(l.Bounds)-1]}
	}
	return out
}
