package demo

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Real shops' customers differ: a few regulars order every month, most buy once or twice and
// then no more, and some spend three times what others do. The customer-value models
// (internal/model: BG/NBD and Gamma-Gamma, Fader, Hardie & Lee 2005) are built on exactly that:
// purchase rates and spend levels that vary between customers as Gamma distributions, and a
// chance after each repeat purchase of buying no more (a Beta distribution). A demo whose
// customers all buy alike gives those models nothing to estimate — a shape parameter runs off
// to infinity and the dashboard's predictive CLV says "te weinig gegevens". So each customer
// gets a personal purchase propensity, spend level and lapse chance, planted here as the models
// describe them (fit_test.go checks the fit finds them back).
const (
	// rateShape is the shape of the purchase propensity (Gamma, mean 1): below 1, so most
	// customers are far below the mean (one-time buyers) and a few far above (regulars).
	rateShape = 0.7
	// spendShape is the shape of the spend level (Gamma, mean 1): moderate, most customers
	// within a factor two of the mean.
	spendShape = 3.0
	// rateCap bounds the propensity a repeat order is accepted at (see buyer): a customer
	// above it orders as often as one at it. Above 5 lies some 1.6% of a Gamma(0.7) of mean 1.
	rateCap = 5.0
	// lapseA and lapseB make the chance that a customer buys nothing more after a repeat order
	// Beta(1, 4): 20% on average, though their account stays (they have not churned).
	lapseA, lapseB = 1.0, 4.0
)

// personalize draws every customer's purchase propensity, spend level and lapse chance, each
// from a stream of its own so that none changes any other draw of the demo.
func (g *generator) personalize() {
	n := len(g.custAcq)
	rate := distuv.Gamma{Alpha: rateShape, Beta: rateShape, Src: rand.NewPCG(g.seed, streamPropensity)}
	spend := distuv.Gamma{Alpha: spendShape, Beta: spendShape, Src: rand.NewPCG(g.seed, streamSpendLevel)}
	lapse := distuv.Beta{Alpha: lapseA, Beta: lapseB, Src: rand.NewPCG(g.seed, streamLapse)}
	g.custRate, g.custSpend, g.custLapse = make([]float64, n), make([]float64, n), make([]float64, n)
	g.custOrdered, g.custLapsed = make([]bool, n), make([]bool, n)
	for i := range n {
		g.custLapse[i] = lapse.Rand()
	}
	for i := range n {
		g.custRate[i] = rate.Rand()
	}
	for i := range n {
		g.custSpend[i] = spend.Rand()
	}
}

// buyer gives a repeat order at t to a customer in proportion to their propensity, by
// rejection: the customer drawn for it (i, as the fade left it) keeps it with probability
// rate/rateCap, otherwise another customer in the base is drawn as pickActive draws them (by
// segment) and tried the same way. A customer who lapsed is passed over, and one leaving soon
// as the fade passes them over, so the fade before churn stays. Its draws come from r alone, a stream of its own, so
// the orders' times and every other draw stay as they were.
func (g *generator) buyer(r *rand.Rand, i int, t int64) int {
	for try := range 60 {
		if try > 0 {
			j := g.pickActive(r, t, true)
			if j < 0 || g.custLapsed[j] || g.leavingWithin(j, t, fadeWindow) && chance(r, fadeBeforeChurn) {
				continue
			}
			i = j
		}
		if !g.custLapsed[i] && chance(r, g.custRate[i]/rateCap) {
			return i
		}
	}
	return i
}

// lapse records an order of customer i and, when it is a repeat order, draws whether they buy
// nothing more: as the BG/NBD model has it, a customer can drop out after each repeat
// purchase, not after the first.
func (g *generator) lapse(r *rand.Rand, i int) {
	if g.custOrdered[i] && chance(r, g.custLapse[i]) {
		g.custLapsed[i] = true
	}
	g.custOrdered[i] = true
}
