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
	Silent []SilentChurn // the most order days first, then the furthest past their interval (sortSilent)
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

// SilentChurn is a customer far past their usual interval between order days who never
// contacted service: the ones who leave without complaining (Engine.silent).
type SilentChurn struct {
	Customer  string
	Segment   string
	LastOrder time.Time
	Days      float64 // whole local days since the last order day
	Interval  float64 // their mean days between order days
	OrderDays int     // their order days: how long the rhythm they broke lasted
}

// churnCache keeps the churn model of one day: pages read it, the fit runs once a day. Not
// per data version as the value models: a shop taking orders all day would fit again on
// nearly every visit, and a 90-day risk does not move with one order. A customer deleted or
// erased is another matter: the list names customers (an id may be their e-mail address), so
// it is not shown again once one is gone (gone, Engine.customersGone).
type churnCache struct {
	mu      sync.Mutex // held through a fit: a second caller waits for its result, not fitting too
	day     int
	version uint64 // orders version of a failed fit: an import the same day tries again
	gone    uint64 // Engine.customersGone when fitted
	risk    *ChurnRisk
	err     error
	// released, when set, is called while a fit runs with the engine's lock let go, between
	// copying the engine's columns and fitting on the copy: a test writes to the engine there.
	released func()
}

// ChurnRisk returns the churn model as of now, fitted at most once per local day (the data of
// the first call of the day) and again after a customer's deletion or erasure. target is each
// team's first-response target (SLA breaches); nil leaves them out. The engine is read-locked
// only while the fit copies what it reads (churnInput), not while it fits and scores: some
// seconds on a million customers, in which a writer would wait and, behind it, every page
// (sync.RWMutex lets no new reader in while a writer waits).
func (e *Engine) ChurnRisk(now time.Time, target func(team string) int64) (*ChurnRisk, error) {
	c := &e.churn
	c.mu.Lock()
	defer c.mu.Unlock()
	d := e.asOfDay(now)
	e.mu.RLock()
	version, gone := e.ordersVersion, e.customersGone
	e.mu.RUnlock()
	if c.day == d && c.gone == gone && (c.err == nil && c.risk != nil || c.err != nil && c.version == version) {
		return c.risk, c.err
	}
	started := time.Now()
	r, in, err := e.fitChurn(now, target)
	if r != nil {
		r.Fitted = time.Since(started)
	}
	c.day, c.version, c.gone, c.risk, c.err = d, in.version, in.gone, r, err
	return r, err
}

// churnAttempts bounds the fits made again because a customer was deleted or erased while one
// ran without the lock (the list must not name them): the last holds the read lock throughout,
// so that a steady stream of deletions cannot keep the list from ever being fitted.
const churnAttempts = 3

// fitChurn fits the churn model as of now on a copy of what it reads of the engine, again when
// a customer left the engine meanwhile, and returns it with the copy's versions.
func (e *Engine) fitChurn(now time.Time, target func(string) int64) (*ChurnRisk, *churnInput, error) {
	for range churnAttempts - 1 {
		e.warmChurnFits(now)
		e.mu.RLock()
		in := e.churnInput(now, target)
		e.mu.RUnlock()
		if e.churn.released != nil {
			e.churn.released()
		}
		r, err := e.fitChurnInput(in)
		e.mu.RLock()
		gone := e.customersGone
		e.mu.RUnlock()
		if gone == in.gone {
			return r, in, err
		}
	}
	e.warmChurnFits(now)
	e.mu.RLock()
	defer e.mu.RUnlock()
	in := e.churnInput(now, target)
	r, err := e.fitChurnInput(in)
	return r, in, err
}

// churnInput is what a churn fit reads of the engine, copied out under its read lock: the
// backtest's sets, the customers to score with their features, their rows named and with
// their answers, and the value models as of the data's end. The fit and the scoring then
// run on it with the lock let go (fitChurnInput).
type churnInput struct {
	err           error      // ErrNoHistory: nothing else but the versions is set
	r             *ChurnRisk // its instants, label and features
	xTrain, xTest [][]float64
	yTrain, yTest []bool
	scored        []uint32    // the customer of each row
	x             [][]float64 // the features of each row
	rows          []RiskRow   // named, not yet scored
	silent        []SilentChurn
	facts         []churnFacts // as of the data's end, by customer index
	fit           *fitEntry    // the value models as of the data's end
	version, gone uint64       // Engine.ordersVersion and customersGone when copied
}

// churnInput copies what the churn fit as of now reads. The caller holds the read lock.
func (e *Engine) churnInput(now time.Time, target func(string) int64) *churnInput {
	in := &churnInput{version: e.ordersVersion, gone: e.customersGone}
	at := clampInstant(now)
	end, label, ok := e.churnWindow(at)
	if !ok {
		in.err = ErrNoHistory
		return in
	}
	at3 := churnInstants(end)
	train, test := at3[0], at3[1]
	r := &ChurnRisk{AsOf: e.at(end), Cutoff: e.at(test), Label: label, Features: e.churnFeatureList()}
	in.r = r
	_, in.xTrain, in.yTrain = e.churnSet(e.churnFactsAsOf(train, target), train, r.Label)
	_, in.xTest, in.yTest = e.churnSet(e.churnFactsAsOf(test, target), test, r.Label)
	in.facts = e.churnFactsAsOf(end, target)
	in.scored, in.x, in.rows, in.silent = e.churnRows(in.facts, end, at, r.Label)
	in.fit = e.fitAsOf(e.modelDayOf(end))
	return in
}

