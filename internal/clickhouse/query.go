package clickhouse

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// Querier answers report queries from the records shipped into ClickHouse (engine.Querier).
// ClickHouse counts, sums and groups; the figures are made in Go by the metric constructors the
// in-memory engine uses, so intervals, null rules and small-n marks are the same code. Each
// part of a report is one function (queryParts); a part not built yet leaves its metrics nil.
type Querier struct {
	db      *DB
	opts    engine.Options
	names   nameCache
	fits    fitCache       // the customers' model values by as-of day (query_model.go)
	answers answerCache    // recent answers while nothing is shipped (query_answer_cache.go)
	parts   partCache      // recent parts' figures while the records they read stay (query_parts.go)
	fresh   freshCache     // the ids shipped since the copies and marks, at the positions last read (query_fresh.go)
	asked   askedQuestions // the questions asked lately, kept warm by KeepWarm (query_warm.go)
	check   StoreCheck     // Check
}

// NewQuerier is a querier of db under the account's settings (time zone, scales, criteria).
func NewQuerier(db *DB, opts engine.Options) *Querier { return &Querier{db: db, opts: opts} }

// queryPart is one family of metrics: when a query asks for it, the function that runs its SQL
// and fills the plan's sets, and the kinds whose records it reads (the customers too wherever a
// query is split or filtered by segment: plan.withSegments), which say when its figures of a
// question can be kept (query_parts.go).
type queryPart struct {
	wants func(q engine.Query) bool
	run   func(ctx context.Context, p *plan) error
	reads []cx.Kind
}

// A part is a function of the plan (query_surveys.go is the model). Its statements read
// p.table (one row per id, deleted ones left out), place a record's instant in the periods with
// p.periodsExpr and arrayJoin (p.inRange first), give its group by p.shownExpr (names compared
// as the engine compares them) and keep it by p.keep (the filters); every value goes through a
// statement's bind. p.each runs a statement; p.slot turns a row's period and group into the
// index of p.sets and p.seen, p.mark marks a slot seen; together runs statements at once. A
// series of durations is summarised by rankedSQL and metric.DurationsAt (query_service.go).
// The figures are made by the metric constructors the engine uses, and the part's test is the
// parity with the engine (query_parity_test.go here, and in internal/app on the demo year).

// queryParts are the parts built so far, each with parity to the engine's (query_parity_test
// in internal/app): every part of a report.
var queryParts = []queryPart{
	{func(q engine.Query) bool { return q.Wants(engine.PartSurveys) }, surveys, []cx.Kind{cx.KindResponses, cx.KindMentions}},
	{engine.Query.AsksQuality, quality, []cx.Kind{cx.KindReviews}},
	{func(q engine.Query) bool { return q.Wants(engine.PartService) }, service, []cx.Kind{cx.KindTickets}},
	{func(q engine.Query) bool { return q.Wants(engine.PartReplies) }, replies, WrittenBy(KindReplies)},
	// The counts alone, for a chart of volumes; the service part counts them too.
	{func(q engine.Query) bool { return q.Wants(engine.PartTicketCounts) && !q.Wants(engine.PartService) }, ticketCounts,
		[]cx.Kind{cx.KindTickets}},
	{engine.Query.AsksCustomers, customers, []cx.Kind{cx.KindCustomers, cx.KindOrders, cx.KindEvents}},
}

// Answer answers q: its period, previous period and buckets as the engine makes them; the
// answer of a question asked before, while nothing was shipped since, is the one given then
// (answerCache).
func (q *Querier) Answer(ctx context.Context, query engine.Query) (*engine.Result, error) {
	q.asked.note(query, q.now())
	state, at, err := q.db.state(ctx)
	if err != nil {
		return nil, q.db.unreachable(ctx, err)
	}
	if err := q.trust(ctx, at); err != nil {
		return nil, err
	}
	return q.answers.answer(state, answerKey(query, q.today()), func() (*engine.Result, error) { return q.answerAfresh(ctx, query, &at) })
}

// Check makes every answer ask check first whether the records shipped are of the store: check
// has the identity of the store they are of (StoreSetting, "" when none is recorded) and the
// positions, read with the answer's state; its error is the answer's. Set it before the first
// answer.
func (q *Querier) Check(check StoreCheck) { q.check = check }

