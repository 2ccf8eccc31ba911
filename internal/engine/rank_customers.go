package engine

import (
	"math"
	"slices"
	"strings"
	"time"
)

// The customer list's figures the engine ranks by (store.CustomerSort's values).
const (
	RankRevenue     = "revenue"      // Σ amount of the orders in [From, To)
	RankLastContact = "last_contact" // the latest touch of a ticket (DeriveTicket's LastContact) or answer given, by or about
	RankNPS         = "nps"          // the score of the customer's latest NPS answer (theirs, else their ticket's)
)

// CustomerRank asks for one page of the customer list sorted by a figure: the customers of
// Only (ids; when Filtered, e.g. a search's matches the database found) or else every
// customer the engine knows (knownCustomers), sorted by the figure By (customers without one
// last, either way), ties by id in byte order, in the same direction. A By that is no figure
// (Ranks false: the id) sorts by id alone.
type CustomerRank struct {
	By       string
	From, To time.Time // the revenue window
	Desc     bool
	Filtered bool
	Only     []string
	// Segment, when not Filtered, keeps the customers of that segment only (compared as names
	// are, as a report's segment filter keeps them); a customer without a row has none.
	Segment       string
	Offset, Limit int // Limit <= 0: all
}

// Ranks reports whether RankCustomers sorts by the figure.
func Ranks(by string) bool { return by == RankRevenue || by == RankLastContact || by == RankNPS }

// rankedCustomer is a customer of the list with its figure: ok false without one. A customer of
// a filtered list has its id; one of the whole list only its place in the engine's ids (at),
// compared there and made a string only when on the page: a million strings a request were
// a third of the list's time.
type rankedCustomer struct {
	id  string
	at  uint32
	key float64
	ok  bool
}

// RankCustomers returns the ids of the page's customers in the list's order and how many
// customers the list holds. One pass over the orders, tickets or answers ranks every customer,
// where a database would need a look-up per customer (seconds at 100k customers); the page's
// figures are CustomerFigures', by the same rules.
func (e *Engine) RankCustomers(q CustomerRank) ([]string, int) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	var keys []float64
	var has []bool
	if Ranks(q.By) { // by id, no figure to work out for every customer
		keys, has = e.customerKeys(q.By, q.From, q.To, placer{})
	}
	figure := func(i uint32) (float64, bool) {
		if has == nil {
			return 0, false
		}
		return keys[i], has[i]
	}
	c := &e.customers
	var list []rankedCustomer
	if q.Filtered {
		list = make([]rankedCustomer, 0, len(q.Only))
		for _, id := range q.Only {
			r := rankedCustomer{id: id}
			if i, ok := c.ids.lookup(id); ok {
				r.key, r.ok = figure(i)
			}
			list = append(list, r)
		}
	} else {
		list = make([]rankedCustomer, 0, c.ids.len())
		seg, bySegment := uint16(0), q.Segment != ""
		if bySegment {
			var ok bool
			if seg, ok = e.segments.find(q.Segment); !ok {
				seg = noName // a segment no customer has: nobody
			}
		}
		for i, known := range e.knownCustomers() {
			if known && (!bySegment || c.segment[i] == seg) {
				k, ok := figure(uint32(i))
				list = append(list, rankedCustomer{at: uint32(i), key: k, ok: ok})
			}
		}
	}
	total := len(list)
	end := total
	if q.Limit > 0 {
		end = min(total, max(q.Offset, 0)+q.Limit)
	}
	before := func(a, b rankedCustomer) int {
		if a.ok != b.ok { // without a figure last, either way
			if a.ok {
				return -1
			}
			return 1
		}
		d := 0
		if a.ok && a.key != b.key {
			d = -1
			if a.key > b.key {
				d = 1
			}
		} else if q.Filtered {
			d = strings.Compare(a.id, b.id)
		} else {
			d = c.ids.compare(a.at, b.at)
		}
		if q.Desc {
			d = -d
		}
		return d
	}
	top := firstOf(list, end, before)
	ids := make([]string, 0, max(0, end-q.Offset))
	for _, r := range top[min(max(q.Offset, 0), len(top)):] {
		if !q.Filtered {
			r.id = c.ids.key(r.at)
		}
		ids = append(ids, r.id)
	}
	return ids, total
}