// fitChurnInput runs the backtest, fits the model on the latest observed window and scores the
// customers of a churnInput with it. It reads nothing of the engine but its options: no lock.
func (e *Engine) fitChurnInput(in *churnInput) (*ChurnRisk, error) {
	if in.err != nil {
		return nil, in.err
	}
	r := in.r
	m, err := churn.Fit(in.xTrain, in.yTrain, ChurnLambda)
	if err != nil {
		return r, err
	}
	r.Backtest = churn.Evaluate(m, in.xTest, in.yTest)
	r.Backtest.Trained = len(in.xTrain)
	for _, y := range in.yTrain {
		if y {
			r.Backtest.TrainChurn++
		}
	}
	// The model the customers are scored with learns from the latest fully observed window.
	if r.Model, err = churn.Fit(in.xTest, in.yTest, ChurnLambda); err != nil {
		return r, err
	}
	in.xTrain, in.xTest = nil, nil // a million customers' rows each, not needed to score
	r.Rows, r.Silent, r.Valued = e.scoreChurn(r.Model, in)
	return r, nil
}

// warmChurnFits fits the value models the churn fit as of now reads, each with the engine
// locked only to copy the orders (fitUnlocked): under the read lock the fit finds them made.
func (e *Engine) warmChurnFits(now time.Time) {
	e.mu.RLock()
	days := e.churnFitDays(clampInstant(now))
	e.mu.RUnlock()
	for _, d := range days {
		e.fitUnlocked(d)
	}
}

// churnFitDays are the as-of days of the value-model fits the churn fit as of at reads: the
// values as of the data's end, and with the BG/NBD label the P(alive) its labels are read
// from, at the backtest's instants and 90 days after each (churnLabels). The caller holds the
// read lock.
func (e *Engine) churnFitDays(at uint32) []int {
	end, label, ok := e.churnWindow(at)
	if !ok {
		return nil
	}
	instants := []uint32{end}
	if label == LabelBGNBD {
		for _, t := range churnInstants(end) {
			instants = append(instants, t, t+day90)
		}
	}
	days := make([]int, len(instants))
	for k, t := range instants {
		days[k] = e.modelDayOf(t)
	}
	return days
}

// churnInstants are the instants the churn fit reads the customers at (churnSet), in order:
// the backtest's training window starts at the first, its test window — the cut-off C — at the
// second, and the customers are scored as of the third, the data's end. churnInput reads them and churnFitDays
// fits the value models ahead for them, so the two cannot drift apart.
func churnInstants(end uint32) (instants [3]uint32) {
	return [3]uint32{end - 2*day90, end - day90, end} // train, test, score
}

// churnWindow is the data's end as of at and the label the churn model learns; false when
// there is no record to learn from (the backtest's windows would start before 1970).
func (e *Engine) churnWindow(at uint32) (end uint32, label string, ok bool) {
	end = e.dataEnd(at)
	if end < 3*day90 {
		return end, "", false
	}
	if !e.hasChurnedAt(at) {
		return end, LabelBGNBD, true
	}
	return end, LabelChurnedAt, true
}

// modelDayOf is the as-of day of the value models the churn model reads as of instant t: its
// local day (yesterday at the latest, modelDay).
func (e *Engine) modelDayOf(t uint32) int { return e.modelDay(e.at(t).Add(time.Second)) }

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
	en := e.fitAsOf(e.modelDayOf(t))
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

// churnRows are the customers scored as of end: those active at end who are still in the base
// now (one whose churned_at lies between the last record and now has left, metrics.md section
// 3, and is at risk of nothing), each with their features and their row named and with their
// answers, not yet scored; and the silent ones among them. The caller holds the read lock.
func (e *Engine) churnRows(facts []churnFacts, end, now uint32, label string) (ids []uint32, x [][]float64, rows []RiskRow, silent []SilentChurn) {
	ids, x, _ = e.churnSet(facts, end, label)
	rows = make([]RiskRow, 0, len(ids))
	cu := &e.customers
	days := e.purchaseDaysAsOf(end)
	kept, keptX := ids[:0], x[:0]
	for k, i := range ids {
		if cu.churned[i] != noTime && !inBase(cu.acquired[i], cu.churned[i], now) {
			continue
		}
		f := &facts[i]
		row := RiskRow{Customer: cu.ids.key(i), Segment: e.segments.name(cu.segment[i])}
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
		rows = append(rows, row)
		kept, keptX = append(kept, i), append(keptX, x[k])
		if s, ok := e.silent(i, f, days); ok {
			silent = append(silent, s)
		}
	}
	return kept, keptX, rows, silent
}

// scoreChurn scores the rows of a churnInput with model m: risk, value, revenue at risk and
// reasons, by revenue at risk; the silent customers by how far past their usual interval. It
// reads nothing of the engine but its options: no lock.
func (e *Engine) scoreChurn(m *churn.Logistic, in *churnInput) ([]RiskRow, []SilentChurn, bool) {
	rows := in.rows
	var buf reasonBuf
	for k := range rows {
		row, i := &rows[k], in.scored[k]
		row.Risk = m.Risk(in.x[k])
		if v, ok := in.fit.value(i); ok {
			row.Value = v
		}
		row.AtRisk = row.Risk * row.Value
		row.why = e.churnReasons(m, in.x[k], &in.facts[i], &buf)
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
	silent := in.silent
	sortSilent(silent)
	return sorted, silent, in.fit.err == nil
}
