package engine

import (
	"cmp"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/model/churn"
)

// ChurnLambda is the L2 penalty of the churn model on standardised features: small beside the
// thousands of customers it is fitted on, enough to keep a rare feature's weight finite.
const ChurnLambda = 1.0

// Churn labels: the install's own churned_at, or — for a shop that never records one — the
// BG/NBD estimate that the customer is no longer one (P(alive) below one half).
const (
	LabelChurnedAt = "churned_at"
	LabelBGNBD     = "bgnbd"
)

// ErrNoHistory says there are no records to learn from.
var ErrNoHistory = errors.New("churn risk: no orders, tickets, answers or events to learn from")

// ChurnRisk is the churn model of one day: its time-split backtest, the model fitted on the
// latest observed window and every active customer scored with it.
type ChurnRisk struct {
	AsOf     time.Time // the instant the customers are scored at
	Cutoff   time.Time // the backtest's cut-off C: fitted on [C−90d, C), tested on [C, C+90d)
	Label    string    // LabelChurnedAt or LabelBGNBD
	Backtest churn.Backtest
	Model    *churn.Logistic
	Features []string
	Fitted   time.Duration // time the backtest, fit and scoring took
	// Valued is false when the value models (BG/NBD, Gamma-Gamma) cannot be fitted: no value,
	// so no revenue at risk, and the list is by risk alone.
	Valued bool
	Rows   []RiskRow     // active customers by revenue at risk, highest first
	Silent []SilentChurn // by how far past their usual interval, furthest first
}

// RiskRow is one active customer's churn risk.
type RiskRow struct {
	Customer string
	Segment  string
	Team     string // the team of their latest ticket, "" none
	// The answers a follow-up (Opvolging, keyed by answer) can hang on: the last NPS answer and
	// the lowest CSAT answer of the last 12 months with their scores; "" none.
	NPSAnswer, CSATAnswer string
	NPS, CSAT             int
	NPSAt, CSATAt         time.Time
	CSATScale             uint8 // the CSAT answer's own (metric.ScaleCode), judged by its rule
	Risk                  float64
	Value                 float64 // model value over the horizon (internal/model), 0 when unknown
	AtRisk                float64 // Risk × Value
	why                   whyList // the reasons, compact: Reasons spells them out
}

// Reason is one feature that raises a customer's risk, with the figures a sentence quotes.
type Reason struct {
	Feature      string    // a churnFeatureNames entry, or "segment"
	Count        float64   // the feature's own figure (complaints, days, euros …)
	Score        int       // nps_detractor, csat_low: the answer's score
	At           time.Time // its date: the answer's, the last order's; zero when none
	Name         string    // segment: its name
	Contribution float64   // log-odds above the average customer
}

// SilentChurn is a customer far past their usual interval between orders who never contacted
// service: the ones who leave without complaining.
type SilentChurn struct {
	Customer  string
	Segment   string
	LastOrder time.Time
	Days      float64 // since the last order
	Interval  float64 // their mean days between orders
}

// SilentFactor is how many usual intervals without an order make a silent customer.
const SilentFactor = 3

// churnCache keeps the churn model of one day: pages read it, the fit runs once a day. Not
// per data version as the value models: a shop taking orders all day would fit again on
// nearly every visit, and a 90-day risk does not move with one order. A customer deleted or
// erased is another matter: the list names customers (an id may be their e-mail address), so
// it is not shown again once one is gone (gone, Engine.customersGone).
type churnCache struct {
	mu      sync.Mutex
	day     int
	version uint64 // orders version of a failed fit: an import the same day tries again
	gone    uint64 // Engine.customersGone when fitted
	risk    *ChurnRisk
	err     error
}

// ChurnRisk returns the churn model as of now, fitted at most once per local day (the data of
// the first call of the day) and again after a customer's deletion or erasure. target is each
// team's first-response target (SLA breaches); nil leaves them out.
func (e *Engine) ChurnRisk(now time.Time, target func(team string) int64) (*ChurnRisk, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	c := &e.churn
	c.mu.Lock()
	defer c.mu.Unlock()
	d := e.asOfDay(now)
	if c.day == d && c.gone == e.customersGone && (c.err == nil && c.risk != nil || c.err != nil && c.version == e.ordersVersion) {
		return c.risk, c.err
	}
	started := time.Now()
	r, err := e.fitChurn(now, target)
	if r != nil {
		r.Fitted = time.Since(started)
	}
	c.day, c.version, c.gone, c.risk, c.err = d, e.ordersVersion, e.customersGone, r, err
	return r, err
}

