package clickhouse

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	ch "github.com/ClickHouse/clickhouse-go/v2"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/metric"
)

// plan is one query in progress: the engine's plan of its periods, the groups of its
// dimension, and the sets each part fills per period and group (period·len(keys) + group, as
// the engine's run indexes them).
type plan struct {
	*engine.Plan
	q    *Querier
	dims map[engine.Dim]*names // the split's, the filters' and the channels' (ticket shares)
	keys []string              // the groups' shown names; keys[0] is the group of no value
	// filters are the query's conditions as a dimension and the shown name its expression
	// must give; none matches when a filter names a value no record has (noMatch).
	filters map[engine.Dim]string
	noMatch bool
	sets    []metric.Set
	seen    []bool
	// marks are the tables' settled marks, copied their copies' snapshots (copies.go) and
	// positions the kinds' positions, read once for every statement of the query (settle.go).
	marks, copied, positions map[cx.Kind]uint64
	written                  uint64 // when a setting was last written, as read with the positions
	stateRead                bool   // whether the positions and written were read together (state)
	// Shared by the views of the plan a part runs in (partView): a view has sets, seen and
	// muSeen of its own.
	muSeen  *sync.Mutex                 // the parts' statements run at once (together)
	stale   *atomic.Bool                // a statement met a spelling the plan did not read (unknownName)
	shipped string                      // the positions as a string, for the fresh ids read once (query_fresh.go)
	fresh   func(name string) *freshSet // the fresh ids of an external table, read once for shipped (Querier.loadFresh)
}

// mark records that slot holds data.
func (p *plan) mark(slot int) {
	p.muSeen.Lock()
	p.seen[slot] = true
	p.muSeen.Unlock()
}

// newPlan makes the plan of query: its periods, and the names of the dimensions it splits or
// filters by, read from the shipped records, at the positions at (nil: read now).
func (q *Querier) newPlan(ctx context.Context, query engine.Query, at *positionsNow) (*plan, error) {
	ep, err := engine.NewPlan(query, q.opts.Timezone)
	if err != nil {
		return nil, err
	}
	p := &plan{Plan: ep, q: q, dims: map[engine.Dim]*names{}, keys: []string{""}, filters: map[engine.Dim]string{},
		muSeen: &sync.Mutex{}, stale: &atomic.Bool{}}
	p.stateRead = at != nil // given by the caller, from state: the positions and the settings' time together
	if at == nil {
		at = &positionsNow{}
		if at.key, at.kinds, err = q.db.shipped(ctx); err != nil {
			return nil, err
		}
	}
	shipped, positions := at.key, at.kinds
	p.shipped = shipped
	p.written = at.written
	marks, err := q.db.marksOf(ctx, settledPrefix, copiedPrefix)
	if err != nil {
		return nil, err
	}
	p.marks, p.positions = marks[0], positions
	if p.copied, err = q.db.standing(ctx, marks[1]); err != nil {
		return nil, err
	}
	p.fresh = func(name string) *freshSet { return q.loadFresh(ctx, shipped, name) }
	need := []engine.Dim{query.By}
	for d := range query.Filters() {
		need = append(need, d)
	}
	if query.Wants(engine.PartTicketCounts) || query.Wants(engine.PartService) {
		need = append(need, engine.ByChannel) // the tickets' shares per channel
	}
	if query.AsksCustomers() && query.Wants(engine.PartCustomers) {
		need = append(need, eventKinds) // engagement's kinds (query_customers.go)
	}
	var reads []func() error // the dimensions' names, read at once
	got := make([]*names, len(need))
	for i, d := range need {
		if d == engine.ByNone || slices.Contains(need[:i], d) {
			continue
		}
		reads = append(reads, func() (err error) {
			got[i], err = q.names.of(ctx, q.db, d, shipped, p.copied, p.shippedSince, p.fresh)
			return err
		})
	}
	if err := together(reads...); err != nil {
		return nil, err
	}
	for i, d := range need {
		if got[i] != nil {
			p.dims[d] = got[i]
		}
	}
	if query.By != engine.ByNone {
		p.keys = p.dims[query.By].shown
	}
	for d, v := range query.Filters() {
		shown, ok := p.dims[d].find(v)
		if !ok {
			p.noMatch = true // a value no record has: nothing passes (engine: noName)
		}
		p.filters[d] = shown
	}
	n := len(ep.Periods) * len(p.keys)
	p.sets, p.seen = make([]metric.Set, n), make([]bool, n)
	return p, nil
}

