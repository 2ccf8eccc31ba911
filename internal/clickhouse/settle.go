package clickhouse

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	ch "github.com/ClickHouse/clickhouse-go/v2"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Settling lets a report read a table without FINAL. FINAL merges the versions of each id while
// reading, on one thread on 18.16: at 10M records half to six sevenths of a statement's time
// (a month's report took a third less without it). So the
// shipper, once it has shipped a good share of a table since it last did, merges the table
// into one row per id (OPTIMIZE … FINAL) and records up to which version it did: the table's
// settled mark. Why a read may then take the rows up to the mark as they lie:
//   - The mark is the position of the table's kind read before the merge. Every row numbered
//     at most that position was inserted before the position was written, so before the merge,
//     which left one row per id among them.
//   - No row numbered at most the mark is written afterwards: the shipper ships after its
//     positions, and a step's rows are numbered by a change of the step (derive.go,
//     derive_answers.go), so above the position. Background merges only drop rows that a
//     newer version of the same id replaces.
//
// So the rows of a table as they stand are those up to the mark of ids with no newer row, and
// the newest row of each id that has one, read with FINAL among the rows above the mark alone
// (settledTable). A table with no mark, or on a cluster, is read with FINAL as before; Rebuild
// takes the mark back first.

// settleShare: a table is merged again when the rows above its mark are at least 1/settleShare
// of its rows. A merge rewrites the whole table (8 s for 10M tickets here); the rows above the
// mark cost a report about their own number again (FINAL), so a thirty-second of them costs
// little.
const settleShare = 32

// settledPrefix begins the setting that holds a table's mark.
const settledPrefix = "settled:"

// StepKinds are the kinds shipped together, a step at a time (InsertStep), in the order a step
// holds them; their steps write the reply samples too (derive.go).
var StepKinds = []cx.Kind{cx.KindTickets, cx.KindMessages, cx.KindResponses}

// WrittenBy are the kinds whose changes write rows into table's, the first of them the one
// whose position numbers its rows: the reply samples are written by the tickets' and the
// messages' changes, every other table by its own kind's.
func WrittenBy(table cx.Kind) []cx.Kind {
	if table == KindReplies {
		return StepKinds[:2]
	}
	return []cx.Kind{table}
}

// positionOf is the kind whose position numbers the rows of table's.
func positionOf(table cx.Kind) cx.Kind { return WrittenBy(table)[0] }

// shipsWith tells whether the rows of table k may be written when kind's changes are shipped:
// its own kind's, and those of a step (StepKinds and the reply samples).
func shipsWith(k, kind cx.Kind) bool {
	step := func(k cx.Kind) bool { return k == KindReplies || slices.Contains(StepKinds, k) }
	return k == kind || step(k) && step(kind)
}

// Settled is what Settle found and did.
type Settled struct {
	Rows, Fresh int   // the table's rows, and those above its mark (counted when the position passed it)
	Mark        int64 // the mark now (0: none)
	Merged      bool
}

// Settle merges kind's table into one row per id and moves its mark to the position when the
// rows above the mark are many enough (settleShare); when there are none it moves the mark
// alone. On a cluster it does nothing: each shard is read with FINAL. The caller is the
// shipper, between its passes: nothing is inserted meanwhile.
func (db *DB) Settle(ctx context.Context, kind cx.Kind) (Settled, error) {
	return db.settle(ctx, kind, settleShare)
}