// dataEnd is the last instant any order, ticket, answer or event was recorded at, capped at now:
// a demo or an import that stopped months ago is scored as of its last day.
func (e *Engine) dataEnd(now uint32) uint32 {
	end := uint32(0)
	for _, col := range [][]uint32{e.orders.at, e.tickets.created, e.responses.submitted, e.events.at} {
		for _, at := range col {
			if at <= now {
				end = max(end, at)
			}
		}
	}
	return end
}

// fitChurn runs the backtest, fits the model on the latest observed window and scores the
// customers active at the end of the data who are still customers now.
func (e *Engine) fitChurn(now time.Time, target func(string) int64) (*ChurnRisk, error) {
	at := clampInstant(now)
	end := e.dataEnd(at)
	if end < 3*day90 {
		return nil, ErrNoHistory
	}
	cut := end - day90
	r := &ChurnRisk{AsOf: e.at(end), Cutoff: e.at(cut), Label: LabelChurnedAt,
		Features: e.churnFeatureList()}
	if !e.hasChurnedAt(at) {
		r.Label = LabelBGNBD
	}
	trainFacts, testFacts := e.churnFactsAsOf(cut-day90, target), e.churnFactsAsOf(cut, target)
	_, xTrain, yTrain := e.churnSet(trainFacts, cut-day90, r.Label)
	_, xTest, yTest := e.churnSet(testFacts, cut, r.Label)
	m, err := churn.Fit(xTrain, yTrain, ChurnLambda)
	if err != nil {
		return r, err
	}
	r.Backtest = churn.Evaluate(m, xTest, yTest)
	r.Backtest.Trained = len(xTrain)
	for _, y := range yTrain {
		if y {
			r.Backtest.TrainChurn++
		}
	}
	// The model the customers are scored with learns from the latest fully observed window.
	if r.Model, err = churn.Fit(xTest, yTest, ChurnLambda); err != nil {
		return r, err
	}
	r.Rows, r.Silent, r.Valued = e.scoreChurn(r.Model, e.churnFactsAsOf(end, target), end, at, r.Label)
	return r, nil
}

// at is an instant as a time in the account zone.
func (e *Engine) at(t uint32) time.Time { return time.Unix(int64(t), 0).In(e.opts.Timezone) }

func (e *Engine) churnFeatureList() []string {
	out := slices.Clone(churnFeatureNames)
	for s := 1; s < e.segments.len(); s++ {
		out = append(out, "segment:"+e.segments.name(uint16(s)))
	}
	return out
}

// hasChurnedAt tells whether any customer has a churned_at before now: the install records
// churn. A churned_at after now (a contract's end written ahead, or days after `model fit
// --as-of`) is not known at now and does not choose the label.
func (e *Engine) hasChurnedAt(now uint32) bool {
	c := &e.customers
	for i, ch := range c.churned {
		if ch != noTime && ch < now && c.flags[i]&customerExists != 0 {
			return true
		}
	}
	return false
}

// churnSet is the customers active at t with their features and whether they churned in the
// 90 days after it.
func (e *Engine) churnSet(facts []churnFacts, t uint32, label string) ([]uint32, [][]float64, []bool) {
	active, churned := e.churnLabels(facts, t, label)
	segs := e.segments.len() - 1
	n := 0
	for _, a := range active {
		if a {
			n++
		}
	}
	// The rows share one backing array, sized once: a million customers' rows as separate
	// slices cost more to allocate and collect than the model's fit on them.
	width := featSegments + segs
	ids, x, y, flat := make([]uint32, 0, n), make([][]float64, 0, n), make([]bool, 0, n), make([]float64, n*width)
	for i := range uint32(len(facts)) {
		if active[i] {
			row := flat[len(x)*width : (len(x)+1)*width : (len(x)+1)*width]
			e.churnRowInto(row, i, &facts[i], t, segs)
			ids, x, y = append(ids, i), append(x, row), append(y, churned[i])
		}
	}
	return ids, x, y
}

// churnLabels says per customer whether they are active at t and whether they churn in
// [t, t+90d). With churned_at: in the base at t (metrics.md section 3: a churned_at at t is
// still in it, a churn belongs to the period that holds its instant), and churned_at in the
// window. Without: a buyer by t whom the BG/NBD fit as of t holds alive (P ≥ ½), who is no
// longer held alive by the fit as of t+90d.
func (e *Engine) churnLabels(facts []churnFacts, t uint32, label string) (active, churned []bool) {
	c := &e.customers
	active, churned = make([]bool, len(facts)), make([]bool, len(facts))
	if label == LabelChurnedAt {
		for i := range facts {
			a, ch := c.acquired[i], c.churned[i]
			if c.flags[i]&customerExists == 0 || !inBase(a, ch, t) {
				continue
			}
			active[i] = true
			churned[i] = ch != noTime && ch < t+day90
		}
		return active, churned
	}
	now, later := e.aliveAsOf(t), e.aliveAsOf(t+day90)
	for i := range facts {
		if now != nil && now(uint32(i)) >= 0.5 {
			active[i] = true
			churned[i] = later != nil && later(uint32(i)) < 0.5
		}
	}
	return active, churned
}

