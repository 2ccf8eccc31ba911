package engine

import "github.com/klantpuls/klantpuls/internal/metric"

// The engine keeps a text's sentiment as its label, not its score: the report counts labels
// only (metrics.md section 4), two bits hold one, and the label is read once, when the record
// is applied, by metric.SentimentLabel from the score app stored when it wrote the record — so
// the engine, the feedback page and the alert rule cannot disagree about a score near the
// band's edge.

// Tones, the label of a text's sentiment; toneNone is a record without a score (no text).
const (
	toneNone uint8 = iota
	tonePositive
	toneNeutral
	toneNegative
)

// toneOf is the tone of a stored score (nil: no text).
func toneOf(score *float64) uint8 {
	if score == nil {
		return toneNone
	}
	switch metric.SentimentLabel(*score) {
	case metric.SentimentPositive:
		return tonePositive
	case metric.SentimentNegative:
		return toneNegative
	}
	return toneNeutral
}

// A response's tone sits in bits 3 and 4 of its flags, beside comment, replied and superseded.
const (
	responseToneShift = 3
	responseToneMask  = 3 << responseToneShift
)

func responseTone(flags uint8) uint8 { return (flags & responseToneMask) >> responseToneShift }

// countTone adds one text of tone to the sentiment counts of a group, and tells whether it
// counted (a text without a tone does not).
func countTone(c *metric.SentimentCounts, tone uint8) bool {
	switch tone {
	case tonePositive:
		c.Positive++
	case toneNeutral:
		c.Neutral++
	case toneNegative:
		c.Negative++
	default:
		return false
	}
	return true
}
