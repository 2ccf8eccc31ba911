package engine

import "github.com/klantpuls/klantpuls/internal/metric"

// SurveyCounts are one group's counters of the survey metrics in one period (metrics.md
// section 1): what the surveys pass gathers, here or in another querier (ClickHouse), before
// Fill turns them into the figures.
type SurveyCounts struct {
	Promoters, Passives, Detractors int
	CSATN, CSATPositive             int
	CSATSum                         float64
	CESN, CESEasy                   int
	CESSum                          float64
	Feedback, Replied               int
	Tone                            metric.SentimentCounts
}

// Add adds o's counters to n's (a part counted apart, such as the public mentions).
func (n *SurveyCounts) Add(o *SurveyCounts) {
	n.Promoters, n.Passives, n.Detractors = n.Promoters+o.Promoters, n.Passives+o.Passives, n.Detractors+o.Detractors
	n.CSATN, n.CSATPositive, n.CSATSum = n.CSATN+o.CSATN, n.CSATPositive+o.CSATPositive, n.CSATSum+o.CSATSum
	n.CESN, n.CESEasy, n.CESSum = n.CESN+o.CESN, n.CESEasy+o.CESEasy, n.CESSum+o.CESSum
	n.Feedback, n.Replied = n.Feedback+o.Feedback, n.Replied+o.Replied
	n.Tone.Positive, n.Tone.Neutral, n.Tone.Negative = n.Tone.Positive+o.Tone.Positive, n.Tone.Neutral+o.Tone.Neutral,
		n.Tone.Negative+o.Tone.Negative
}

// Fill sets the survey metrics of m from the counters: NPS, CSAT, CES, feedback response and
// sentiment.
func (n *SurveyCounts) Fill(m *metric.Set) {
	nps := metric.NewNPS(n.Promoters, n.Passives, n.Detractors)
	cs := metric.NewCSAT(n.CSATPositive, n.CSATN, n.CSATSum)
	ce := metric.NewCES(n.CESEasy, n.CESN, n.CESSum)
	fb := metric.NewFeedbackResponse(n.Replied, n.Feedback)
	tone := n.Tone.Sentiment()
	m.NPS, m.CSAT, m.CES, m.FeedbackResponse, m.Sentiment = &nps, &cs, &ce, &fb, &tone
}
