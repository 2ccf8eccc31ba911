// Package engine is klantpuls's in-memory index: it holds every record as compact columns (ids
// interned, instants as uint32 Unix seconds, scores as int8), keeps derived values current as
// records arrive (a ticket's first reply and reply times from its messages, business seconds of
// every ticket interval with the team's calendar, the current rating of a ticket), and answers
// report queries by scanning the columns with the metric package's math.
//
// The engine never reads the store: it is fed records (Apply, Load), so it is tested without a
// database. It is safe for concurrent use: one writer at a time, many readers.
package engine

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/nameorder"
	"github.com/klantpuls/klantpuls/internal/theme"
)

// Engine is the columnar index of all records. The zero value is not usable; call New.
type Engine struct {
	mu   sync.RWMutex
	opts Options
	// inPlace is set on an engine restored in place (RestoreFile for a process that answers
	// and ends): only it resolves the ids of what it applies by passes over them (resolveIDs).
	inPlace bool

	defaultHours *calendar.Calendar
	teamHours    map[string]*calendar.Calendar // by cx.NameKey(team)
	calOfTeam    []*calendar.Calendar          // by team name index, resolved once per team
	taxonomy     *theme.Taxonomy               // opts.Themes, or the built-in one

	channels, teams, agents, segments, sources, eventKinds, criteria, categories names

	customers customerColumns
	orders    orderColumns
	tickets   ticketColumns
	messages  messageColumns
	responses responseColumns
	mentions  mentionColumns
	reviews   reviewColumns
	events    eventColumns
	terms     terms // the words of comments and mentions (texts.go)

	loading bool
	dirty   []uint32 // tickets whose derived values must be recomputed
	listBuf []uint32 // reused by the writer to walk a ticket's messages or responses
	scratch shelf
	passes  atomic.Int64  // passes over the columns, for tests and the cost of a page
	writes  atomic.Uint64 // counts writes (Apply, a bulk load): Version

	// reused by the writer to derive a ticket from its messages (DeriveTicket)
	replyBuf  []ReplyMessage
	sampleBuf []ReplySample

	ordersVersion uint64     // counts writes to orders and customers: a model fit's data version
	fits          fitCache   // model fits by as-of day (clv_model.go)
	churn         churnCache // the churn model of the day (churn_risk.go)
	customersGone uint64     // customers deleted or renamed away (erased): the churn list names them
	dues          dueCache   // each ticket's first-response due instant (query_sla.go)

	byCustomer customerOrdersHolder // the orders side by side per customer (customer_orders.go)
}

// New returns an empty engine with the account's settings; its calendars are built once here.
func New(opts Options) (*Engine, error) {
	if opts.Timezone == nil || opts.Criterion == nil {
		return nil, errors.New("engine: the options lack a time zone or the quality criteria")
	}
	e := &Engine{opts: opts, teamHours: map[string]*calendar.Calendar{}, taxonomy: opts.taxonomy()}
	var err error
	if e.defaultHours, err = calendar.New(opts.Hours); err != nil {
		return nil, fmt.Errorf("engine: hours.default: %w", err)
	}
	for name, h := range opts.TeamHours {
		c, err := calendar.New(h)
		if err != nil {
			return nil, fmt.Errorf("engine: hours.team %q: %w", name, err)
		}
		e.teamHours[cx.NameKey(name)] = c
	}
	for _, n := range []*names{&e.channels, &e.teams, &e.agents, &e.segments, &e.sources, &e.eventKinds, &e.criteria, &e.categories} {
		*n = newNames()
	}
	for _, k := range []*keys{&e.customers.ids, &e.orders.ids, &e.tickets.ids, &e.messages.ids,
		&e.responses.ids, &e.mentions.ids, &e.reviews.ids, &e.reviews.reviewIDs, &e.events.ids, &e.terms.dict} {
		*k = newKeys()
	}
	e.calOfTeam = []*calendar.Calendar{e.defaultHours}
	return e, nil
}

// Passes is the number of passes over the columns the engine has made for queries (Query,
// Report, SLA, Heatmap): what a page costs, whatever it shows.
func (e *Engine) Passes() int64 { return e.passes.Load() }

// Apply adds or replaces records, removes those a cx.Deletion names, and brings every derived
// value up to date before it returns.
func (e *Engine) Apply(recs ...cx.Record) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.resolveIDs(recs)
	for _, r := range recs {
		e.put(r)
	}
	e.derive()
	e.writes.Add(1)
}

// Version changes with every write to the engine, also one that leaves its number of records
// as it was (a ticket moved to another day): what a cache of something worked out from its
// answers is keyed on.
func (e *Engine) Version() uint64 { return e.writes.Load() }

// Loader feeds an engine in bulk: derived values are computed once at Close rather than after
// every record. Queries wait until Close.
type Loader struct{ e *Engine }

// Load starts a bulk load; the engine is locked for writing until the Loader is closed.
func (e *Engine) Load() *Loader {
	e.mu.Lock()
	e.loading = true
	return &Loader{e}
}

// Put adds or replaces one record.
func (l *Loader) Put(r cx.Record) { l.e.put(r) }

// Reserve prepares room for n records of a kind, so that columns are sized once.
func (l *Loader) Reserve(kind cx.Kind, n int) { l.e.reserve(kind, n) }