// group is the index of the group of shown name key (0 when the query is not split), -1 for a
// group the plan does not know.
func (p *plan) group(key string) int {
	if p.Query.By == engine.ByNone {
		return 0
	}
	if !p.known(key) {
		return -1
	}
	if g, ok := p.dims[p.Query.By].group[key]; ok {
		return g
	}
	return -1
}

// slot is where period k and the group of shown name key accumulate; -1 for a group the plan
// does not know (a name shipped after the plan read the names) or a period out of range.
func (p *plan) slot(k int, key string) int {
	if k < 0 || k >= len(p.Periods) {
		return -1
	}
	g := p.group(key)
	if g < 0 {
		return -1
	}
	return k*len(p.keys) + g
}

// statement is SQL in the making with its named parameters: every value reaches the server
// through the driver's binding (@p1, @p2, …), never spliced in by hand.
type statement struct {
	args []any
}

// bind returns the placeholder of a new parameter holding v.
func (s *statement) bind(v any) string {
	name := fmt.Sprintf("p%d", len(s.args)+1)
	s.args = append(s.args, ch.Named(name, v))
	return "@" + name
}

// shownExpr is the SQL giving the shown name of the raw name in column col of dimension d
// (the names the plan read; "" for none).
func (p *plan) shownExpr(s *statement, d engine.Dim, col string) string {
	n := p.dims[d]
	if n == nil {
		return "''"
	}
	raw, shown := []string{""}, []string{""} // no value; listed again below when shipped
	for r, sh := range n.spelled {
		raw, shown = append(raw, r), append(shown, sh)
	}
	return fmt.Sprintf("transform(%s, %s, %s, %s)", col, s.bind(raw), s.bind(shown), s.bind(unknownName))
}

// unknownName is the shown name of a spelling the plan did not read: shipped after it read the
// names. A query that meets one reads the names again and runs once more (Querier.Answer).
const unknownName = "\x00"

// known tells whether a shown name is one the plan read, and notes when it is not.
func (p *plan) known(shown string) bool {
	if shown == unknownName {
		p.stale.Store(true)
		return false
	}
	return true
}

// periodsExpr is the SQL of the plan's periods that hold the UInt32 instant column at, one
// per row (run.periodsOf), as an array to arrayJoin: a record counts in each.
func (p *plan) periodsExpr(s *statement, at string) string {
	return fmt.Sprintf("arrayFilter(k -> k >= 0, [%s])", strings.Join(p.lineExprs(s, at), ", "))
}

// linesApart tells whether no instant lies in two of the plan's lines (a period and the one
// before it, a series' row alone): then an instant has one period at most (periodExpr).
func (p *plan) linesApart() bool {
	for i, a := range p.Lines {
		for _, b := range p.Lines[:i] {
			if a.Bounds[0] < b.Bounds[len(b.Bounds)-1] && b.Bounds[0] < a.Bounds[len(a.Bounds)-1] {
				return false
			}
		}
	}
	return true
}

// periodExpr is the SQL of the one period of the plan that holds the UInt32 instant at, or -1,
// where its lines lie apart (linesApart): every line but the one holding at gives -1.
func (p *plan) periodExpr(s *statement, at string) string {
	lines := p.lineExprs(s, at)
	if len(lines) == 1 {
		return lines[0]
	}
	return "greatest(" + strings.Join(lines, ", ") + ")"
}

