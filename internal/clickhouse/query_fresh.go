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

// freshSet is one table's fresh ids, read once for the plan.
type freshSet struct {
	once sync.Once
	ids  []string
	err  error
}

// withFresh is ctx carrying, as external tables, the fresh ids sql names, each read once for
// the plan (the first statement naming them reads them).
func (p *plan) withFresh(ctx context.Context, sql string) (context.Context, error) {
	names := freshRef.FindAllString(sql, -1)
	if len(names) == 0 {
		return ctx, nil
	}
	slices.Sort(names)
	var tables []*ext.Table
	for _, name := range slices.Compact(names) {
		set := p.freshSetOf(name)
		set.once.Do(func() { set.ids, set.err = p.readFresh(ctx, name) })
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

// freshSets are a plan's fresh ids, by external table name.
type freshSets struct {
	mu   sync.Mutex
	sets map[string]*freshSet
}

// freshSetOf is the plan's set of external table name.
func (p *plan) freshSetOf(name string) *freshSet {
	f := p.fresh
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.sets == nil {
		f.sets = map[string]*freshSet{}
	}
	set := f.sets[name]
	if set == nil {
		set = &freshSet{}
		f.sets[name] = set
	}
	return set
}

// readFresh reads the ids of external table name (fresh_KIND_MARK) from the table of KIND.
func (p *plan) readFresh(ctx context.Context, name string) ([]string, error) {
	rest := strings.TrimPrefix(name, "fresh_")
	i := strings.LastIndex(rest, "_")
	sql := fmt.Sprintf("SELECT DISTINCT id FROM %s.%s WHERE version > %s", p.q.db.name, rest[:i], rest[i+1:])
	rows, err := p.q.db.conn.Query(ctx, sql)
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
