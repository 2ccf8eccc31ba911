package clickhouse

import (
	"context"
	"fmt"
	"slices"
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
// The tables are read at once and taken in dimColumns' order; a table with a copy by time
// (copied: its snapshot) is read from the copy's spellings and its rows since (readSpellings).
func readNames(ctx context.Context, db *DB, d engine.Dim, copied map[cx.Kind]uint64, since func(cx.Kind, uint64) bool, load func(name string) *freshSet) (*names, error) {
	n := &names{index: map[string]int{}, group: map[string]int{"": 0}, shown: []string{""}, spelled: map[string]string{}}
	cols := dimColumns[d]
	raws := make([][]string, len(cols))
	fns := make([]func() error, len(cols))
	for i, tc := range cols {
		fns[i] = func() (err error) {
			kind, snap := cx.Kind(tc[0]), copied[cx.Kind(tc[0])]
			if !keepsSpellings(kind) {
				snap = 0
			}
			raws[i], err = readSpellings(ctx, db, kind, tc[1], snap, since(kind, snap), load)
			if err != nil {
				return fmt.Errorf("clickhouse: unable to read the %s names: %w", d, err)
			}
			return nil
		}
	}
	if err := together(fns...); err != nil {
		return nil, err
	}
	for _, raw := range raws {
		for _, r := range raw {
			n.add(r)
		}
	}
	return n, nil
}

// A copy by time keeps its table's spellings up to its snapshot S (spellingsSQL): each
// spelling of each column a dimension reads (spelledColumns) with the first change that wrote
// it among the rows numbered at most S, as the table held them when the copy was made. A
// column's spellings are then those and the table's rows numbered above S, the first change of
// each the lesser (readSpellings): the table's every row is no longer grouped by name (a
// quarter of a second per column of 10M rows, four of them before a report by agent could
// start). A row numbered at most S that a merge removes afterwards (an old version) keeps its
// spelling: the engine, which met it, keeps it too.

// spelledColumns are the columns of kind that hold a dimension's names, sorted.
func spelledColumns(kind cx.Kind) []string {
	var cols []string
	for _, tcs := range dimColumns {
		for _, tc := range tcs {
			if tc[0] == string(kind) && !slices.Contains(cols, tc[1]) {
				cols = append(cols, tc[1])
			}
		}
	}
	slices.Sort(cols)
	return cols
}

// keepsSpellings tells whether kind's copy keeps its spellings: a copy by time of a kind with
// a dimension's names.
func keepsSpellings(kind cx.Kind) bool {
	return layouts[kind].by == byTime && len(spelledColumns(kind)) > 0
}

// spellingsName is the table of the spellings of kind's copy by time of snapshot S.
func spellingsName(kind cx.Kind, snap uint64) string { return copyName(kind, snap) + "_names" }

// spellingsSQL makes the spellings table name (qualified) of kind's table (qualified) up to
// change mark.
func spellingsSQL(name, table string, kind cx.Kind, mark string) string {
	var pairs []string
	for _, c := range spelledColumns(kind) {
		pairs = append(pairs, fmt.Sprintf("('%s', %s)", c, c))
	}
	return fmt.Sprintf("CREATE TABLE %s ENGINE = MergeTree ORDER BY (col, name) AS SELECT tupleElement(x, 1) AS col, tupleElement(x, 2) AS name, "+
		"min(version) AS first FROM %s ARRAY JOIN [%s] AS x WHERE version <= %s GROUP BY col, name", name, table, strings.Join(pairs, ", "), mark)
}

// readSpellings lists the spellings of column col of kind's table by the first change that
// wrote each: from the spellings of its copy of snapshot snap and, when some were shipped since
// (fresh), the rows above it, found by their ids (as load gives them: query_fresh.go); or
// (snap 0) from every row.
func readSpellings(ctx context.Context, db *DB, kind cx.Kind, col string, snap uint64, fresh bool, load func(name string) *freshSet) ([]string, error) {
	sql := fmt.Sprintf("SELECT %s AS name, min(version) AS first FROM %s.%s GROUP BY name ORDER BY first, name", col, db.name, kind)
	switch {
	case snap != 0 && !fresh:
		sql = fmt.Sprintf("SELECT name, first FROM %s.%s WHERE col = '%s' ORDER BY first, name", db.name, spellingsName(kind, snap), col)
	case snap != 0:
		sql = fmt.Sprintf("SELECT name, min(first) AS f FROM (SELECT name, first FROM %[1]s.%[2]s WHERE col = '%[3]s' UNION ALL "+
			"SELECT %[3]s AS name, min(version) AS first FROM %[1]s.%[4]s PREWHERE id IN (%[6]s) WHERE version > %[5]d GROUP BY name) "+
			"GROUP BY name ORDER BY f, name",
			db.name, spellingsName(kind, snap), col, kind, snap, freshIDs(db.name+"."+string(kind), snap))
	}
	ctx, err := withFresh(ctx, sql, load)
	if err != nil {
		return nil, err
	}
	rows, err := db.conn.Query(ctx, sql)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var raw string
		var first uint64
		if err := rows.Scan(&raw, &first); err != nil {
			return nil, err
		}
		out = append(out, raw)
	}
	return out, rows.Err()
}

// nameCache keeps the names of the dimensions read at the shipper's positions: names change
// only when records are shipped, and reading them scans every spelling of a column of several
// tables, which a dashboard's dozen queries a page would repeat.
type nameCache struct {
	mu   sync.Mutex
	at   string // the positions the names were read at ("" = none recorded: read each time)
	dims map[engine.Dim]*names
	// last is the names of each dimension last read whole (Querier.Names), whatever the
	// positions: what the filters show while ClickHouse cannot be read. forget keeps it.
	last map[engine.Dim][]string
}

// keep records shown as the names of d last read.
func (c *nameCache) keep(d engine.Dim, shown []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last == nil {
		c.last = map[engine.Dim][]string{}
	}
	c.last[d] = slices.Clone(shown)
}

// kept is the names of d last read, if they ever were.
func (c *nameCache) kept(d engine.Dim) ([]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	shown, ok := c.last[d]
	return slices.Clone(shown), ok
}

// of is the names of d as shipped up to positions at (key; positions: by kind), read with the
// copies copied (their snapshots: a copy changes no name, so it is no part of the key). The lock is not held while they are read,
// so that a plan reads its dimensions' names at once; two plans that ask at once both read.
// load gives the ids shipped since a copy, read once for the positions (Querier.loadFresh).
func (c *nameCache) of(ctx context.Context, db *DB, d engine.Dim, at string, copied map[cx.Kind]uint64,
	since func(cx.Kind, uint64) bool, load func(name string) *freshSet) (*names, error) {
	c.mu.Lock()
	if c.at != at || at == "" {
		c.at, c.dims = at, map[engine.Dim]*names{}
	}
	n := c.dims[d]
	c.mu.Unlock()
	if n != nil {
		return n, nil
	}
	n, err := readNames(ctx, db, d, copied, since, load)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.at == at {
		c.dims[d] = n
	}
	c.mu.Unlock()
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