// placedSQL is the SQL of the rows of from with the columns cols and the period (k) of their
// UInt32 instant at, a row for each period that holds it: where the plan's lines lie apart a
// row has one at most and is not copied (periodExpr), else each is (periodsExpr, arrayJoin).
func (p *plan) placedSQL(s *statement, at, cols, from string) string {
	if p.linesApart() {
		return join("SELECT", cols, ",", p.periodExpr(s, at), "AS k FROM (", from, ") WHERE k >= 0")
	}
	return join("SELECT", cols, ", arrayJoin(", p.periodsExpr(s, at), ") AS k FROM (", from, ")")
}

// withSegments is the SQL of the rows of from (which have the columns cols and cust) with
// those columns and their customer's segment as it stands (c_segment; empty for no customer, or
// one deleted), as a JOIN of the customers' table gives it. Where the customers are settled
// and copied, the segments come from their copy by key, a Join table the server keeps built (a
// report by segment joined a million customers in each of its statements: a quarter of a
// second and 250 MB each at 26M records); a customer with a row shipped since the copy's
// snapshot takes their newest row's (fresh, from the table), as readIn takes a row of the
// table over the copy's. The columns are named: 18.16 expands * over a Join table by its
// qualified names.
func (p *plan) withSegments(cols, from string) string {
	snap := p.copied[cx.KindCustomers]
	if snap == 0 {
		return join("SELECT", cols, ", cust, c_segment FROM (", from, ") ANY LEFT JOIN (SELECT id AS cust, segment AS c_segment FROM",
			p.table(cx.KindCustomers, "id, segment"), ") USING cust")
	}
	joined := join("SELECT", cols, ", cust, s_segment FROM (", from, ") ANY LEFT JOIN", p.q.db.name+"."+copyName(cx.KindCustomers, snap), "USING cust")
	if !p.shippedSince(cx.KindCustomers, snap) {
		return join("SELECT", cols, ", cust, s_segment AS c_segment FROM (", joined, ")")
	}
	t := p.q.db.name + "." + string(cx.KindCustomers)
	fresh := join("SELECT id AS cust, segment AS f_segment FROM (", freshRows(t, "id, segment", snap), ")") // a deleted one: none
	return join("SELECT", cols, ", cust, if(cust IN (", freshIDs(t, snap), "), f_segment, s_segment) AS c_segment FROM (SELECT", cols,
		", cust, s_segment, f_segment FROM (", joined, ") ANY LEFT JOIN (", fresh, ") USING cust)")
}

// lineExprs are the SQL of the period of each line that holds the UInt32 instant at: its
// index among the plan's periods, or -1 where the line has none.
func (p *plan) lineExprs(s *statement, at string) []string {
	var out []string
	for _, l := range p.Lines {
		lo, hi := l.Bounds[0], l.Bounds[len(l.Bounds)-1]
		out = append(out, fmt.Sprintf("if(%s >= %s AND %s < %s, toInt32(%d + %s), toInt32(-1))", at, s.bind(lo), at, s.bind(hi),
			l.First, p.insideExpr(s, l, at)))
	}
	return out
}

// inRange is the SQL condition that the UInt32 instant at lies where some period of the plan
// does (a first cut before periodsExpr places it).
func (p *plan) inRange(s *statement, at string) string {
	lo, hi := p.Bounds()
	return fmt.Sprintf("%s >= %s AND %s < %s", at, s.bind(lo), at, s.bind(hi))
}

// keep is the SQL condition that a record passes the query's filters, given the SQL of its
// shown name in each dimension (dimExpr); "1" without filters.
func (p *plan) keep(s *statement, dimExpr func(engine.Dim) string) string {
	conds := []string{"1"}
	for d, shown := range p.filters {
		conds = append(conds, fmt.Sprintf("%s = %s", dimExpr(d), s.bind(shown)))
	}
	return strings.Join(conds, " AND ")
}

// table is the database's table of a kind, one row per id, deleted ones left out (settledTable);
// cols are plain column names (the caller aliases them).
func (p *plan) table(kind cx.Kind, cols string) string {
	return settledTable(p.q.db.name+"."+string(kind), cols, p.marks[kind], p.positions[positionOf(kind)])
}
