package engine

import "github.com/klantpuls/klantpuls/internal/cx"

// mentionColumns holds public mentions by interned mention id.
type mentionColumns struct {
	ids     keys
	at      []uint32
	source  []uint16
	replied []bool
	tone    []uint8     // the text's sentiment label (query_text.go)
	hasText []bool      // the text is kept (an erasure takes it, not its score): a text of the Why page
	text    textColumns // the text's themes and terms
}

func (c *mentionColumns) grow(n int) {
	c.at = reserveCap(c.at, n)
	c.source = reserveCap(c.source, n)
	c.replied = reserveCap(c.replied, n)
	c.tone = reserveCap(c.tone, n)
	c.hasText = reserveCap(c.hasText, n)
	c.text.grow(n)
}

func (e *Engine) putMention(r *cx.Mention) {
	c := &e.mentions
	i, added := c.ids.intern(r.ID)
	if added {
		c.at = append(c.at, 0)
		c.source = append(c.source, 0)
		c.replied = append(c.replied, false)
		c.tone = append(c.tone, toneNone)
		c.hasText = append(c.hasText, false)
		c.text.add()
	}
	c.at[i] = instant(r.At)
	c.source[i] = e.sources.id(r.Source)
	c.replied[i] = c.replied[i] || !r.RepliedAt.IsZero() // kept, as in putResponse
	c.tone[i] = toneOf(r.Sentiment)
	c.hasText[i] = r.Text != ""
	e.readText(&c.text, i, r.Text, "") // a mention has no language column: detected
}

// notApplicable is the rating of a criterion that did not apply to the conversation.
const notApplicable = -1 << 15

// reviewColumns holds quality-review rows (one per review and criterion) by interned key, and
// the review each row belongs to.
type reviewColumns struct {
	ids       keys // cx.ReviewKey(review_id, criterion)
	reviewIDs keys // review_id → review index
	review    []uint32
	criterion []uint16
	rating    []int16 // notApplicable when empty
	at        []uint32
	agent     []uint16
}

func (c *reviewColumns) grow(n int) {
	c.review = reserveCap(c.review, n)
	c.criterion = reserveCap(c.criterion, n)
	c.rating = reserveCap(c.rating, n)
	c.at = reserveCap(c.at, n)
	c.agent = reserveCap(c.agent, n)
}

func (e *Engine) putReview(r *cx.Review) {
	c := &e.reviews
	i, added := c.ids.intern(r.Key())
	if added {
		c.review = append(c.review, 0)
		c.criterion = append(c.criterion, 0)
		c.rating = append(c.rating, 0)
		c.at = append(c.at, 0)
		c.agent = append(c.agent, 0)
	}
	c.review[i], _ = c.reviewIDs.intern(r.ReviewID)
	c.criterion[i] = e.criteria.id(r.Criterion)
	c.rating[i] = notApplicable
	if r.Rating != nil {
		c.rating[i] = int16(max(-(1<<15)+1, min(1<<15-1, *r.Rating)))
	}
	c.at[i] = instant(r.ReviewedAt)
	c.agent[i] = e.agents.id(r.Agent)
}
