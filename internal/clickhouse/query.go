package clickhouse

import (
	"context"
	"fmt"
	"strings"

	"github.com/klantpuls/klantpuls/internal/engine"
)

// Querier answers report queries from the records shipped into ClickHouse (engine.Querier).
// ClickHouse counts, sums and groups; the figures are made in Go by the metric constructors the
// in-memory engine uses, so intervals, null rules and small-n marks are the same code. Each
// part of a report is one function (queryParts); a part not built yet leaves its metrics nil.
type Querier struct {
	db   *DB
	opts engine.Options
}

// NewQuerier is a querier of db under the account's settings (time zone, scales, criteria).
func NewQuerier(db *DB, opts engine.Options) *Querier { return &Querier{db: db, opts: opts} }

// queryPart is one family of metrics: when a query asks for it, and the function that runs
// its SQL and fills the plan's sets.
type queryPart struct {
	name  string
	wants func(q engine.Query) bool
	run   func(ctx context.Context, p *plan) error
}

// queryParts are the parts built so far, each with parity to the engine's (query_parity_test
// in internal/app). PartCustomers (with PartChurn and PartModel) is to come: until then the
// config refuses [engine] kind = "clickhouse".
var queryParts = []queryPart{
	{"surveys", func(q engine.Query) bool { return q.Wants(engine.PartSurveys) }, surveys},
	// IQS knows agents only (metrics.md section 0), as run.scan asks.
	{"quality", func(q engine.Query) bool { return q.Wants(engine.PartQuality) && q.OnlyDims(engine.ByAgent) }, quality},
	{"service times", func(q engine.Query) bool { return q.Wants(engine.PartService) }, service},
	{"reply times", func(q engine.Query) bool { return q.Wants(engine.PartReplies) }, replies},
	// The counts alone, for a chart of volumes; the service part counts them too.
	{"ticket counts", func(q engine.Query) bool { return q.Wants(engine.PartTicketCounts) && !q.Wants(engine.PartService) }, ticketCounts},
}

// partsToCome are the parts of a report the querier does not answer yet.
var partsToCome = []string{"customer metrics"}

// ToCome names the parts the querier does not answer yet, for messages (the config's refusal).
func ToCome() []string { return partsToCome }

// Built names the parts the querier answers, for messages (the config's refusal).
func Built() []string {
	out := make([]string, len(queryParts))
	for i, p := range queryParts {
		out[i] = p.name
	}
	return out
}

// Answer answers q: its period, previous period and buckets as the engine makes them.
func (q *Querier) Answer(ctx context.Context, query engine.Query) (*engine.Result, error) {
	p, err := q.newPlan(ctx, query)
	if err != nil {
		return nil, err
	}
	for _, part := range queryParts {
		if part.wants(query) {
			if err := part.run(ctx, p); err != nil {
				return nil, err
			}
		}
	}
	return p.Result(p.keys, p.sets, p.seen), nil
}

// each runs a query of the plan and calls row with each result row's scanned values (dest,
// reused). A part's error names the part and the server.
func (p *plan) each(ctx context.Context, part, sql string, s *statement, dest []any, row func() error) error {
	rows, err := p.q.db.conn.Query(ctx, sql, s.args...)
	if err != nil {
		return p.failed(part, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return p.failed(part, err)
		}
		if err := row(); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return p.failed(part, err)
	}
	return nil
}

func (p *plan) failed(part string, err error) error {
	return fmt.Errorf("clickhouse: unable to query the %s on %s: %w", part, p.q.db.Where(), err)
}

// join is a list of SQL pieces.
func join(parts ...string) string { return strings.Join(parts, " ") }
