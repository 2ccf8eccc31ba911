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

// ReviewScore is 100·Σ wᵢsᵢ / Σ wᵢ over the rated criteria, with sᵢ = (r − min)/(max − min); a
// critical criterion scoring below 0.5 makes the whole review 0. ok is false when no criterion
// with weight was rated (the review has no score and is left out of IQS).
func ReviewScore(ratings []Rating) (score float64, ok bool) {
	var sum, weights float64
	critical := false
	for _, r := range ratings {
		s := float64(r.Rating-r.Min) / float64(r.Max-r.Min)
		if r.Critical && s < 0.5 {
			critical = true
		}
		sum += r.Weight * s
		weights += r.Weight
	}
	if weights == 0 {
		return 0, false
	}
	if critical {
		return 0, true
	}
	return 100 * sum / weights, true
}
