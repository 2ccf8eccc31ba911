// Package demo generates a realistic, reproducible year of a Dutch web shop — Fietsenwinkel De
// Spaak — and its service team: customers, orders, tickets with their messages, survey answers,
// public mentions, quality reviews and engagement events. `klantpuls demo` loads it so a
// customer-service manager sees a dashboard that behaves like theirs: Monday peaks, a December
// rush, e-mail that waits over the weekend, complaints that hurt NPS.
//
// Everything is drawn from math/rand/v2 PCG streams seeded from Options.Seed, one stream per
// record kind, so the same options give byte-identical records in the same order.
package demo

import (
	"math"
	"math/rand/v2"
	"time"
	_ "time/tzdata" // the default zone must load on hosts without a zoneinfo database

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Size is how many records of each kind Generate produces. Messages are not sized: they follow
// from the tickets (about four per e-mail, chat or social ticket). Reviews counts review rows,
// one per criterion, as the reviews import file does.
type Size struct {
	Customers, Orders, Tickets, Responses, Mentions, Reviews, Events int
}

// Standard is a year of a mid-sized web shop: large enough for stable percentages per agent and
// per week, small enough to load in seconds.
var Standard = Size{Customers: 40000, Orders: 60000, Tickets: 50000, Responses: 20000,
	Mentions: 2000, Reviews: 3000, Events: 30000}

// Options choose what Generate produces. Zero values take the defaults.
type Options struct {
	Seed     uint64
	Size     Size           // zero: Standard
	From     time.Time      // start of the year of data; zero: 2025-11-01 00:00 in Location
	Days     int            // zero: 365
	Location *time.Location // zero: Europe/Amsterdam
	// Now is the moment the demo is made. Records are created only before the data's end
	// (From + Days), but the conversations of tickets still open then run on up to Now: replies
	// and solves of the hours since. Zero, or before the data's end: the data's end, so the
	// same options give the same records whatever the clock.
	Now time.Time
}

// batchSize bounds a batch handed to emit so a consumer's transaction stays small.
const batchSize = 5000

// Stream constants for rand.NewPCG: each kind draws from its own stream, so adding a draw to
// one kind never changes the records of another.
const (
	streamCustomers uint64 = 0x6b6c616e74000001 + iota
	streamOrders
	streamTickets
	streamResponses
	streamMentions
	streamReviews
	streamEvents
	// The story's draws (story.go) come from streams of their own, so planting it changes no
	// draw of the ordinary records.
	streamStoryTickets
	streamStoryResponses
	streamStoryMentions
	// The fade before churn (orders.go) draws from its own streams too: a leaving customer's
	// order or event goes to someone else, with every time and every other draw unchanged.
	streamFadeOrders
	streamFadeEvents
	// Each customer's purchase propensity and spend level (propensity.go), and the draws that
	// give a repeat order to a customer by their propensity, come last: every draw above stays.
	streamPropensity
	streamSpendLevel
	streamBuyers
	streamLapse
	// The conversations that run on past the data's end up to Options.Now draw from a stream of
	// their own, so every record created before the end is the same at any Now.
	streamRunOn
)

// Generate produces every record, kind by kind in the order customers, orders, tickets,
// messages, responses, mentions, reviews, events, calling emit with batches of at most 5000
// records of one kind. emit may keep the batch: it is never reused. Generate stops at the first
// error emit returns and returns it. Same options → byte-identical records in the same order.
func Generate(opts Options, emit func(kind cx.Kind, batch []cx.Record) error) error {
	g, err := newGenerator(opts)
	if err != nil {
		return err
	}
	steps := []func(func(cx.Kind, []cx.Record) error) error{
		g.customers, g.orders, g.tickets, g.messages, g.responses, g.mentions, g.reviews, g.events,
	}
	for _, step := range steps {
		if err := step(emit); err != nil {
			return err
		}
	}
	return nil
}

// generator holds what later kinds need of earlier ones, in compact parallel slices indexed by
// customer, order or ticket number: never the records themselves.
type generator struct {
	seed uint64
	size Size
	cal  *calendar

	// Customers, in order of acquisition (the index is the id number − 1).
	custAcq      []int64 // unix seconds
	custChurn    []int64 // unix seconds; 0 = never churned
	custSeg      []uint8 // index into segments
	custBE       []bool  // Belgian customers are served by Support BE
	custComplnt  []int64 // first complaint ticket, 0 = none: their NPS is worse after it
	churnOrder   []int32 // churned customers sorted by churn instant
	activeInYear []int32 // customers in the base at some moment of the year; built when needed

	// Each customer's purchase propensity and spend level, mean 1 (propensity.go).
	custRate, custSpend, custLapse []float64
	custOrdered, custLapsed        []bool

	// Orders, sorted by instant.
	orderAt   []int64
	orderCust []int32

	tk   []ticketFacts
	msgs conversations
}

func newGenerator(opts Options) (*generator, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	c := newCalendar(o.From, o.Days, o.Location)
	if !o.Now.IsZero() {
		c.now = max(c.end, o.Now.Unix())
	}
	if from, to, ok := storyMonth(o.From, o.Days, o.Location); ok {
		c.markStory(from, to)
	}
	return &generator{seed: o.Seed, size: o.Size, cal: c}, nil
}

// withDefaults checks the options and fills in the defaults of the zero values.
func (opts Options) withDefaults() (Options, error) {
	if opts.Size == (Size{}) {
		opts.Size = Standard
	}
	s := opts.Size
	for _, n := range []int{s.Customers, s.Orders, s.Tickets, s.Responses, s.Mentions, s.Reviews, s.Events} {
		if n < 0 {
			return opts, cx.Errorf(cx.EINVALID, "demo: negative size %+v", s)
		}
	}
	if s.Customers == 0 && s.Orders+s.Tickets+s.Responses+s.Events > 0 {
		return opts, cx.Errorf(cx.EINVALID, "demo: orders, tickets, responses and events need customers")
	}
	if s.Reviews > 0 && s.Tickets == 0 {
		return opts, cx.Errorf(cx.EINVALID, "demo: reviews need tickets to review")
	}
	if opts.Days < 0 {
		return opts, cx.Errorf(cx.EINVALID, "demo: negative number of days %d", opts.Days)
	}
	if opts.Days == 0 {
		opts.Days = 365
	}
	if opts.Location == nil {
		loc, err := time.LoadLocation("Europe/Amsterdam")
		if err != nil {
			return opts, cx.Errorf(cx.EINTERNAL, "demo: unable to load Europe/Amsterdam: %v", err)
		}
		opts.Location = loc
	}
	if opts.From.IsZero() {
		opts.From = time.Date(2025, time.November, 1, 0, 0, 0, 0, opts.Location)
	}
	if opts.From.Unix() < 4*365*86400 {
		// The pre-existing customer base reaches three years back: keep it after 1970.
		return opts, cx.Errorf(cx.EINVALID, "demo: From %s is too early", opts.From)
	}
	return opts, nil
}

// rng returns the random stream of one kind.
func (g *generator) rng(stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed, stream))
}

