package metric

import "math"

// Round rounds x to the given number of decimals, half away from zero, for display only.
// Go's math.Round rounds half away from zero (NPS 12.5 shows as 13, −12.5 as −13), which is
// what metrics.md asks; half-to-even and JavaScript's Math.round would not. A negative x that
// rounds to nothing is 0, not −0: shown, it reads 0,0 and not −0,0 (the pages, and a
// workbook's cell, which stores 0 where its format shows zero).
func Round(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	r := math.Round(x*p) / p
	if r == 0 {
		return 0 // −0 == 0: this drops the sign
	}
	return r
}

// ptr returns a pointer to v; results use pointers so that an undefined value marshals as null.
func ptr(v float64) *float64 { return &v }

// ratio returns 100·num/den, or nil when den is zero (metrics.md: empty is not zero).
func ratio(num, den int) *float64 {
	if den == 0 {
		return nil
	}
	return ptr(100 * float64(num) / float64(den))
}

// mean returns sum/n, or nil when n is zero.
func mean(sum float64, n int) *float64 {
	if n == 0 {
		return nil
	}
	return ptr(sum / float64(n))
}
