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
	RankLastContact = "last_contact" // the latest ticket created or answer given, by or about
	RankNPS         = "nps"          // the score of the latest NPS answer the customer gave
)

// CustomerRank asks for one page of the customer list sorted by a figure: the customers of
// Only (ids; when Filtered, e.g. a search's matches the database found) or else every
// customer, sorted by the figure By (customers without one last, either way), ties by id in
// byte order, in the same direction.
type CustomerRank struct {
	By            string
	From, To      time.Time // the revenue window
	Desc          bool
	Filtered      bool
	Only          []string
	Offset, Limit int // Limit <= 0: all
}

// Ranks reports whether RankCustomers sorts by the figure.
func Ranks(by string) bool { return by == RankRevenue || by == RankLastContact || by == RankNPS }

// rankedCustomer is a customer of the list with its figure: ok false without one.
type rankedCustomer struct {
	id  string
	key float64
	ok  bool
}

// RankCustomers returns the ids of the page's customers in the list's order and how many
// customers the list holds. One pass over the orders, tickets or answers ranks every customer:
// the database would need a look-up per customer (sqldb customerFigures) for the same, which
// takes seconds at 100k customers. The figures mirror customerFigures' SQL, so the order is the
// same; the page's own figures are still read from the database.
func (e *Engine) RankCustomers(q CustomerRank) ([]string, int) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	keys, has := e.customerKeys(q)
	c := &e.customers
	var list []rankedCustomer
	if q.Filtered {
		list = make([]rankedCustomer, 0, len(q.Only))
		for _, id := range q.Only {
			r := rankedCustomer{id: id}
			if i, ok := c.ids.lookup(id); ok {
				r.key, r.ok = keys[i], has[i]
			}
			list = append(list, r)
		}
	} else {
		list = make([]rankedCustomer, 0, c.ids.len())
		for i := range c.ids.len() {
			if c.flags[i]&customerExists != 0 {
				list = append(list, rankedCustomer{id: c.ids.key(uint32(i)), key: keys[i], ok: has[i]})
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
		} else {
			d = strings.Compare(a.id, b.id)
		}
		if q.Desc {
			d = -d
		}
		return d
	}
	top := firstOf(list, end, before)
	ids := make([]string, 0, max(0, end-q.Offset))
	for _, r := range top[min(max(q.Offset, 0), len(top)):] {
		ids = append(ids, r.id)
	}
	return ids, total
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

// customerKeys works out the figure q sorts by for every customer (by index), and whether the
// customer has one.
func (e *Engine) customerKeys(q CustomerRank) ([]float64, []bool) {
	n := e.customers.ids.len()
	keys, has := make([]float64, n), make([]bool, n)
	switch q.By {
	case RankRevenue:
		// SQLite sums REAL with Kahan-Babuska-Neumaier steps, in index order (an order's
		// insertion order per customer, as here): the same steps give the same sums, so equal
		// revenues tie here as they do in SQL.
		errs := make([]float64, n)
		from, to := q.From.Unix(), q.To.Unix()
		o := &e.orders
		for i, at := range o.at {
			if at == noTime || int64(at) < from || int64(at) >= to {
				continue
			}
			c := o.customer[i]
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
		// Their tickets' creation, the answers they gave and the answers about their tickets.
		latest := func(c, at uint32) {
			if c != 0 && at != noTime && (!has[c-1] || float64(at) > keys[c-1]) {
				keys[c-1], has[c-1] = float64(at), true
			}
		}
		t := &e.tickets
		for i, c := range t.customer {
			latest(c, t.created[i])
		}
		r := &e.responses
		for i, at := range r.submitted {
			latest(r.customer[i], at)
			if tk := r.ticket[i]; tk != 0 {
				latest(t.customer[tk-1], at)
			}
		}
	case RankNPS:
		// The latest NPS answer the customer gave themselves, ties at the same second by the
		// higher id (the SQL's ORDER BY submitted_at DESC, id DESC).
		r := &e.responses
		best := make([]uint32, n) // ref of the latest answer, 0 = none
		for i, c := range r.customer {
			if c == 0 || r.survey[i] != surveyNPS {
				continue
			}
			b := best[c-1]
			if b == 0 || r.submitted[i] > r.submitted[b-1] ||
				r.submitted[i] == r.submitted[b-1] && r.ids.key(uint32(i)) > r.ids.key(b-1) {
				best[c-1] = uint32(i) + 1
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
