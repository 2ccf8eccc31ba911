package model

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// MinRepeatBuyers is the fewest customers with a repeat purchase the models are fitted on
// (metrics.md section 3): with fewer, four purchase and three spend parameters are not
// estimated but guessed, so there is no figure ("te weinig gegevens").
const MinRepeatBuyers = 20

// WeeksPerMonth is a month in the models' unit of time: 365.25/12 days ÷ 7.
const WeeksPerMonth = 365.25 / 12 / 7

// Fit is both models fitted as of one day, with the summaries they were fitted on.
type Fit struct {
	BGNBD        BGNBD
	GammaGamma   GammaGamma
	Customers    int        // customers with a purchase on or before the as-of day
	RepeatBuyers int        // of those, with at least one repeat purchase day
	summary      []Customer // by ID (Summarize)
}

// ErrTooFewRepeatBuyers says there are fewer than MinRepeatBuyers repeat buyers.
type ErrTooFewRepeatBuyers struct{ Got int }

func (e ErrTooFewRepeatBuyers) Error() string {
	return fmt.Sprintf("model: %d customers made a repeat purchase; the models need at least %d", e.Got, MinRepeatBuyers)
}

// FitAll summarizes the purchases as of asOf and fits both models.
func FitAll(purchases []Purchase, asOf int) (*Fit, error) {
	return FitSummaries(Summarize(purchases, asOf))
}

// FitSummaries fits both models on calibration summaries sorted by ID: those Summarize
// gives, or those a database worked out (NewCustomer).
func FitSummaries(cs []Customer) (*Fit, error) {
	f := &Fit{Customers: len(cs), summary: cs}
	for _, c := range cs {
		if c.X > 0 {
			f.RepeatBuyers++
		}
	}
	spending := 0
	for _, c := range cs {
		if isSpender(c) {
			spending++
		}
	}
	if f.RepeatBuyers < MinRepeatBuyers || spending < MinRepeatBuyers {
		return f, ErrTooFewRepeatBuyers{Got: f.RepeatBuyers}
	}
	var err error
	if f.BGNBD, err = FitBGNBD(cs); err != nil {
		return f, fmt.Errorf("BG/NBD: %w", err)
	}
	if f.GammaGamma, err = FitGammaGamma(cs); err != nil {
		return f, fmt.Errorf("Gamma-Gamma: %w", err)
	}
	return f, nil
}

// DropSummaries lets go of the customers' summaries once the caller has worked out what it
// keeps of them (the engine: each customer's value and P(alive)); Summary then finds none. A
// million customers' summaries are 40 MB, and a server keeps a fit for each as-of day its
// views and reports need.
func (f *Fit) DropSummaries() { f.summary = nil }

// Summary is the customer's calibration summary; false when they bought nothing by the as-of
// day, or after DropSummaries.
func (f *Fit) Summary(id uint32) (Customer, bool) {
	// A search of the sorted summaries: on a million customers a map of them took longer to
	// build than all the lookups of a scoring take.
	i, ok := slices.BinarySearchFunc(f.summary, id, func(c Customer, id uint32) int { return cmp.Compare(c.ID, id) })
	if !ok {
		return Customer{}, false
	}
	return f.summary[i], true
}

// Value is a customer's expected value over the next months after the as-of day, discounted
// monthly: Σ over m = 1..months of (E[X(m·μ)] − E[X((m−1)·μ)]) · expected spend / (1+d)^m, with
// μ = WeeksPerMonth, E[X(t)] the BG/NBD expected purchase days in the t weeks after the as-of
// day and the spend the Gamma-Gamma expected amount per purchase day. Revenue, like the simple
// CLV: no margin. NaN when a hypergeometric series did not converge.
func (f *Fit) Value(c Customer, months int, discountMonthly float64) float64 {
	return f.GammaGamma.ExpectedSpend(c) * f.DiscountedPurchases(c, months, discountMonthly)
}

// DiscountedPurchases is Value without the spend: Σ over m = 1..months of
// (E[X(m·μ)] − E[X((m−1)·μ)]) / (1+d)^m. It depends on the customer's X, TX and T alone, so
// customers who share those share it.
func (f *Fit) DiscountedPurchases(c Customer, months int, discountMonthly float64) float64 {
	v, prev := 0.0, 0.0
	for m := 1; m <= months; m++ {
		e := f.BGNBD.ExpectedPurchases(c, float64(m)*WeeksPerMonth)
		v += (e - prev) / math.Pow(1+discountMonthly, float64(m))
		prev = e
	}
	return v
}