// settle is Settle with a share of its own: 0 merges whatever the share (a test's).
func (db *DB) settle(ctx context.Context, kind cx.Kind, share uint64) (Settled, error) {
	if _, ok := tableOf(kind); !ok {
		return Settled{}, fmt.Errorf("clickhouse: no table for kind %q", kind)
	}
	if db.cluster != "" {
		return Settled{}, nil
	}
	pos, err := db.Position(ctx, positionOf(kind))
	if err != nil {
		return Settled{}, err
	}
	marks, err := db.marksOf(ctx, settledPrefix, copiedPrefix)
	if err != nil {
		return Settled{}, err
	}
	// A copy another release dropped is made again (dropCopies, standing).
	standing, err := db.standing(ctx, map[cx.Kind]uint64{kind: marks[1][kind]})
	if err != nil {
		return Settled{}, err
	}
	mark, copied := int64(marks[0][kind]), standing[kind]
	out := Settled{Mark: mark}
	if pos <= mark {
		return out, db.keepCopy(ctx, kind, uint64(mark), copied, false)
	}
	var rows, fresh uint64
	q := fmt.Sprintf("SELECT count(), countIf(version > %d) FROM %s.%s", mark, db.name, kind)
	if err := db.conn.QueryRow(ctx, q).Scan(&rows, &fresh); err != nil {
		return out, fmt.Errorf("clickhouse: unable to count the rows of %s: %w", kind, err)
	}
	out.Rows, out.Fresh = int(rows), int(fresh)
	if fresh > 0 && share > 0 && fresh*share < rows {
		return out, db.keepCopy(ctx, kind, uint64(mark), copied, false) // not yet
	}
	if fresh > 0 {
		// A merge that cannot run now (another one holds the parts) is an error, not a silent
		// no-op: the mark must not move over rows that were not merged.
		merge := ch.Context(ctx, ch.WithSettings(ch.Settings{"optimize_throw_if_noop": 1}))
		if err := db.conn.Exec(merge, fmt.Sprintf("OPTIMIZE TABLE %s.%s FINAL", db.name, kind)); err != nil {
			return out, fmt.Errorf("clickhouse: unable to merge %s on %s: %w", kind, db.Where(), err)
		}
		out.Merged = true
	}
	if err := db.keepCopy(ctx, kind, uint64(pos), copied, out.Merged); err != nil {
		return out, err
	}
	if err := db.SetSetting(ctx, settledPrefix+string(kind), strconv.FormatInt(pos, 10)); err != nil {
		return out, err
	}
	out.Mark = pos
	return out, nil
}

