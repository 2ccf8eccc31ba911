package clickhouse

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// names is a dimension's values as the engine's dictionary holds them: compared trimmed and
// case-insensitively (cx.NameKey), shown as first seen. The rule stays in Go: a query maps the
// raw spellings ClickHouse holds to the shown names with transform(), built from this list, so
// a change of the rule needs no re-ship.
type names struct {
	index   map[string]int    // cx.NameKey → group
	group   map[string]int    // shown name → group
	shown   []string          // by group; shown[0] = "" (no value)
	spelled map[string]string // each raw spelling shipped → its shown name ("" for none)
}

func (n *names) add(raw string) {
	k := cx.NameKey(raw)
	if k == "" {
		n.spelled[raw] = ""
		return
	}
	g, ok := n.index[k]
	if !ok {
		g = len(n.shown)
		n.index[k] = g
		shown := strings.TrimSpace(raw)
		n.shown = append(n.shown, shown)
		n.group[shown] = g
	}
	n.spelled[raw] = n.shown[g]
}

// find is the shown name of value v.
func (n *names) find(v string) (string, bool) {
	g, ok := n.index[cx.NameKey(v)]
	if !ok {
		return "", false
	}
	return n.shown[g], true
}

// dimColumns are the columns that hold a dimension's names, in the order the engine meets
// them when it loads (cx.Kinds): the first spelling of a name is the one it shows.
var dimColumns = map[engine.Dim][][2]string{
	engine.ByChannel:  {{"tickets", "channel"}, {"responses", "channel"}},
	engine.ByTeam:     {{"tickets", "team"}, {"responses", "team"}},
	engine.ByAgent:    {{"tickets", "agent"}, {"messages", "agent"}, {"responses", "agent"}, {"reviews", "agent"}},
	engine.BySegment:  {{"customers", "segment"}},
	eventKinds:        {{"events", "kind"}}, // engagement's kinds (query_customers.go)
	engine.ByCategory: {{"tickets", "category"}},
}

// readNames reads the spellings of dimension d, each table's in the order of the change that
// first wrote it (old versions a merge has not yet removed included: the engine met them too).
func readNames(ctx context.Context, db *DB, d engine.Dim) (*names, error) {
	n := &names{index: map[string]int{}, group: map[string]int{"": 0}, shown: []string{""}, spelled: map[string]string{}}
	for _, tc := range dimColumns[d] {
		rows, err := db.conn.Query(ctx, fmt.Sprintf("SELECT %s AS name, min(version) AS first FROM %s.%s GROUP BY name ORDER BY first, name",
			tc[1], db.name, tc[0]))
		if err != nil {
			return nil, fmt.Errorf("clickhouse: unable to read the %s names: %w", d, err)
		}
		for rows.Next() {
			var raw string
			var first uint64
			if err := rows.Scan(&raw, &first); err != nil {
				rows.Close()
				return nil, fmt.Errorf("clickhouse: unable to read the %s names: %w", d, err)
			}
			n.add(raw)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("clickhouse: unable to read the %s names: %w", d, err)
		}
	}
	return n, nil
}

// nameCache keeps the names of the dimensions read at the shipper's positions: names change
// only when records are shipped, and reading them scans every spelling of a column of several
// tables, which a dashboard's dozen queries a page would repeat.
type nameCache struct {
	mu   sync.Mutex
	at   string // the positions the names were read at ("" = none recorded: read each time)
	dims map[engine.Dim]*names
}

// of is the names of d as shipped up to positions at.
func (c *nameCache) of(ctx context.Context, db *DB, d engine.Dim, at string) (*names, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at != at || at == "" {
		c.at, c.dims = at, map[engine.Dim]*names{}
	}
	if n := c.dims[d]; n != nil {
		return n, nil
	}
	n, err := readNames(ctx, db, d)
	if err != nil {
		return nil, err
	}
	c.dims[d] = n
	return n, nil
}

// forget drops the names read, so the next query reads them again.
func (c *nameCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at, c.dims = "", nil
}

// shipped is the shipper's positions of every kind, as one string that changes when anything
// is shipped ("" when none is recorded), and by kind.
func (db *DB) shipped(ctx context.Context) (string, map[cx.Kind]uint64, error) {
	rows, err := db.conn.Query(ctx, "SELECT kind, argMax(seq, written) AS seq FROM "+db.name+".positions GROUP BY kind ORDER BY kind")
	if err != nil {
		return "", nil, fmt.Errorf("clickhouse: unable to read the positions on %s: %w", db.Where(), err)
	}
	defer rows.Close()
	var b strings.Builder
	at := map[cx.Kind]uint64{}
	for rows.Next() {
		var kind string
		var seq uint64
		if err := rows.Scan(&kind, &seq); err != nil {
			return "", nil, fmt.Errorf("clickhouse: unable to read the positions on %s: %w", db.Where(), err)
		}
		fmt.Fprintf(&b, "%s=%d ", kind, seq)
		at[cx.Kind(kind)] = seq
	}
	return b.String(), at, rows.Err()
}
