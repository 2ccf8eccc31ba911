package metric

// SummaryQuantiles are the quantiles a Durations summary gives: the median and p90
// (metrics.md section 0).
var SummaryQuantiles = [2]float64{0.5, 0.9}

// SummaryRanks are the 0-based ranks of n sorted values that the median and p90 interpolate
// between (metrics.md section 0: h = (n−1)q, between x⌊h⌋ and x⌊h⌋₊₁): ⌊h50⌋, ⌊h50⌋+1, ⌊h90⌋,
// ⌊h90⌋+1, none above n−1. A store that sorts the values itself (ClickHouse) fetches the values
// at these ranks and DurationsAt completes the summary, so the rule stays here.
func SummaryRanks(n int) [4]int {
	h50, h90 := float64(n-1)*SummaryQuantiles[0], float64(n-1)*SummaryQuantiles[1]
	return [4]int{int(h50), min(int(h50)+1, n-1), int(h90), min(int(h90)+1, n-1)}
}

// DurationsAt is the summary of n values whose sum is sum and whose values at SummaryRanks(n)
// are at: what Summarize gives for the values themselves.
func DurationsAt(n int, sum float64, at [4]float64) Durations {
	r := Durations{N: n}
	if n == 0 {
		return r
	}
	ranks := SummaryRanks(n)
	h50, h90 := float64(n-1)*SummaryQuantiles[0], float64(n-1)*SummaryQuantiles[1]
	r.Mean = ptr(sum / float64(n))
	r.Median = ptr(at[0] + (h50-float64(ranks[0]))*(at[1]-at[0]))
	r.P90 = ptr(at[2] + (h90-float64(ranks[2]))*(at[3]-at[2]))
	return r
}