// knownCustomers marks, per customer, the customers of the list: those with a row and those
// only a live order, ticket or answer names (data.md: files come in any order), each with a
// page of their own (store CustomerRecords finds the same records). An id only a removed
// record or an event named is no one's.
func (e *Engine) knownCustomers() []bool {
	c := &e.customers
	known := make([]bool, c.ids.len())
	for i, f := range c.flags {
		known[i] = f&customerExists != 0
	}
	for i, at := range e.orders.at {
		if at != noTime { // a removed order keeps its customer, not its instant
			known[e.orders.customer[i]] = true
		}
	}
	for _, refs := range [][]uint32{e.tickets.customer, e.responses.customer} {
		for _, ref := range refs { // a removed ticket or answer has no customer
			if ref != 0 {
				known[ref-1] = true
			}
		}
	}
	return known
}

// CustomersWithoutRow returns the ids of the list's customers who have no customer row yet —
// known only from other records, so without a name, e-mail or segment — that keep accepts,
// in no order: what the database, which lists customer rows, cannot add to the list.
func (e *Engine) CustomersWithoutRow(keep func(id string) bool) []string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	c := &e.customers
	var out []string
	for i, known := range e.knownCustomers() {
		if known && c.flags[i]&customerExists == 0 {
			if id := c.ids.key(uint32(i)); keep(id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// firstOf returns the first n of list in cmp's order, sorted: a partial sort that keeps the
// n best seen, so a first page of 50 of 100k customers costs one comparison for most.
func firstOf(list []rankedCustomer, n int, cmp func(a, b rankedCustomer) int) []rankedCustomer {
	if n <= 0 {
		return nil
	}
	if n > 1024 || n >= len(list) {
		slices.SortFunc(list, cmp)
		return list[:min(n, len(list))]
	}
	top := make([]rankedCustomer, 0, n+1)
	for _, r := range list {
		if len(top) == n && cmp(r, top[n-1]) >= 0 {
			continue
		}
		at, _ := slices.BinarySearchFunc(top, r, cmp)
		top = slices.Insert(top, at, r)
		if len(top) > n {
			top = top[:n]
		}
	}
	return top
}

// CustomerFigures are a customer's figures on the customer list.
type CustomerFigures struct {
	Revenue     *float64  // Σ amount of their orders in the window (refunds negative); nil without one
	LastContact time.Time // the latest of their tickets' last contact (lastContact), their answers and the answers about their tickets; zero without one
	NPS         *int      // the score of their latest NPS answer (their own, else about their ticket); nil without one
}

// CustomerFigures works out the list's figures of the customers of ids (in that order; an id
// that is no customer's has none), with the revenue over [from, to): the rules RankCustomers
// sorts by, in one pass over the orders, tickets and answers each for the page's customers.
func (e *Engine) CustomerFigures(ids []string, from, to time.Time) []CustomerFigures {
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := make([]CustomerFigures, len(ids))
	p := e.placerOf(ids)
	// Three passes over different columns, each with arrays of its own: side by side.
	var revenue, contact, nps []float64
	var hasRevenue, hasContact, hasNPS []bool
	runTasks([]func(){
		func() { revenue, hasRevenue = e.customerKeys(RankRevenue, from, to, p) },
		func() { contact, hasContact = e.customerKeys(RankLastContact, from, to, p) },
		func() { nps, hasNPS = e.customerKeys(RankNPS, from, to, p) },
	})
	for k := range ids {
		f := &out[k]
		if hasRevenue[k] {
			f.Revenue = &revenue[k]
		}
		f.LastContact = contactTime(contact[k], hasContact[k])
		if hasNPS[k] {
			score := int(nps[k])
			f.NPS = &score
		}
	}
	return out
}

// LastContact is customer id's last contact, by the rule the customer list shows and sorts by
// (CustomerFigures); zero without one, and for an id that is no customer's.
func (e *Engine) LastContact(id string) time.Time {
	e.mu.RLock()
	defer e.mu.RUnlock()
	keys, has := e.customerKeys(RankLastContact, time.Time{}, time.Time{}, e.placerOf([]string{id}))
	return contactTime(keys[0], has[0])
}

// contactTime is a last contact customerKeys worked out as a time: zero without one.
func contactTime(key float64, has bool) time.Time {
	if !has {
		return time.Time{}
	}
	return time.Unix(int64(key), 0).UTC()
}

// placerOf places the customers of ids at their place in it; an id that is no customer's has
// none. The caller holds the read lock.
func (e *Engine) placerOf(ids []string) placer {
	n := e.customers.ids.len()
	p := placer{slot: make([]uint32, n), wanted: make([]uint64, (n+63)/64), n: len(ids)}
	for k, id := range ids {
		if i, ok := e.customers.ids.lookup(id); ok {
			p.slot[i] = uint32(k) + 1
			p.wanted[i/64] |= 1 << (i % 64)
		}
	}
	return p
}

// placer places a customer (an index into customers) among the keys customerKeys works out:
// every customer at its own index, or (slot set) only the customers of a list, at their
// place in it, so a page of 50 needs no arrays of every customer's figure.
type placer struct {
	slot   []uint32 // per customer, its place in the list + 1; 0 = not wanted. nil: every customer
	wanted []uint64 // a bit per customer, set when wanted: 1/32 of slot's size, so it stays in the cache
	n      int      // the list's length
}

// of returns the place of customer c, -1 when c is not wanted.
func (p placer) of(c uint32) int {
	if p.slot == nil {
		return int(c)
	}
	if p.wanted[c/64]&(1<<(c%64)) == 0 {
		return -1
	}
	return int(p.slot[c]) - 1
}

// customerKeys works out the figure by for the customers p places, and whether each has one;
// from and to bound the revenue's window.
func (e *Engine) customerKeys(by string, from, to time.Time, p placer) ([]float64, []bool) {
	n := p.n
	if p.slot == nil {
		n = e.customers.ids.len()
	}
	keys, has := make([]float64, n), make([]bool, n)
	switch by {
	case RankRevenue:
		// Summed with Kahan-Babuska-Neumaier steps in the orders' insertion order, as SQLite
		// sums REAL: a sum does not depend on how many small amounts came before a large one
		// more than it must, and equal revenues tie.
		errs := make([]float64, n)
		lo, hi := from.Unix(), to.Unix()
		o := &e.orders
		for i, at := range o.at {
			if at == noTime || int64(at) < lo || int64(at) >= hi {
				continue
			}
			c := p.of(o.customer[i])
			if c < 0 {
				continue
			}
			s, r := keys[c], o.amount[i]
			t := s + r
			if math.Abs(s) > math.Abs(r) {
				errs[c] += (s - t) + r
			} else {
				errs[c] += (r - t) + s
			}
			keys[c], has[c] = t, true
		}
		for c := range keys {
			if !math.IsInf(errs[c], 0) && !math.IsNaN(errs[c]) {
				keys[c] += errs[c]
			}
		}
	case RankLastContact:
		// Their tickets' last contact (kept per ticket when it is derived: its messages are not
		// read here) and the latest answer about each (answered, kept with its answers' list),
		// and the answers they gave. A removed ticket has no customer, a removed answer neither
		// a time nor a place in a list. The tickets' pass and the answers' run side by side, the
		// answers' into keys of its own, and the later of the two is kept: a maximum, whatever
		// the order.
		latest := func(keys []float64, has []bool, ref, at uint32) {
			if ref == 0 || at == noTime {
				return
			}
			if c := p.of(ref - 1); c >= 0 && (!has[c] || float64(at) > keys[c]) {
				keys[c], has[c] = float64(at), true
			}
		}
		t, r := &e.tickets, &e.responses
		aKeys, aHas := make([]float64, n), make([]bool, n)
		runTasks([]func(){
			func() {
				for i, c := range t.customer {
					if c != 0 {
						latest(keys, has, c, max(t.contact[i], t.answered[i]))
					}
				}
			},
			func() {
				for i, ref := range r.customer {
					latest(aKeys, aHas, ref, r.submitted[i])
				}
			},
		})
		for c, h := range aHas {
			if h && (!has[c] || aKeys[c] > keys[c]) {
				keys[c], has[c] = aKeys[c], true
			}
		}
	case RankNPS:
		// The latest NPS answer of the customer — theirs by its customer_id, else by its
		// ticket's (responseCustomer) — ties at the same second by the higher id (later), as
		// the customer page picks it.
		r := &e.responses
		best := make([]uint32, n) // ref of the latest answer, 0 = none
		for i := range r.customer {
			if r.survey[i] != surveyNPS {
				continue
			}
			ref := e.responseCustomer(uint32(i))
			if ref == 0 {
				continue
			}
			c := p.of(ref - 1)
			if c < 0 {
				continue
			}
			if b := best[c]; b == 0 || later(r, uint32(i), b-1) {
				best[c] = uint32(i) + 1
			}
		}
		for c, b := range best {
			if b != 0 {
				keys[c], has[c] = float64(r.score[b-1]), true
			}
		}
	}
	return keys, has
}
