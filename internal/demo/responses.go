package demo

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Surveys, indexing surveyNames.
const (
	svNPS uint8 = iota
	svCSAT
	svCES
)

var surveyNames = []string{cx.SurveyNPS, cx.SurveyCSAT, cx.SurveyCES}

// Shares of the responses: most are CSAT after a solved ticket, NPS goes out monthly, CES
// follows some chats. A few CSAT answers are changed later.
const (
	npsShare    = 0.17
	cesShare    = 0.08
	rerateShare = 0.03
	// The NPS mail goes out on this day of every month, each time to a third of the customer
	// base: every customer is asked once a quarter, and every month has its NPS.
	npsDayOfMonth = 5
)

// answer is one survey response before it gets an id: responses are emitted in the order they
// were submitted.
type answer struct {
	at       int64
	survey   uint8
	score    int8
	rerate   bool
	ticket   int32 // -1: none
	customer int32 // -1: none
	carrier  bool  // the customer's parcel was delayed by StoryCarrier
}

// responses draws CSAT answers for a sample of solved tickets (scored by how the ticket went),
// re-ratings of a few, CES answers for solved chats, and quarterly NPS answers of customers in
// the base — customers who complained rate the shop lower.
func (g *generator) responses(emit func(cx.Kind, []cx.Record) error) error {
	r := g.rng(streamResponses)
	c := g.cal
	var solved, chats []int32
	for k, f := range g.tk {
		if !f.outbound && f.solved > 0 && f.solved < c.end-3600 {
			solved = append(solved, int32(k))
			if f.channel == chChat && f.customer >= 0 {
				chats = append(chats, int32(k))
			}
		}
	}
	total := g.size.Responses
	nCES := min(len(chats), int(math.Round(cesShare*float64(total))))
	nCSAT := total - nCES - int(math.Round(npsShare*float64(total)))
	rerates := int(math.Round(rerateShare * float64(nCSAT)))
	firsts := min(len(solved), nCSAT-rerates)
	rerates = min(rerates, firsts)
	list := make([]answer, 0, total)
	for _, k := range sample(r, solved, firsts) {
		f := &g.tk[k]
		at := f.solved + int64(max(60, min(7*86400, lognormal(r, 2*3600, 1.2))))
		if at >= c.end {
			at = f.solved + r.Int64N(c.end-f.solved)
		}
		list = append(list, answer{at: at, survey: svCSAT, score: csatScore(r, f.mood), ticket: k,
			customer: f.customer, carrier: f.carrier})
	}
	var followable []int32
	for j, a := range list {
		if a.at < c.end-3600 {
			followable = append(followable, int32(j))
		}
	}
	rerates = min(rerates, len(followable))
	for _, j := range sample(r, followable, rerates) {
		first := list[j]
		at := min(first.at+int64(max(3600, min(20*86400, lognormal(r, 2*86400, 0.8)))), c.end-1)
		list = append(list, answer{at: at, survey: svCSAT, score: rerated(r, first.score),
			rerate: true, ticket: first.ticket, customer: first.customer})
	}
	for _, k := range sample(r, chats, nCES) {
		f := &g.tk[k]
		at := min(f.solved+between(r, 30, 1800), c.end-1)
		list = append(list, answer{at: at, survey: svCES, score: cesScore(r, f.mood), ticket: k, customer: f.customer})
	}
	g.npsAnswers(r, total-len(list), &list) // NPS makes up for tickets too few to survey

	slices.SortStableFunc(list, func(a, b answer) int { return cmp.Compare(a.at, b.at) })
	out := newSink[cx.Response](cx.KindResponses, emit)
	for i, a := range list {
		if err := out.add(g.responseRecord(r, i, a)); err != nil {
			return err
		}
	}
	return out.flush()
}

// npsAnswers adds n NPS answers, each a few days after one of the monthly survey mails. In the
// story month some come from customers whose parcel was delayed.
func (g *generator) npsAnswers(r *rand.Rand, n int, list *[]answer) {
	c := g.cal
	story := g.rng(streamStoryResponses)
	var waves []int
	for d := range c.days {
		if c.day[d].dom == npsDayOfMonth {
			waves = append(waves, d)
		}
	}
	if len(waves) == 0 {
		waves = []int{0}
	}
	for range n {
		sent := c.at(waves[r.IntN(len(waves))], 10*3600)
		at := min(sent+int64(max(60, min(21*86400, lognormal(r, 2*86400, 1)))), c.end-1)
		i := g.pickActive(r, at, false)
		if i < 0 {
			if i, at = g.anyActive(r); i < 0 {
				return
			}
		}
		a := answer{at: at, survey: svNPS, score: g.npsScore(r, i, at), ticket: -1, customer: int32(i)}
		if c.inStory(at) && chance(story, carrierNPSShare) {
			a.carrier, a.score = true, carrierScore(story)
		}
		*list = append(*list, a)
	}
}

// rerated is the new score of a changed CSAT answer: a follow-up mostly lifts a poor rating,
// a problem that came back drags a good one down.
func rerated(r *rand.Rand, score int8) int8 {
	up := chance(r, 0.75)
	if score >= 4 {
		up = chance(r, 0.4)
	}
	if up {
		return min(5, score+int8(between(r, 1, 3)))
	}
	return max(1, score-int8(between(r, 1, 3)))
}

