package churn

import (
	"cmp"
	"math"
	"slices"
)

// Minimum quality before a ranking is shown (issue 16): below either the page says so and lists
// nobody, as a ranking no better than a coin misleads more than it helps.
const (
	MinAUC     = 0.6
	MinChurned = 50
)

// Decile is one tenth of the scored customers by predicted risk, highest first: how many, the
// mean predicted risk and the share that did churn.
type Decile struct {
	N         int     `json:"n"`
	Predicted float64 `json:"predicted"`
	Observed  float64 `json:"observed"`
}

// Backtest is how a model fitted on the past scored the customers after its cut-off.
type Backtest struct {
	AUC         float64  `json:"auc"`
	Calibration []Decile `json:"calibration"` // highest risk first
	TopLift     float64  `json:"top_decile_lift"`
	Scored      int      `json:"scored"`  // customers scored after the cut-off
	Churned     int      `json:"churned"` // of those, who churned in the 90 days after it
	Trained     int      `json:"trained"` // customers the model was fitted on
	TrainChurn  int      `json:"training_churned"`
}

// Usable tells whether the model is good enough to rank customers by.
func (b Backtest) Usable() bool { return b.AUC >= MinAUC && b.Churned >= MinChurned }

// AUC is the area under the ROC curve by Mann–Whitney: the share of (churned, stayed) pairs in
// which the churned customer has the higher score, a tie counting half. NaN without both.
func AUC(score []float64, churned []bool) float64 { return auc(score, churned, order(score)) }

// auc is AUC with the scores' order given.
func auc(score []float64, churned []bool, idx []int) float64 {
	// Average ranks (1-based) over ties, then U = Σ ranks of positives − n₊(n₊+1)/2.
	rank := make([]float64, len(score))
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && score[idx[j]] == score[idx[i]] {
			j++
		}
		r := float64(i+1+j) / 2
		for k := i; k < j; k++ {
			rank[idx[k]] = r
		}
		i = j
	}
	var pos, neg, sum float64
	for i, c := range churned {
		if c {
			pos++
			sum += rank[i]
		} else {
			neg++
		}
	}
	if pos == 0 || neg == 0 {
		return math.NaN()
	}
	return (sum - pos*(pos+1)/2) / (pos * neg)
}

// order is the indices of score from lowest to highest, ties by index.
func order(score []float64) []int {
	idx := make([]int, len(score))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(score[a], score[b]) })
	return idx
}

// Calibration splits the customers by predicted risk into ten groups as equal as can be,
// highest risk first, and gives each its mean prediction and observed churn rate.
func Calibration(score []float64, churned []bool) []Decile {
	return calibration(score, churned, order(score))
}

// calibration is Calibration with the scores' order given.
func calibration(score []float64, churned []bool, idx []int) []Decile {
	n := len(idx)
	if n == 0 {
		return nil
	}
	out := make([]Decile, 0, 10)
	for d := range 10 {
		// Group d holds the ranks [n·d/10, n·(d+1)/10) from the top.
		lo, hi := n*d/10, n*(d+1)/10
		if hi == lo {
			continue
		}
		var pred, obs float64
		for k := lo; k < hi; k++ {
			i := idx[n-1-k]
			pred += score[i]
			if churned[i] {
				obs++
			}
		}
		m := float64(hi - lo)
		out = append(out, Decile{N: hi - lo, Predicted: pred / m, Observed: obs / m})
	}
	return out
}

// TopLift is the churn rate of the highest-risk tenth over the churn rate of everyone: 1 is no
// better than a random list. NaN when nobody churned.
func TopLift(score []float64, churned []bool) float64 {
	return topLift(Calibration(score, churned), churned)
}

// topLift is TopLift with the calibration given.
func topLift(cal []Decile, churned []bool) float64 {
	if len(cal) == 0 {
		return math.NaN()
	}
	all := 0
	for _, c := range churned {
		if c {
			all++
		}
	}
	if all == 0 {
		return math.NaN()
	}
	return cal[0].Observed / (float64(all) / float64(len(churned)))
}

// Evaluate scores the customers after the cut-off with m and measures the result.
func Evaluate(m *Logistic, x [][]float64, churned []bool) Backtest {
	score := make([]float64, len(x))
	b := Backtest{Scored: len(x)}
	for i, row := range x {
		score[i] = m.Risk(row)
		if churned[i] {
			b.Churned++
		}
	}
	// One sort of the scores for all three measures: on a million customers each sort is a
	// good part of the backtest.
	idx := order(score)
	b.AUC, b.Calibration = auc(score, churned, idx), calibration(score, churned, idx)
	b.TopLift = topLift(b.Calibration, churned)
	return b
}
