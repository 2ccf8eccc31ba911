package metric

// Sentiment labels (metrics.md section 4).
const (
	SentimentPositive = "positive"
	SentimentNeutral  = "neutral"
	SentimentNegative = "negative"
)

// SentimentBand is how far from zero a score must be to count as positive or negative:
// metrics.md section 4 calls a score above 0.05 positive and one below −0.05 negative, and
// leaves the narrow band between neutral, so that a text the model barely leans on is not
// counted as praise or complaint. Code that selects by label in SQL (the feedback page's
// filter) reads this number, so the rule stays here.
const SentimentBand = 0.05

// SentimentLabel is the label of a sentiment score in [−1, 1]: positive above SentimentBand,
// negative below −SentimentBand, else neutral. The one place the rule is written.
func SentimentLabel(score float64) string {
	switch {
	case score > SentimentBand:
		return SentimentPositive
	case score < -SentimentBand:
		return SentimentNegative
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
