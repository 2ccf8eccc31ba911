package metric

import "math"

// Sentiment labels (metrics.md section 4).
const (
	SentimentPositive = "positive"
	SentimentNeutral  = "neutral"
	SentimentNegative = "negative"
)

// SentimentBand is how far from zero a score must be to count as positive or negative:
// metrics.md section 4 calls a score above 0.05 positive and one below −0.05 negative, and
// leaves the narrow band between neutral, so that a text the model barely leans on is not
// counted as praise or complaint.
const SentimentBand = 0.05

// ScoreRange is the scores between Min and Max (±Inf for no bound), the bounds themselves
// included when Inclusive.
type ScoreRange struct {
	Min, Max  float64
	Inclusive bool
}

// Contains tells whether score is in the range.
func (r ScoreRange) Contains(score float64) bool {
	if r.Inclusive {
		return r.Min <= score && score <= r.Max
	}
	return r.Min < score && score < r.Max
}

// sentimentRanges are the scores of each label: the rule of metrics.md section 4, written once.
// SentimentLabel reads it, and so does a store that selects texts by label (SentimentRange).
var sentimentRanges = map[string]ScoreRange{
	SentimentPositive: {Min: SentimentBand, Max: math.Inf(1)},
	SentimentNegative: {Min: math.Inf(-1), Max: -SentimentBand},
	SentimentNeutral:  {Min: -SentimentBand, Max: SentimentBand, Inclusive: true},
}

// SentimentRange is the scores of a label; ok is false for a label that is none.
func SentimentRange(label string) (r ScoreRange, ok bool) {
	r, ok = sentimentRanges[label]
	return r, ok
}

// SentimentLabel is the label of a sentiment score in [−1, 1]: positive above SentimentBand,
// negative below −SentimentBand, else neutral (sentimentRanges).
func SentimentLabel(score float64) string {
	for _, label := range []string{SentimentPositive, SentimentNegative} {
		if sentimentRanges[label].Contains(score) {
			return label
		}
	}
	return SentimentNeutral
}

// Sentiment counts the labels of the texts of a group (comments and mentions) with
// positive_share = 100·positive/n and net = 100·(positive − negative)/n, both null when there
// is no text (metrics.md section 4, data.md section 4).
type Sentiment struct {
	N             int      `json:"n"`
	Positive      int      `json:"positive"`
	Neutral       int      `json:"neutral"`
	Negative      int      `json:"negative"`
	PositiveShare *float64 `json:"positive_share"`
	Net           *float64 `json:"net"`
}

// NewSentiment computes the figures from the counts of each label.
func NewSentiment(positive, neutral, negative int) Sentiment {
	n := positive + neutral + negative
	return Sentiment{N: n, Positive: positive, Neutral: neutral, Negative: negative,
		PositiveShare: ratio(positive, n), Net: ratio(positive-negative, n)}
}

// SentimentCounts adds up labels, one text at a time.
type SentimentCounts struct{ Positive, Neutral, Negative int }

// Add counts one score by its label.
func (c *SentimentCounts) Add(score float64) {
	switch SentimentLabel(score) {
	case SentimentPositive:
		c.Positive++
	case SentimentNegative:
		c.Negative++
	default:
		c.Neutral++
	}
}

// Sentiment turns the counts into the metric.
func (c SentimentCounts) Sentiment() Sentiment {
	return NewSentiment(c.Positive, c.Neutral, c.Negative)
}
