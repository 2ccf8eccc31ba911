package metric

import (
	"cmp"
	"math/bits"
	"slices"
)

// SummarizeSeconds is Summarize for whole seconds, the form in which the engine measures
// every ticket interval. Instead of partitioning it counts: one pass builds a histogram of the
// high bits, which pins down the bucket of each rank the median and p90 need, and a second
// pass gathers only those buckets, which are then selected exactly. Two linear passes instead
// of several partitioning ones: a report over millions of tickets summarises a dozen series.
// max must be at least the largest value. values is not changed.
func SummarizeSeconds(values []uint32, max uint32, scratch *SelectScratch) Durations {
	return SummarizeSecondsOf([][]uint32{values}, max, scratch)
}

// SummarizeSecondsOf is SummarizeSeconds of the values of parts taken together (a series
// gathered in chunks on several cores), without joining them: the figures do not depend on
// the values' order.
func SummarizeSecondsOf(parts [][]uint32, max uint32, scratch *SelectScratch) Durations {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	r := Durations{N: n}
	if n == 0 {
		return r
	}
	h90, h50 := float64(n-1)*0.9, float64(n-1)*0.5
	ranks := [4]int{int(h50), min(int(h50)+1, n-1), int(h90), min(int(h90)+1, n-1)}
	// Ranks in ascending order: p90's lower rank may sit below the median's upper one.
	sorted := ranks
	slices.Sort(sorted[:])
	vals, sum := scratch.ranks(parts, n, max, sorted[:])
	at := func(rank int) float64 { return vals[slices.Index(sorted[:], rank)] }
	got := [4]float64{at(ranks[0]), at(ranks[1]), at(ranks[2]), at(ranks[3])}
	r.Mean = ptr(float64(sum) / float64(n))
	r.Median = ptr(got[0] + (h50-float64(ranks[0]))*(got[1]-got[0]))
	r.P90 = ptr(got[2] + (h90-float64(ranks[2]))*(got[3]-got[2]))
	return r
}

// SelectScratch is reusable working memory for SummarizeSeconds; the zero value is ready.
type SelectScratch struct {
	hist  []uint32
	cands []uint32
	mark  []uint8 // per bucket: 1 at the buckets that hold a rank asked for, else 0
	buf   []float64
}

// ranks returns the values at the given ranks (ascending) of the n values of parts, and their
// sum.
func (s *SelectScratch) ranks(parts [][]uint32, n int, max uint32, ranks []int) (got [4]float64, sum uint64) {
	// As many buckets as a quarter of the values, between 2⁸ and 2¹⁶: small groups (one agent)
	// pay little for clearing, large ones get small buckets.
	b := min(16, bits.Len(uint(n))-2)
	b = slices.Max([]int{b, 8})
	shift := 0
	if l := bits.Len32(max); l > b {
		shift = l - b
	}
	buckets := int(max>>shift) + 1
	if cap(s.hist) < buckets {
		s.hist = make([]uint32, buckets)
	}
	hist := s.hist[:buckets]
	clear(hist)
	for _, values := range parts {
		for _, v := range values {
			hist[v>>shift]++
			sum += uint64(v)
		}
	}
	// Find the bucket of each rank and its rank within the bucket.
	var bucketOf, within [4]int
	seen, j := 0, 0
	for bk, c := range hist {
		for j < len(ranks) && ranks[j] < seen+int(c) {
			bucketOf[j], within[j] = bk, ranks[j]-seen
			j++
		}
		if j == len(ranks) {
			break
		}
		seen += int(c)
	}
	// Gather the few buckets that hold the ranks, and select within them. Without a branch on
	// each value: which values are candidates is a coin toss to the CPU, which a branch on
	// each mispredicted for most of the time of a summary. mark is 1 at the target buckets
	// only (they are cleared again below).
	if cap(s.mark) < buckets {
		s.mark = make([]uint8, buckets)
	}
	mark := s.mark[:buckets]
	total := 0
	for j, bk := range bucketOf[:len(ranks)] {
		if j == 0 || bucketOf[j-1] != bk {
			mark[bk] = 1
			total += int(hist[bk])
		}
	}
	// One more place than there are candidates: each value is written, and kept by moving on.
	s.cands = slices.Grow(s.cands[:0], total+1)[:total+1]
	cands, k := s.cands, 0
	for _, values := range parts {
		for _, v := range values {
			cands[k] = v
			k += int(mark[v>>shift])
		}
	}
	s.cands = cands[:k]
	for _, bk := range bucketOf[:len(ranks)] {
		mark[bk] = 0
	}
	// The candidates of several buckets are kept apart by sorting on the bucket first: a rank
	// within bucket bk is then an offset from the start of bk's run.
	slices.SortFunc(s.cands, func(a, c uint32) int {
		return cmp.Compare(a>>shift, c>>shift)
	})
	for i := range ranks {
		bk := bucketOf[i]
		// The runs are in bucket order: bk's run starts after the other target buckets below it.
		start := 0
		for j, other := range bucketOf[:len(ranks)] {
			if other < bk && (j == 0 || bucketOf[j-1] != other) {
				start += int(hist[other])
			}
		}
		s.buf = s.buf[:0]
		for _, v := range s.cands[start : start+int(hist[bk])] {
			s.buf = append(s.buf, float64(v))
		}
		got[i] = selectKth(s.buf, within[i])
	}
	return got, sum
}
