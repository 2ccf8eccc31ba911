package metric

import "time"

// AgeBucket is a band of a ticket's or an answer's calendar age: From <= age < To, where a To
// of 0 has no upper end. Key is what URLs and word keys name it by.
type AgeBucket struct {
	Key      string
	From, To time.Duration
}

// AgeBuckets are the age bands of the backlog (docs/metrics.md, "Backlog") and of the follow-up
// list's filter, written once: under a day, 1–3 days, 3–7 days, 7 days and more. The age is
// calendar time since creation — nights and weekends count, as a customer waits through them —
// and a ticket exactly one day old is in "1–3 days".
var AgeBuckets = []AgeBucket{
	{"1d", 0, 24 * time.Hour}, {"1-3d", 24 * time.Hour, 72 * time.Hour},
	{"3-7d", 72 * time.Hour, 7 * 24 * time.Hour}, {"7d+", 7 * 24 * time.Hour, 0},
}

// Holds tells whether an age lies in the band.
func (b AgeBucket) Holds(age time.Duration) bool {
	return age >= b.From && (b.To == 0 || age < b.To)
}

// AgeBucketOf is the index in AgeBuckets of the band holding age; a negative age (a clock
// behind the data) counts as new.
func AgeBucketOf(age time.Duration) int {
	for i, b := range AgeBuckets {
		if b.Holds(age) {
			return i
		}
	}
	return 0
}

// Met is the share of the due tickets answered within the target, 100 − the breach rate: what
// the dashboard's "SLA met %" shows. Null when nothing was due.
func (b Breaches) Met() *float64 { return ratio(b.Due-b.Breached, b.Due) }

// Indicative tells whether the share met (and the breach rate) rests on fewer than 30 tickets
// due: the Werkvoorraad and service pages and the download star it (metrics.md section 0).
func (b Breaches) Indicative() bool { return Indicative(b.Due) }
