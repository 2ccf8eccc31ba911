package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Shop is a generated shop for the model benchmarks (issue 16 point 6): customers who buy the
// way the BG/NBD and Gamma-Gamma models assume — each at their own rate, each dropping out
// after a purchase with their own probability, each with their own mean spend — over two
// years, so the rates, gaps and spends are heterogeneous as in a real shop. Of the customers
// who drop out, most get a churned_at some weeks after their last order; about a fifth of the
// customers have tickets (more, and more complaints, before they leave), and there are NPS
// answers, CSAT ratings of tickets and engagement events.
type Shop struct {
	Customers, Orders int // wanted; Orders is a ceiling the process stops at
	Start             time.Time
	Days              int // the span; every record lies before Start + Days
	Seed              uint64
}

// ShopSizes are the sizes of issue 16 point 6: 1M customers with 5M orders. BENCH_SMALL=1
// shrinks them to 20k and 100k; BENCH_FIT_CUSTOMERS sets the customers (orders five times as
// many) for a run in between.
func ShopSizes() (customers, orders int) {
	if n, err := strconv.Atoi(os.Getenv("BENCH_FIT_CUSTOMERS")); err == nil && n > 0 {
		return n, 5 * n
	}
	if os.Getenv("BENCH_SMALL") != "" {
		return 20_000, 100_000
	}
	return 1_000_000, 5_000_000
}

// shopSegments are the customers' segments: the churn model's segment indicators.
var shopSegments = []string{"Particulier", "Zakelijk", "Webshop", "Groothandel"}

// meanGapDays tunes the purchase rates so that a customer makes about five orders over the
// span on average (1M customers, 5M orders; the few last customers then have none), measured on
// the generator (5.1 orders a customer before the ceiling), not derived.
const meanGapDays = 24

// Generate emits every record to put, customers first within each customer's records, and
// the purchases (customer index, local day number, amount) to buy as well, so a benchmark can
// fit the models on exactly the orders it loaded. The same Shop gives the same records.
func (s Shop) Generate(put func(cx.Record) error, buy func(customer uint32, at time.Time, amount float64)) (orders int, err error) {
	r := rand.New(rand.NewPCG(s.Seed, 16))
	end := s.Start.AddDate(0, 0, s.Days)
	span := float64(s.Days)
	at := func(day float64) time.Time {
		d := int(day)
		// Daytime, local: 8:00 to 22:00.
		return time.Date(s.Start.Year(), s.Start.Month(), s.Start.Day()+d, 8, 0, 0, 0, s.Start.Location()).
			Add(time.Duration(r.IntN(14*3600)) * time.Second)
	}
	tickets, answers, events := 0, 0, 0
	for i := range s.Customers {
		id := fmt.Sprintf("C%07d", i)
		acq := r.Float64() * span
		rate := gammaRand(r, 0.8) / 0.8 / meanGapDays // purchases a day, mean 1/meanGapDays
		drop := betaRand(r, 1.2, 5)                   // after each purchase, mean 0.19
		nu := gammaRand(r, 3.5) / 35                  // spend: amount ~ Gamma(5, ν), mean ≈ €70
		var days []float64
		gone := false
		for day := acq; day < span && orders < s.Orders; {
			days = append(days, day)
			orders++
			if r.Float64() < drop {
				gone = true
				break
			}
			day += r.ExpFloat64() / rate
		}
		c := &cx.Customer{ID: id, AcquiredAt: at(acq), Segment: shopSegments[r.IntN(len(shopSegments))]}
		last := acq
		if len(days) > 0 {
			last = days[len(days)-1]
		}
		churnDay := last + 20 + r.Float64()*100
		if gone && churnDay < span && r.IntN(10) < 7 {
			c.ChurnedAt = at(churnDay)
		}
		if err := put(c); err != nil {
			return orders, err
		}
		for k, day := range days {
			o := &cx.Order{ID: fmt.Sprintf("O%d-%d", i, k), CustomerID: id, OrderedAt: at(day),
				Amount: math.Round(gammaRand(r, 5)/nu*100) / 100}
			if k == 0 {
				o.OrderedAt = c.AcquiredAt
			}
			if err := put(o); err != nil {
				return orders, err
			}
			buy(uint32(i), o.OrderedAt, o.Amount)
		}
		// Service: a fifth of the customers, more of those who leave, with more complaints.
		pTicket, pComplaint := 0.15, 0.1
		if gone {
			pTicket, pComplaint = 0.4, 0.5
		}
		if r.Float64() < pTicket {
			for range 1 + r.IntN(3) {
				day := last + r.Float64()*60
				if day >= span {
					continue
				}
				if err := s.ticket(r, put, id, at(day), tickets, r.Float64() < pComplaint, end, &answers); err != nil {
					return orders, err
				}
				tickets++
			}
		}
		if r.IntN(4) == 0 {
			day := acq + r.Float64()*(span-acq)
			score := r.IntN(11)
			if gone && r.IntN(2) == 0 {
				score = r.IntN(7) // leavers lean to detractors
			}
			if err := put(&cx.Response{ID: fmt.Sprintf("R%d", answers), Survey: "nps", Score: score,
				SubmittedAt: at(day), CustomerID: id}); err != nil {
				return orders, err
			}
			answers++
		}
		if r.IntN(10) == 0 {
			for range 1 + r.IntN(3) {
				day := acq + r.Float64()*(span-acq)
				if err := put(&cx.Event{ID: fmt.Sprintf("E%d", events), CustomerID: id, Kind: "login", At: at(day)}); err != nil {
					return orders, err
				}
				events++
			}
		}
	}
	return orders, nil
}

