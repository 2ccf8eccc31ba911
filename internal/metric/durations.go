package metric

import "math"

// Durations summarises measured intervals in seconds. Mean, median and p90 are null when
// nothing was measured.
type Durations struct {
	N      int      `json:"n"`
	Mean   *float64 `json:"mean"`
	Median *float64 `json:"median"`
	P90    *float64 `json:"p90"`
}

// Summarize computes n, mean, median and p90 of values. It reorders values in place (selection,
// not a full sort: a report summarises millions of intervals, and selection is linear).
func Summarize(values []float64) Durations {
	n := len(values)
	r := Durations{N: n}
	if n == 0 {
		return r
	}
	// Finite for every input klantpuls takes: a duration is at most cx.MaxSeconds (10^9 s) and
	// there are fewer than 2^32 of them, so the sum stays below 4.3·10^18.
	var sum float64
	for _, v := range values {
		sum += v
	}
	r.Mean = ptr(sum / float64(n))
	// p90 first: selecting it leaves the ranks below it on the left, where the median is, so
	// the median is selected in that part only (when both of its ranks are there).
	h90, h50 := float64(n-1)*0.9, float64(n-1)*0.5
	r.P90 = ptr(rankValue(values, h90))
	if part := int(h90) + 1; int(h50)+1 < part {
		values = values[:part]
	}
	r.Median = ptr(rankValue(values, h50))
	return r
}

// Percentile returns the q-quantile of sorted values by linear interpolation between closest
// ranks: h = (n−1)q, x⌊h⌋ + (h−⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋) (metrics.md section 0).
func Percentile(sorted []float64, q float64) float64 {
	h := float64(len(sorted)-1) * q
	i := int(math.Floor(h))
	if i+1 >= len(sorted) {
		return sorted[i]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

// rankValue returns the value at fractional rank h (0-based) as Percentile would after
// sorting, by selecting the two ranks it needs. values is reordered so that values[:⌊h⌋+1]
// hold the ⌊h⌋+1 smallest.
func rankValue(values []float64, h float64) float64 {
	i := int(math.Floor(h))
	lo := selectKth(values, i)
	if i+1 >= len(values) || h == float64(i) {
		return lo
	}
	// The next rank is the smallest value right of i.
	hi := values[i+1]
	for _, v := range values[i+2:] {
		if v < hi {
			hi = v
		}
	}
	return lo + (h-float64(i))*(hi-lo)
}

// selectKth partially orders a so that a[k] is the k-th smallest, a[:k] ≤ a[k] ≤ a[k+1:], and
// returns a[k]. Hoare partitioning around a median of three; ties split evenly, so many equal
// durations (whole minutes, zero business seconds) stay linear.
func selectKth(a []float64, k int) float64 {
	lo, hi := 0, len(a)-1
	for hi > lo {
		if hi-lo < 16 {
			insertionSort(a[lo : hi+1])
			break
		}
		mid := lo + (hi-lo)/2
		if a[mid] < a[lo] {
			a[mid], a[lo] = a[lo], a[mid]
		}
		if a[hi] < a[lo] {
			a[hi], a[lo] = a[lo], a[hi]
		}
		if a[hi] < a[mid] {
			a[hi], a[mid] = a[mid], a[hi]
		}
		pivot := a[mid]
		i, j := lo, hi
		for i <= j {
			for a[i] < pivot {
				i++
			}
			for a[j] > pivot {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return a[k]
		}
	}
	return a[k]
}

func insertionSort(a []float64) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// ServiceTime is a duration measured in calendar and in business seconds.
type ServiceTime struct {
	Calendar Durations `json:"calendar"`
	Business Durations `json:"business"`
}

// FirstResponse is first response time, with the backlog of tickets still waiting: nil when
// no ticket has reply data at all (not measured, rather than every ticket waiting).
type FirstResponse struct {
	Unanswered *int      `json:"unanswered"`
	Calendar   Durations `json:"calendar"`
	Business   Durations `json:"business"`
}

// ComplaintResolution is the resolution time of complaints, with their mean in whole days.
type ComplaintResolution struct {
	Calendar Durations `json:"calendar"`
	Business Durations `json:"business"`
	MeanDays *float64  `json:"mean_days"`
}

// MeanDays is the mean of complaint durations in whole local days (Monday → Wednesday = 2),
// null without complaints.
func MeanDays(days []int) *float64 {
	sum := 0
	for _, d := range days {
		sum += d
	}
	return mean(float64(sum), len(days))
}

// FCR is first contact resolution: the share of solved tickets solved with at most one agent
// reply and no reopen.
type FCR struct {
	Value        *float64 `json:"value"`
	N            int      `json:"n"`
	FirstContact int      `json:"first_contact"`
}

// NewFCR computes 100·first_contact/n.
func NewFCR(firstContact, n int) FCR {
	return FCR{Value: ratio(firstContact, n), N: n, FirstContact: firstContact}
}

// FCRTally counts the solved tickets of FCR. A ticket whose agent replies are not known (no
// messages and an empty agent_replies) is not measured: counted as 0 replies it would make an
// export without reply data show a perfect 100% (metrics.md section 2, vectors 33 and 34).
type FCRTally struct{ N, FirstContact int }

// Add counts a solved ticket; known says whether its agent replies are known at all.
func (t *FCRTally) Add(agentReplies int, known bool, reopens int) {
	if !known {
		return
	}
	t.N++
	if IsFirstContact(agentReplies, reopens) {
		t.FirstContact++
	}
}

// FCR is the figure of the tickets counted; null when none was measured.
func (t FCRTally) FCR() FCR { return NewFCR(t.FirstContact, t.N) }

// IsFirstContact is Zendesk's one-touch rule with reopens excluded (metrics.md section 2).
func IsFirstContact(agentReplies, reopens int) bool { return agentReplies <= 1 && reopens == 0 }

// Tickets counts tickets created and solved, and each channel's share of those created.
type Tickets struct {
	Created int                `json:"created"`
	Solved  int                `json:"solved"`
	Share   map[string]float64 `json:"share"`
}

// NewTickets computes the channel shares from created counts per channel.
func NewTickets(created, solved int, perChannel map[string]int) Tickets {
	r := Tickets{Created: created, Solved: solved, Share: map[string]float64{}}
	for ch, c := range perChannel {
		if created > 0 {
			r.Share[ch] = 100 * float64(c) / float64(created)
		}
	}
	return r
}

// Breaches is how often a target was missed: of the tickets due, those answered late or not
// at all.
type Breaches struct {
	Value    *float64 `json:"value"`
	Due      int      `json:"due"`
	Breached int      `json:"breached"`
}

// NewBreaches computes the breach rate 100·breached/due.
func NewBreaches(breached, due int) Breaches {
	return Breaches{Value: ratio(breached, due), Due: due, Breached: breached}
}