// StoreCheck tells whether the records shipped are of the store (Check).
type StoreCheck func(ctx context.Context, store string, positions map[cx.Kind]uint64) error

// trust is Check's answer for the state read at.
func (q *Querier) trust(ctx context.Context, at positionsNow) error {
	if q.check == nil {
		return nil
	}
	return q.check(ctx, at.store, at.kinds)
}

// At is the state of the records shipped, as a string that changes whenever an answer may: what
// a cache of something worked out from answers is keyed on.
func (q *Querier) At(ctx context.Context) (string, error) {
	state, _, err := q.db.state(ctx)
	return state, err
}

// answerAfresh answers q from ClickHouse, at the positions at.
func (q *Querier) answerAfresh(ctx context.Context, query engine.Query, at *positionsNow) (*engine.Result, error) {
	res, stale, err := q.answer(ctx, query, at)
	if err == nil && stale {
		// A name was shipped between reading the names and counting (its batch's position
		// not yet written): read them and the positions again, and count again, once.
		q.names.forget()
		res, _, err = q.answer(ctx, query, nil)
	}
	return res, err
}

// answer is one attempt at Answer, at the positions at (nil: read now); stale tells that it met
// a spelling its plan did not read.
func (q *Querier) answer(ctx context.Context, query engine.Query, at *positionsNow) (res *engine.Result, stale bool, err error) {
	p, err := q.newPlan(ctx, query, at)
	if err != nil {
		return nil, false, err
	}
	// The parts fill fields of their own in the sets: they run at once, as their statements do
	// (together), so a report waits for its slowest statement more than for their sum. Each runs
	// in a view of the plan with sets of its own, kept for the question while the records it
	// reads stay as they are (query_parts.go), and the views are put together.
	var runs []func() error
	var figures []*partFigures
	var keys []string
	for i, part := range queryParts {
		if !part.wants(query) {
			continue
		}
		key := p.partKey(i, query, q.today())
		if kept := q.parts.get(key); kept != nil {
			figures, keys = append(figures, kept), append(keys, "")
			continue
		}
		view := p.partView()
		figures, keys = append(figures, &partFigures{view.sets, view.seen}), append(keys, key)
		runs = append(runs, func() error { return part.run(ctx, view) })
	}
	if err := together(runs...); err != nil {
		return nil, false, err
	}
	stale = p.stale.Load()
	for i, f := range figures {
		p.take(f)
		if keys[i] != "" && !stale {
			q.parts.keep(keys[i], f)
		}
	}
	return p.Result(p.keys, p.sets, p.seen), stale, nil
}

// together runs fns at once and returns their errors. Each fills what no other does (the
// seen flags go through plan.mark).
func together(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Go(func() { errs[i] = fn() })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// each runs a query of the plan and calls row with each result row's scanned values (dest,
// reused). A part's error names the part and the server.
func (p *plan) each(ctx context.Context, part, sql string, s *statement, dest []any, row func() error) error {
	ctx, err := p.withFresh(ctx, sql)
	if err != nil {
		return p.failed(part, err)
	}
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

// unreachable is err, the failure of a read of db, as cx.EUNAVAILABLE when the server did not
// answer at all (stopped, restarting, its machine gone) or holds no database or table of
// ours yet (dropped by a rebuild a moment ago, until the shipper makes them again): a report
// may be asked again shortly, not a fault of klantpuls's (500). What was said stays the cause,
// for the log.
func (db *DB) unreachable(ctx context.Context, err error) error {
	var netErr *net.OpError
	var exc *ch.Exception
	var why string
	switch {
	case ctx.Err() != nil:
		return err
	case errors.As(err, &netErr):
		why = "does not answer: reports come from it again once it does"
	case errors.As(err, &exc) && (exc.Code == codeUnknownDatabase || exc.Code == codeUnknownTable):
		why = "holds no tables (dropped by a rebuild?): reports come from it again once the shipper has made them"
	default:
		return err
	}
	e := cx.Unavailable(5*time.Second, "clickhouse: %s %s", db.Where(), why)
	e.Cause = err
	return e
}

// ClickHouse's codes of a database and of a table that do not exist.
const (
	codeUnknownTable    = 60
	codeUnknownDatabase = 81
)
