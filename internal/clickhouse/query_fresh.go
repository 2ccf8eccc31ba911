package clickhouse

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/ext"
)

// A table's rows above a mark (a copy's snapshot or a settled mark: settle.go, copies.go) are
// few — what was shipped since — and a statement names their ids several times: to leave those
// ids out of the copy or the settled rows, to find the customers a copy cannot answer for. As a
// subquery (SELECT id FROM t WHERE version > mark) ClickHouse 18.16 read the table's versions
// again for each use, and a report's statements took three to ten times as long once a single
// record had been shipped after the copies were made (a month's service read went from 0.26 s to
// 1.2 s at 10M tickets): a live installation is never without one. So the plan reads the ids of
// each table and mark once, when a statement first names them, and sends them with every
// statement that names them as an external table (freshTable).

// freshRef finds the external tables of fresh ids a statement names (freshTable).
var freshRef = regexp.MustCompile(`\bfresh_[a-z_]+_[0-9]+\b`)

// freshTable is the name of the external table of the ids with a row above mark in table t
// (database.kind).
func freshTable(t string, mark uint64) string {
	return fmt.Sprintf("fresh_%s_%d", t[strings.LastIndex(t, ".")+1:], mark)
}

// freshSet is one table's fresh ids, read once.
type freshSet struct {
	once sync.Once
	ids  []string
	err  error
}

// freshCache keeps the fresh ids of the records as shipped at one set of positions (at: the
// positions as a string), by external table name: the names read for those positions and every
// statement of the answers at them read them once (the version of every row is read for it:
// 0.1–0.3 s at 10M rows, and the names of two dimensions of two tables read it four times).
type freshCache struct {
	mu   sync.Mutex
	at   string
	sets map[string]*freshSet
}

// load is the set of external table name at positions at, read when it is not yet.
func (q *Querier) loadFresh(ctx context.Context, at, name string) *freshSet {
	c := &q.fresh
	c.mu.Lock()
	if c.at != at || c.sets == nil {
		c.at, c.sets = at, map[string]*freshSet{}
	}
	set := c.sets[name]
	if set == nil {
		set = &freshSet{}
		c.sets[name] = set
	}
	c.mu.Unlock()
	set.once.Do(func() { set.ids, set.err = q.db.readFresh(ctx, name) })
	return set
}

// withFresh is ctx carrying, as external tables, the fresh ids sql names, each read once for
// the positions the plan was made at (the first statement or names read naming them reads them).
func (p *plan) withFresh(ctx context.Context, sql string) (context.Context, error) {
	return withFresh(ctx, sql, func(name string) *freshSet { return p.q.loadFresh(ctx, p.shipped, name) })
}

// withFresh is ctx carrying the external tables of fresh ids sql names, as load gives them.
func withFresh(ctx context.Context, sql string, load func(name string) *freshSet) (context.Context, error) {
	names := freshRef.FindAllString(sql, -1)
	if len(names) == 0 {
		return ctx, nil
	}
	slices.Sort(names)
	var tables []*ext.Table
	for _, name := range slices.Compact(names) {
		set := load(name)
		if set.err != nil {
			return nil, set.err
		}
		table, err := ext.NewTable(name, ext.Column("id", "String"))
		for _, id := range set.ids {
			if err == nil {
				err = table.Append(id)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("clickhouse: the ids shipped since (%s): %w", name, err)
		}
		tables = append(tables, table)
	}
	return ch.Context(ctx, ch.WithExternalTable(tables...)), nil
}

// readFresh reads the ids of external table name (fresh_KIND_MARK) from the table of KIND.
func (db *DB) readFresh(ctx context.Context, name string) ([]string, error) {
	rest := strings.TrimPrefix(name, "fresh_")
	i := strings.LastIndex(rest, "_")
	sql := fmt.Sprintf("SELECT DISTINCT id FROM %s.%s WHERE version > %s", db.name, rest[:i], rest[i+1:])
	rows, err := db.conn.Query(ctx, sql)
	if err != nil {
		return nil, fmt.Errorf("clickhouse: unable to read the ids shipped since (%s): %w", name, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