// aliveAsOf is the BG/NBD P(alive) as of the local day of t, −1 for a customer who had not
// bought; nil when the model cannot be fitted.
func (e *Engine) aliveAsOf(t uint32) func(uint32) float64 {
	en := e.fitAsOf(e.modelDay(e.at(t).Add(time.Second)))
	if en.err != nil {
		return nil
	}
	return func(i uint32) float64 {
		if a, ok := en.pAlive(i); ok {
			return a
		}
		return -1
	}
}

// scoreChurn scores the customers active at end who are still in the base now, and finds the
// silent ones among them: one whose churned_at lies between the last record and now has left
// (metrics.md section 3) and is at risk of nothing.
func (e *Engine) scoreChurn(m *churn.Logistic, facts []churnFacts, end, now uint32, label string) ([]RiskRow, []SilentChurn, bool) {
	ids, x, _ := e.churnSet(facts, end, label)
	fit := e.fitAsOf(e.modelDay(e.at(end).Add(time.Second)))
	rows := make([]RiskRow, 0, len(ids))
	var silent []SilentChurn
	var buf reasonBuf
	cu := &e.customers
	for k, i := range ids {
		if cu.churned[i] != noTime && !inBase(cu.acquired[i], cu.churned[i], now) {
			continue
		}
		f := &facts[i]
		row := RiskRow{Customer: e.customers.ids.key(i), Segment: e.segments.name(e.customers.segment[i]),
			Risk: m.Risk(x[k])}
		if f.team != 0 {
			row.Team = e.teams.name(f.team)
		}
		if f.npsRef != 0 {
			row.NPSAnswer, row.NPS, row.NPSAt = e.responses.ids.key(f.npsRef-1), int(f.nps), e.at(f.npsAt)
		}
		if f.csatRef != 0 {
			row.CSATAnswer, row.CSAT, row.CSATAt = e.responses.ids.key(f.csatRef-1), int(f.csat), e.at(f.csatAt)
			row.CSATScale = e.responses.scale[f.csatRef-1]
		}
		if v, ok := fit.value(i); ok {
			row.Value = v
		}
		row.AtRisk = row.Risk * row.Value
		row.why = e.churnReasons(m, x[k], f, &buf)
		rows = append(rows, row)
		if s, ok := e.silent(i, f, end); ok {
			silent = append(silent, s)
		}
	}
	// Sorted by position, then put in order: a RiskRow is some 260 bytes, and moving a million
	// of them about in the sort cost more than comparing them.
	order := make([]int32, len(rows))
	for k := range order {
		order[k] = int32(k)
	}
	slices.SortFunc(order, func(i, j int32) int {
		a, b := &rows[i], &rows[j]
		return cmp.Or(cmp.Compare(b.AtRisk, a.AtRisk), cmp.Compare(b.Risk, a.Risk), cmp.Compare(a.Customer, b.Customer))
	})
	sorted := make([]RiskRow, len(rows))
	for k, i := range order {
		sorted[k] = rows[i]
	}
	rows = sorted
	slices.SortFunc(silent, func(a, b SilentChurn) int {
		return cmp.Or(cmp.Compare(b.Days/b.Interval, a.Days/a.Interval), cmp.Compare(a.Customer, b.Customer))
	})
	return rows, silent, fit.err == nil
}

// silent applies the silent-churn rule to customer i as of end: at least two orders, more than
// SilentFactor usual intervals since the last, and never a ticket or a survey answer.
func (e *Engine) silent(i uint32, f *churnFacts, end uint32) (SilentChurn, bool) {
	if f.contacted || f.orderDays < 2 || f.lastOrder <= f.firstOrder {
		return SilentChurn{}, false
	}
	interval := float64(f.lastOrder-f.firstOrder) / 86400 / float64(f.orderDays-1)
	days := float64(end-f.lastOrder) / 86400
	if days <= SilentFactor*interval {
		return SilentChurn{}, false
	}
	return SilentChurn{Customer: e.customers.ids.key(i), Segment: e.segments.name(e.customers.segment[i]),
		LastOrder: e.at(f.lastOrder), Days: days, Interval: interval}, true
}