// marksOf reads the marks of every table under each of prefixes (settledPrefix, copiedPrefix),
// a map a prefix, in one statement.
func (db *DB) marksOf(ctx context.Context, prefixes ...string) ([]map[cx.Kind]uint64, error) {
	var like []string
	out := make([]map[cx.Kind]uint64, len(prefixes))
	for i, p := range prefixes {
		like = append(like, "key LIKE '"+p+"%'")
		out[i] = map[cx.Kind]uint64{}
	}
	rows, err := db.conn.Query(ctx, "SELECT key, argMax(value, written) FROM "+db.name+".settings WHERE "+strings.Join(like, " OR ")+" GROUP BY key")
	if err != nil {
		return nil, fmt.Errorf("clickhouse: unable to read the settled marks on %s: %w", db.Where(), err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, value string
		if err := rows.Scan(&key, &value); err != nil {
			return nil, fmt.Errorf("clickhouse: unable to read the settled marks on %s: %w", db.Where(), err)
		}
		n, err := strconv.ParseUint(value, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("clickhouse: the settled mark %s on %s is %q, not a number", key, db.Where(), value)
		}
		for i, p := range prefixes {
			if kind, ok := strings.CutPrefix(key, p); ok && n > 0 {
				out[i][cx.Kind(kind)] = n
			}
		}
	}
	return out, rows.Err()
}

// keepCopy makes kind's copy by time (copies.go) of the table settled at mark when the table
// was merged or the kind has no copy yet (copied: the snapshot of the one it has, 0: none); a
// copy that stands is kept, as no row numbered at most its snapshot is written afterwards.
// Only the kinds with a layout have one.
func (db *DB) keepCopy(ctx context.Context, kind cx.Kind, mark, copied uint64, merged bool) error {
	if _, ok := layouts[kind]; !ok || mark == 0 || copied != 0 && !merged {
		return nil
	}
	return db.makeCopy(ctx, kind, mark, copied)
}

// unsettleAbove takes back the marks above seq of the tables shipped with kind, before
// the position is set back to seq: what was shipped after seq is shipped again, rows numbered
// at most a mark among them (a position rewound by hand or from a backup; Rebuild sets it to
// 0), and the table is read with FINAL until it is settled again. The copies by time of
// snapshots above seq are taken back alike (copies.go).
func (db *DB) unsettleAbove(ctx context.Context, kind cx.Kind, seq int64) error {
	marks, err := db.marksOf(ctx, settledPrefix, copiedPrefix)
	if err != nil {
		return err
	}
	for i, prefix := range []string{settledPrefix, copiedPrefix} {
		for k, mark := range marks[i] {
			if shipsWith(k, kind) && mark > uint64(max(seq, 0)) {
				if err := db.SetSetting(ctx, prefix+string(k), "0"); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// unsettle takes kind's mark and copy back, before its table is emptied and shipped again.
func (db *DB) unsettle(ctx context.Context, kind cx.Kind) error {
	if err := db.SetSetting(ctx, copiedPrefix+string(kind), "0"); err != nil {
		return err
	}
	return db.SetSetting(ctx, settledPrefix+string(kind), "0")
}

// settledTable is the SQL of kind's rows as they stand (not deleted), columns cols, read
// under mark (the table's; 0: none) when the kind's position was at: FINAL without a mark;
// the rows up to the mark alone when nothing was shipped past it; else those and, read with
// FINAL among the rows above the mark only, the newest of each id that has one. The numbers
// are read from ClickHouse and written as integers. The deleted flag is tested outside a FINAL
// read: a condition moved before the merge (PREWHERE) would let an older version of a deleted
// record through; the fresh rows' version is tested again outside, as 18.16 otherwise drops
// the column a PREWHERE needs under UNION ALL.
func settledTable(t, cols string, mark, at uint64) string {
	switch {
	case mark == 0:
		return fmt.Sprintf("(SELECT %s FROM (SELECT %s, deleted FROM %s FINAL) WHERE deleted = 0)", cols, cols, t)
	case at <= mark:
		return fmt.Sprintf("(SELECT %s FROM %s WHERE version <= %d AND deleted = 0)", cols, t, mark)
	}
	return fmt.Sprintf("(SELECT %s FROM %s WHERE version <= %d AND deleted = 0 AND %s UNION ALL %s)", cols, t, mark, notFresh(t, mark), freshRows(t, cols, mark))
}

// freshRows is the SQL of the rows of table t above mark as they stand: the newest row of each
// id that has one above mark (FINAL among those ids' rows, found by the table's key, id: a few
// granules, where a condition on the version reads every row's), not deleted; columns cols. The
// newest row of such an id is above mark; the version is tested outside too, as 18.16 otherwise
// drops a column a PREWHERE needs under UNION ALL.
func freshRows(t, cols string, mark uint64) string {
	return fmt.Sprintf("SELECT %[1]s FROM (SELECT %[1]s, deleted, version FROM %[2]s FINAL PREWHERE id IN (%[4]s)) WHERE deleted = 0 AND version > %[3]d",
		cols, t, mark, freshIDs(t, mark))
}

// notFresh is the SQL condition that a row's id has no row above mark in table t.
func notFresh(t string, mark uint64) string { return "id NOT IN (" + freshIDs(t, mark) + ")" }

// freshCustomers is the SQL of the customers a copy of snapshot mark cannot answer for: the
// customer (cust, SQL on table t's columns) of each row of t above mark, and the customer
// (snapCust) that the copy's table snapTable gave each of those ids at the snapshot — a merge
// may have removed the id's old row from t, and a deletion's row names no customer.
func freshCustomers(t, cust string, mark uint64, snapTable, snapCust string) string {
	return fmt.Sprintf("SELECT %s FROM %s PREWHERE id IN (%s) WHERE version > %d UNION ALL SELECT %s FROM %s WHERE id IN (%[3]s)",
		cust, t, freshIDs(t, mark), mark, snapCust, snapTable)
}

// freshIDs is the SQL of the ids with a row above mark in table t: an external table the plan
// sends with the statement (query_fresh.go).
func freshIDs(t string, mark uint64) string { return "SELECT id FROM " + freshTable(t, mark) }

// SettleShare is settleShare, for the shipper's own count of what it shipped since a table was
// last settled, so that it asks Settle only when a merge may be due.
const SettleShare = settleShare

// TableKinds are the kinds that have a table: the store's and the reply samples.
func TableKinds() []cx.Kind {
	out := make([]cx.Kind, len(tables))
	for i, t := range tables {
		out[i] = t.kind
	}
	return out
}