// Expect prepares room for more records of a kind beyond those the engine holds: an import
// that knows roughly how many rows its file holds sizes the columns once, where growing them
// row by row copied each column some four times (a tenth of a 10M-ticket import's CPU).
func (l *Loader) Expect(kind cx.Kind, more int) {
	if c, ok := l.e.columnsOf(kind); ok && more > 0 {
		l.e.reserve(kind, c.ids.len()+more)
	}
}

// Close derives what the load changed and unlocks the engine.
func (l *Loader) Close() {
	e := l.e
	e.loading = false
	e.derive()
	e.writes.Add(1)
	e.dirty = nil // a load marks every ticket: 4 bytes each the engine would keep for nothing
	e.mu.Unlock()
}

func (e *Engine) put(r cx.Record) {
	switch r := r.(type) {
	case cx.Deletion:
		e.ordersVersion++
		e.touchOrder(r)
		e.remove(r)
	case *cx.Deletion:
		e.ordersVersion++
		e.touchOrder(*r)
		e.remove(*r)
	case *cx.Customer:
		e.ordersVersion++
		e.putCustomer(r)
	case *cx.Order:
		e.ordersVersion++
		e.touchOrder(cx.Deletion{Of: cx.KindOrders, ID: r.ID})
		e.putOrder(r)
		e.fits.touch(instant(r.OrderedAt))
	case *cx.Ticket:
		e.putTicket(r)
	case *cx.Message:
		e.putMessage(r)
	case *cx.Response:
		e.putResponse(r)
	case *cx.Mention:
		e.putMention(r)
	case *cx.Review:
		e.putReview(r)
	case *cx.Event:
		e.putEvent(r)
	default:
		panic(fmt.Sprintf("engine: unknown record type %T", r))
	}
}

// kindColumns are a kind's record ids and how to make room for more of its rows.
type kindColumns struct {
	ids  *keys
	grow func(int)
}

// columnsOf is kind's kindColumns; ok is false for a kind the engine keeps no rows of.
func (e *Engine) columnsOf(kind cx.Kind) (c kindColumns, ok bool) {
	c, ok = map[cx.Kind]kindColumns{
		cx.KindCustomers: {&e.customers.ids, e.customers.grow},
		cx.KindOrders:    {&e.orders.ids, e.orders.grow},
		cx.KindTickets:   {&e.tickets.ids, e.tickets.grow},
		cx.KindMessages:  {&e.messages.ids, e.messages.grow},
		cx.KindResponses: {&e.responses.ids, e.responses.grow},
		cx.KindMentions:  {&e.mentions.ids, e.mentions.grow},
		cx.KindReviews:   {&e.reviews.ids, e.reviews.grow},
		cx.KindEvents:    {&e.events.ids, e.events.grow},
	}[kind]
	return c, ok
}

func (e *Engine) reserve(kind cx.Kind, n int) {
	if c, ok := e.columnsOf(kind); ok {
		c.ids.reserve(n, 10) // ids such as "T0012345"; the arena grows if they are longer
		c.grow(n)
	}
}

// markDirty queues a ticket for derivation; outside a bulk load Apply derives at once.
func (e *Engine) markDirty(t uint32) {
	if e.tickets.flags[t]&ticketDirty == 0 {
		e.tickets.flags[t] |= ticketDirty
		e.dirty = append(e.dirty, t)
	}
}

func (e *Engine) derive() {
	for _, t := range e.dirty {
		e.tickets.flags[t] &^= ticketDirty
		e.deriveTicket(t)
	}
	e.dirty = e.dirty[:0]
}

// calendarOf returns the business-hours calendar of a team (by name index).
func (e *Engine) calendarOf(team uint16) *calendar.Calendar {
	for int(team) >= len(e.calOfTeam) {
		i := uint16(len(e.calOfTeam))
		c, ok := e.teamHours[cx.NameKey(e.teams.name(i))]
		if !ok {
			c = e.defaultHours
		}
		e.calOfTeam = append(e.calOfTeam, c)
	}
	return e.calOfTeam[team]
}

// noTime marks an absent instant. Instants are seconds since 1970 as uint32, which reaches
// 2106; the importer refuses instants outside that range.
const noTime = 0

func instant(t time.Time) uint32 {
	if t.IsZero() {
		return noTime
	}
	s := t.Unix()
	if s <= 0 || s > math.MaxUint32 {
		return noTime
	}
	return uint32(s)
}

// ref turns an interned index into a reference where 0 means none.
func ref(i uint32) uint32 { return i + 1 }

// growTo extends a column to n rows.
func growTo[T any](s []T, n int) []T {
	if n <= len(s) {
		return s
	}
	if n <= cap(s) {
		return s[:n]
	}
	return append(s, make([]T, n-len(s))...)
}

// reserveCap gives a column room for n rows without changing its length.
func reserveCap[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s
	}
	return append(make([]T, 0, n), s...)
}

// Records is the number of records the engine holds (ids interned for records that exist,
// plus those only named by others or deleted).
func (e *Engine) Records() int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.customers.ids.len() + e.orders.ids.len() + e.tickets.ids.len() + e.messages.ids.len() +
		e.responses.ids.len() + e.mentions.ids.len() + e.reviews.ids.len() + e.events.ids.len()
}

// Names lists the values of a dimension as first seen, sorted, for filter choices.
func (e *Engine) Names(d Dim) []string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	n := e.dimNames(d)
	// The customer list's order (nameorder), as every list of names is shown, ClickHouse's too.
	return nameorder.Sort(slices.Clone(n.shown[1:]))
}