// ticket emits one inbound ticket and, for half of them, its CSAT rating; nothing after end.
func (s Shop) ticket(r *rand.Rand, put func(cx.Record) error, customer string, created time.Time, n int,
	complaint bool, end time.Time, answers *int) error {
	agent := r.IntN(40)
	reopens := r.IntN(2) * r.IntN(2)
	t := &cx.Ticket{ID: fmt.Sprintf("T%d", n), CreatedAt: created, CustomerID: customer,
		Channel: channels[r.IntN(len(channels))], Team: teams[agent%len(teams)], Agent: fmt.Sprintf("Agent %d", agent),
		Complaint: complaint, Direction: cx.Inbound, Reopens: &reopens}
	if reply := created.Add(time.Duration(60+r.IntN(2*24*3600)) * time.Second); reply.Before(end) {
		t.FirstReplyAt = reply
	}
	if solved := created.Add(time.Duration(3600+r.IntN(7*24*3600)) * time.Second); solved.Before(end) && r.IntN(10) < 9 {
		t.SolvedAt = solved
	}
	if err := put(t); err != nil {
		return err
	}
	if t.SolvedAt.IsZero() || r.IntN(2) == 0 {
		return nil
	}
	score := 1 + r.IntN(5)
	if complaint {
		score = 1 + r.IntN(3)
	}
	at := t.SolvedAt.Add(time.Hour)
	if !at.Before(end) {
		return nil
	}
	*answers++
	return put(&cx.Response{ID: fmt.Sprintf("R%d", *answers-1), Survey: "csat", Score: score, SubmittedAt: at,
		CustomerID: customer, TicketID: t.ID})
}

// gammaRand draws from Gamma(shape, 1) by Marsaglia and Tsang's method (2000), with the
// boost u^(1/shape) for a shape below one.
func gammaRand(r *rand.Rand, shape float64) float64 {
	if shape < 1 {
		return gammaRand(r, shape+1) * math.Pow(r.Float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// betaRand draws from Beta(a, b) as X/(X+Y) of two gamma draws.
func betaRand(r *rand.Rand, a, b float64) float64 {
	x, y := gammaRand(r, a), gammaRand(r, b)
	return x / (x + y)
}
