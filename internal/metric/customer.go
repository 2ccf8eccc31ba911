package metric

import "math"

// Churn is the share of the starting customer base lost in the period. Customers who came and
// went within the period have no place in the starting base: they are counted as NewLost.
type Churn struct {
	Value   *float64 `json:"value"`
	Start   int      `json:"start"`
	Lost    int      `json:"lost"`
	New     int      `json:"new"`
	NewLost int      `json:"new_lost"`
	End     int      `json:"end"`
}

// NewChurn computes churn = 100·lost/S; the end base is S + N − lost − new_lost by definition.
func NewChurn(start, lost, acquired, newLost int) Churn {
	return Churn{Value: ratio(lost, start), Start: start, Lost: lost, New: acquired,
		NewLost: newLost, End: start + acquired - lost - newLost}
}

// Yearly converts the period churn of a period of days calendar days to a yearly rate in
// percent: 1 − (1 − c)^(365/D). Multiplying by 365/D would overshoot, past 100% for short
// periods. Nil when churn is undefined or the period is empty.
func (c Churn) Yearly(days float64) *float64 {
	if c.Value == nil || days <= 0 {
		return nil
	}
	return ptr(100 * (1 - math.Pow(1-*c.Value/100, 365/days)))
}

// Retention is the customer retention rate (CRR) = 100·(E − N)/S.
type Retention struct {
	Value *float64 `json:"value"`
	Start int      `json:"start"`
	End   int      `json:"end"`
	New   int      `json:"new"`
}

// NewRetention computes CRR with the seed article's formula exactly.
func NewRetention(start, end, acquired int) Retention {
	return Retention{Value: ratio(end-acquired, start), Start: start, End: end, New: acquired}
}

// CLV is customer lifetime value in three forms (metrics.md section 3).
type CLV struct {
	AOV              *float64 `json:"aov"`
	Orders           int      `json:"orders"`
	Buyers           int      `json:"buyers"`
	FrequencyPerYear *float64 `json:"frequency_per_year"`
	LifespanYears    *float64 `json:"lifespan_years"`
	Simple           *float64 `json:"simple"`
	Historical       *float64 `json:"historical"`
	// Predictive is the mean model value (BG/NBD × Gamma-Gamma) of the buyers over the
	// horizon; the engine sets it from internal/model, nil when the models cannot be fitted.
	Predictive *float64 `json:"predictive"`
}

// CLVInput is what CLV is computed from.
type CLVInput struct {
	Revenue float64 // Σ amount of the orders in the window W (CLVWindowStart)
	Orders  int     // orders in W
	Buyers  int     // distinct customers with an order in W
	Days    float64 // calendar days of W
	// MarginSum is Σ over the buyers of Σ amount·margin of all their orders before the end of
	// the period.
	MarginSum float64
	// LifespanYears from the config; 0 derives it from churn.
	LifespanYears float64
	Churn         Churn // churn of W, used when LifespanYears is 0
}

// NewCLV computes aov, frequency, lifespan and the simple and historical CLV. A
// null factor makes every product that uses it null.
func NewCLV(in CLVInput) CLV {
	r := CLV{Orders: in.Orders, Buyers: in.Buyers}
	if in.Orders > 0 {
		r.AOV = ptr(in.Revenue / float64(in.Orders))
	}
	if in.Buyers > 0 && in.Days > 0 {
		r.FrequencyPerYear = ptr(float64(in.Orders) / float64(in.Buyers) * 365 / in.Days)
		r.Historical = ptr(in.MarginSum / float64(in.Buyers))
	}
	r.LifespanYears = lifespan(in)
	if r.AOV != nil && r.FrequencyPerYear != nil && r.LifespanYears != nil {
		r.Simple = ptr(*r.AOV * *r.FrequencyPerYear * *r.LifespanYears)
	}
	return r
}

// lifespan is the configured lifespan, or 1 / yearly churn (as a fraction); nil when churn is
// zero or undefined.
func lifespan(in CLVInput) *float64 {
	if in.LifespanYears > 0 {
		return ptr(in.LifespanYears)
	}
	y := in.Churn.Yearly(in.Days)
	if y == nil || *y == 0 {
		return nil
	}
	return ptr(100 / *y)
}

// Referral is the share of new customers who came through a referral.
type Referral struct {
	Value    *float64 `json:"value"`
	New      int      `json:"new"`
	Referred int      `json:"referred"`
}

// NewReferral computes 100·referred/new.
func NewReferral(referred, acquired int) Referral {
	return Referral{Value: ratio(referred, acquired), New: acquired, Referred: referred}
}

// Engagement is the weighted mean of the participation in each kind of engagement event. N is
// E, the customers at the end of the period, of whom each participation, and so the score, is
// a share: the count the figure rests on, as every rate carries one (metrics.md section 0).
type Engagement struct {
	Value         *float64           `json:"value"`
	N             int                `json:"n"`
	Participation map[string]float64 `json:"participation"`
}

// Weighted is one event kind's participation count and weight.
type Weighted struct {
	Kind   string
	Active int // customers active at the end of the period with an event of this kind in it
	Weight float64
}

// NewEngagement computes participation(k) = 100·active(k)/E and the score
// Σ w·participation / Σ w. Without an end base every figure is undefined.
func NewEngagement(kinds []Weighted, end int) Engagement {
	r := Engagement{N: end, Participation: map[string]float64{}}
	if end == 0 {
		return r
	}
	var sum, weights float64
	for _, k := range kinds {
		p := 100 * float64(k.Active) / float64(end)
		r.Participation[k.Kind] = p
		sum += k.Weight * p
		weights += k.Weight
	}
	if weights > 0 {
		r.Value = ptr(sum / weights)
	}
	return r
}
