package metric

import (
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
	if n == 0 {
		return Durations{}
	}
	ranks := SummaryRanks(n)
	// Ranks in ascending order: p90's lower rank may sit below the median's upper one.
	sorted := ranks
	slices.Sort(sorted[:])
	vals, sum := scratch.ranks(parts, n, max, sorted[:])
	at := func(rank int) float64 { return vals[slices.Index(sorted[:], rank)] }
	return DurationsAt(n, float64(sum), [4]float64{at(ranks[0]), at(ranks[1]), at(ranks[2]), at(ranks[3])})
}

// SelectScratch is reusable working memory for SummarizeSeconds; the zero value is ready.
type SelectScratch struct {
	hist   []uint32
	cands  []uint32
	mark   []uint8 // per bucket: 1 at the buckets that hold a rank asked for, else 0
	buf    []float64
	low    []uint32 // per value within a crowded bucket: its count (countKth)
	placed []uint32 // the candidates in runs by bucket (placeRuns)
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
	// The candidates of several buckets are kept apart, each bucket's in a run of its own in
	// bucket order: a rank within bucket bk is then an offset from the start of bk's run.
	s.placeRuns(shift, bucketOf[:len(ranks)], hist)
	for i := range ranks {
		bk := bucketOf[i]
		// The runs are in bucket order: bk's run starts after the other target buckets below it.
		start := 0
		for j, other := range bucketOf[:len(ranks)] {
			if other < bk && (j == 0 || bucketOf[j-1] != other) {
				start += int(hist[other])
			}
		}
		run := s.cands[start : start+int(hist[bk])]
		if width := 1 << shift; len(run) >= 4*width {
			// A bucket crowded with few distinct values (the many zeros of business seconds
			// answered out of hours): counting them is linear where selection among ties
			// was not. Two ranks in one bucket (the median's) count it once.
			if i == 0 || bucketOf[i-1] != bk {
				s.countLow(run, width)
			}
			got[i] = float64(bk<<shift + s.lowKth(within[i], width))
			continue
		}
		s.buf = s.buf[:0]
		for _, v := range run {
			s.buf = append(s.buf, float64(v))
		}
		got[i] = selectKth(s.buf, within[i])
	}
	return got, sum
}

// placeRuns orders s.cands into one run per target bucket (targets ascending, repeats side by
// side), in bucket order, by counting: a sort compared every candidate many times, and a
// crowded bucket holds most of the values.
func (s *SelectScratch) placeRuns(shift int, targets []int, hist []uint32) {
	var distinct [4]int
	var next [4]int // where each distinct target's next value goes
	d := 0
	for j, bk := range targets {
		if j == 0 || targets[j-1] != bk {
			if d > 0 {
				next[d] = next[d-1] + int(hist[distinct[d-1]])
			}
			distinct[d] = bk
			d++
		}
	}
	if d == 1 {
		return // one bucket: already one run
	}
	s.placed = slices.Grow(s.placed[:0], len(s.cands))[:len(s.cands)]
	for _, v := range s.cands {
		bk, j := int(v>>shift), 0
		for distinct[j] != bk {
			j++
		}
		s.placed[next[j]] = v
		next[j]++
	}
	s.cands, s.placed = s.placed, s.cands
}

// countLow counts the values of run, one bucket's, by their low bits (below width, a power of
// two) into s.low: two tables, filled by turns, so that a run of equal values is not one long
// chain of increments of one counter.
func (s *SelectScratch) countLow(run []uint32, width int) {
	if cap(s.low) < 2*width {
		s.low = make([]uint32, 2*width)
	}
	s.low = s.low[:2*width]
	clear(s.low)
	a, b := s.low[:width], s.low[width:]
	mask := uint32(width - 1)
	i := 0
	for ; i+1 < len(run); i += 2 {
		a[run[i]&mask]++
		b[run[i+1]&mask]++
	}
	if i < len(run) {
		a[run[i]&mask]++
	}
}

// lowKth is the offset within its bucket of the k-th smallest value counted by countLow.
func (s *SelectScratch) lowKth(k, width int) int {
	a, b := s.low[:width], s.low[width:2*width]
	seen := 0
	for off := range a {
		if seen += int(a[off]) + int(b[off]); seen > k {
			return off
		}
	}
	return width - 1 // not reached: k is below the run's length
}