// npsScore draws 0–10: about 45% promoters, 30% passives and 25% detractors, more promoters
// among premium customers and many more detractors among those who complained before.
func (g *generator) npsScore(r *rand.Rand, i int, at int64) int8 {
	promoters, passives := 0.45, 0.30
	switch {
	case g.custComplnt[i] != 0 && g.custComplnt[i] < at:
		promoters, passives = 0.2, 0.25
	case g.custSeg[i] == segPremium:
		promoters, passives = 0.55, 0.28
	}
	return drawNPS(r, promoters, passives)
}

// carrierScore draws the NPS score of a customer whose parcel was delayed: mostly detractors.
func carrierScore(r *rand.Rand) int8 { return drawNPS(r, carrierNPS[0], carrierNPS[1]) }

// drawNPS draws 0–10 with the given shares of promoters and passives.
func drawNPS(r *rand.Rand, promoters, passives float64) int8 {
	switch x := r.Float64(); {
	case x < promoters:
		return int8(9 + r.IntN(2))
	case x < promoters+passives:
		return int8(7 + r.IntN(2))
	}
	return int8(detractorScores.pick(r)) // mostly 5s and 6s: the lukewarm, not the furious
}

var detractorScores = newWeighted([]float64{2, 1, 2, 3, 5, 10, 12})

// csatScore maps a ticket's experience plus the customer's own temper onto 1–5.
func csatScore(r *rand.Rand, mood float32) int8 {
	x := float64(mood) + 0.9*r.NormFloat64()
	switch {
	case x > 0.75:
		return 5
	case x > 0.05:
		return 4
	case x > -0.45:
		return 3
	case x > -1.0:
		return 2
	}
	return 1
}

// cesScore maps a chat's experience onto 1–7, high = easy.
func cesScore(r *rand.Rand, mood float32) int8 {
	x := float64(mood) + r.NormFloat64()
	for s, edge := range []float64{1.3, 0.6, 0, -0.5, -1, -1.5} {
		if x > edge {
			return int8(7 - s)
		}
	}
	return 1
}

// sample draws k distinct elements of pool without changing it.
func sample(r *rand.Rand, pool []int32, k int) []int32 {
	p := slices.Clone(pool)
	for i := 0; i < k; i++ {
		j := i + r.IntN(len(p)-i)
		p[i], p[j] = p[j], p[i]
	}
	return p[:k]
}

// moodOf reads a score as the mood of its comment.
func moodOf(survey uint8, score int8) int {
	switch survey {
	case svNPS:
		return [...]int{0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2}[score]
	case svCES:
		return [...]int{0, 0, 0, 0, 1, 1, 2, 2}[score]
	}
	return [...]int{0, 0, 0, 1, 2, 2}[score]
}

// responseRecord builds response i. Channel, team and agent stay empty: klantpuls takes them
// from the ticket. Unhappy customers write comments more often, and get replies more often.
func (g *generator) responseRecord(r *rand.Rand, i int, a answer) cx.Response {
	rec := cx.Response{ID: id('R', i+1, 7), Survey: surveyNames[a.survey], Score: int(a.score),
		SubmittedAt: g.instant(a.at)}
	if a.customer >= 0 {
		rec.CustomerID = customerID(int(a.customer))
	}
	agentName := ""
	if a.ticket >= 0 {
		rec.TicketID = ticketID(int(a.ticket))
		agentName = agents[g.tk[a.ticket].agent].name
	}
	mood := moodOf(a.survey, a.score)
	writes := [...]float64{0.55, 0.4, 0.28}[mood]
	if a.carrier {
		writes += 0.15 // a parcel that never came is worth a comment
	}
	if !chance(r, writes) && !a.rerate {
		return rec
	}
	english := chance(r, 0.12)
	rec.Comment = g.commentPool(r, a, mood).pick(r, mood, english, agentName)
	rec.Language = "nl"
	if english {
		rec.Language = "en"
	}
	if chance(r, [...]float64{0.7, 0.45, 0.3}[mood]) {
		if t := g.cal.businessAdd(a.at, int64(max(60, lognormal(r, 4*3600, 1)))); t < g.cal.end {
			rec.RepliedAt = g.instant(t)
		}
	}
	return rec
}

// commentPool chooses what a comment is about: the delayed parcel for a customer the story's
// carrier let down (a satisfied one writes about the help as often); else the survey's subject —
// the shop for NPS, the effort for CES, and for CSAT mostly the ticket's own question,
// otherwise the service itself.
func (g *generator) commentPool(r *rand.Rand, a answer, mood int) *pool {
	carrier := a.carrier && (mood != positive || chance(r, 0.5))
	switch {
	case a.rerate:
		return &rerateTexts
	case carrier && a.survey == svNPS:
		return &carrierNPSTexts
	case carrier:
		return &carrierCSATTexts
	case a.survey == svNPS:
		return &npsTexts
	case a.survey == svCES:
		return &cesTexts
	case chance(r, 0.6):
		return &csatByCategory[g.tk[a.ticket].category]
	}
	return &csatTexts
}
