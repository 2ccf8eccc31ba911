package metric

// IQS is the internal quality score: the mean of review scores, 0..100.
type IQS struct {
	Value *float64 `json:"value"`
	N     int      `json:"n"`
}

// NewIQS averages review scores.
func NewIQS(sum float64, n int) IQS { return IQS{Value: mean(sum, n), N: n} }

// Rating is one criterion's rating within a review.
type Rating struct {
	Rating   int
	Min, Max int
	Weight   float64
	Critical bool
}

// Review accumulates the ratings of one review: 100·Σ wᵢsᵢ / Σ wᵢ over the rated criteria,
// with sᵢ = (r − min)/(max − min); a critical criterion scoring below 0.5 makes the whole
// review 0. Ratings of criteria that did not apply are simply not added.
type Review struct {
	sum, weights float64
	critical     bool
}

// Add adds one criterion's rating.
func (v *Review) Add(r Rating) {
	s := float64(r.Rating-r.Min) / float64(r.Max-r.Min)
	if r.Critical && s < 0.5 {
		v.critical = true
	}
	v.sum += r.Weight * s
	v.weights += r.Weight
}

// Score is the review score; ok is false when no criterion with weight was rated (the review
// has no score and is left out of IQS) — unless a critical one failed: a knock-out criterion
// weighing 0 adds nothing to a score but still makes the review 0 (metrics.md section 4).
func (v *Review) Score() (score float64, ok bool) {
	switch {
	case v.critical:
		return 0, true
	case v.weights == 0:
		return 0, false
	}
	return 100 * v.sum / v.weights, true
}

// ReviewScore scores a review from its ratings.
func ReviewScore(ratings []Rating) (score float64, ok bool) {
	var v Review
	for _, r := range ratings {
		v.Add(r)
	}
	return v.Score()
}
