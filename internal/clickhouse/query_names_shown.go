package clickhouse

import (
	"context"
	"slices"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// Names is what engine.Names lists for dimension d — each name as first shipped, once per
// cx.NameKey — unsorted: the dashboard's filter choices, without the in-memory engine. While
// ClickHouse cannot be read (stopped, unreachable, its database dropped by a rebuild) it is
// the names this node last read of d: the filter boxes keep their choices, where they went
// empty and a view filtered by a team could not be chosen again until ClickHouse was back.
// Only a dimension never read since the node started has nothing to fall back on.
func (q *Querier) Names(ctx context.Context, d engine.Dim) ([]string, error) {
	shown, err := q.readNames(ctx, d)
	if err != nil {
		if kept, ok := q.names.kept(d); ok {
			return kept, nil
		}
		return nil, err
	}
	q.names.keep(d, shown)
	return shown, nil
}

// readNames reads the names of d from ClickHouse (Names).
func (q *Querier) readNames(ctx context.Context, d engine.Dim) ([]string, error) {
	at, positions, err := q.db.shipped(ctx)
	if err != nil {
		return nil, err
	}
	marks, err := q.db.marksOf(ctx, copiedPrefix)
	if err != nil {
		return nil, err
	}
	copied, err := q.db.standing(ctx, marks[0])
	if err != nil {
		return nil, err
	}
	since := func(kind cx.Kind, snap uint64) bool { return shippedSince(positions, kind, snap) }
	n, err := q.names.of(ctx, q.db, d, at, copied, since, func(name string) *freshSet { return q.loadFresh(ctx, at, name) })
	if err != nil {
		return nil, err
	}
	return slices.Clone(n.shown[1:]), nil
}