// sink collects records of one kind into batches. A fresh slice per batch lets emit keep it.
type sink[T any, P interface {
	*T
	cx.Record
}] struct {
	kind  cx.Kind
	emit  func(cx.Kind, []cx.Record) error
	items []T
}

func newSink[T any, P interface {
	*T
	cx.Record
}](kind cx.Kind, emit func(cx.Kind, []cx.Record) error) *sink[T, P] {
	return &sink[T, P]{kind: kind, emit: emit, items: make([]T, 0, batchSize)}
}

func (s *sink[T, P]) add(v T) error {
	s.items = append(s.items, v)
	if len(s.items) == batchSize {
		return s.flush()
	}
	return nil
}

func (s *sink[T, P]) flush() error {
	if len(s.items) == 0 {
		return nil
	}
	batch := make([]cx.Record, len(s.items))
	for i := range s.items {
		batch[i] = P(&s.items[i])
	}
	s.items = make([]T, 0, batchSize)
	return s.emit(s.kind, batch)
}

// id formats the n-th id of a kind as prefix + zero-padded number ("C000123"), widening when the
// count outgrows the padding so ids stay unique.
func id(prefix byte, n, width int) string {
	var buf [24]byte
	i := len(buf)
	for n > 0 || len(buf)-i < width {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	i--
	buf[i] = prefix
	return string(buf[i:])
}

// lognormal draws a skewed positive duration or amount with the given median; sigma is the
// spread of its logarithm. Service times look like this: most short, a long tail.
func lognormal(r *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between draws a uniform integer in [lo, hi].
func between(r *rand.Rand, lo, hi int64) int64 {
	if hi <= lo {
		return lo
	}
	return lo + r.Int64N(hi-lo+1)
}

// weighted picks indices in proportion to fixed weights by binary search of their running sum.
type weighted []float64

func newWeighted(w []float64) weighted {
	cum := make(weighted, len(w))
	sum := 0.0
	for i, x := range w {
		sum += x
		cum[i] = sum
	}
	return cum
}

func (w weighted) pick(r *rand.Rand) int {
	x := r.Float64() * w[len(w)-1]
	lo, hi := 0, len(w)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if w[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

func ptr[T any](v T) *T { return &v }

// round2 keeps cents; round3 keeps a margin to a tenth of a percent.
func round2(x float64) float64 { return math.Round(x*100) / 100 }
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
