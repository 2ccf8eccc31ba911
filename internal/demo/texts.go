package demo

import (
	"math/rand/v2"
	"strings"
)

// Moods of a comment or mention, indexing the text pools.
const (
	negative = iota
	neutral
	positive
)

// pool holds texts per mood, in Dutch and English. A few texts carry <, >, & and quotes on
// purpose: customers type them, and the dashboard must show them as text, not markup. The pools
// cover the themes of customer service — delivery, returns and refunds, reachability and
// waiting, staff, product quality, price, website, communication, invoices — in the words
// customers use, mixed feelings, negations and a little Flemish included: texts_service.go and
// texts_questions.go for CSAT, texts_shop.go for NPS, CES and re-ratings, texts_public.go for
// mentions, texts_story.go for the story month.
type pool struct{ nl, en [3][]string }

// pick draws a text of a mood; "{agent}" becomes the agent's name, or the team when unknown,
// and "{carrier}" the shop's parcel carrier (StoryCarrier: it delivers all year, late only in
// the story month).
func (p *pool) pick(r *rand.Rand, mood int, english bool, agentName string) string {
	texts := p.nl[mood]
	if english {
		texts = p.en[mood]
	}
	s := texts[r.IntN(len(texts))]
	if strings.Contains(s, "{agent}") {
		if agentName == "" {
			agentName = "de klantenservice"
		}
		s = strings.ReplaceAll(s, "{agent}", agentName)
	}
	return strings.ReplaceAll(s, "{carrier}", StoryCarrier)
}
