package demo

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/klantpuls/klantpuls/internal/cx"
)

const (
	chEmail = iota
	chChat
	chPhone
	chSocial
)

var channels = []string{"email", "chat", "phone", "social"}

var channelPick = newWeighted([]float64{45, 30, 15, 10})

var channelHours = []weighted{emailByHour, chatByHour, phoneByHour, socialByHour}

// Categories, their share, how long before the ticket the order it is about was placed (in
// days; 0, 0 = not about an order), and the share of their tickets passed on to a colleague:
// payments often go to the finance desk and account questions to the one who can reset them,
// so the contact reasons differ in transfer rate (about 8% over all, one in eight of those
// passed on twice).
var categories = []struct {
	name     string
	share    float64
	lo, hi   int64
	transfer float64
}{
	catDelivery: {"Levering", 30, 1, 10, 0.05},
	{"Retour", 22, 3, 30, 0.05},
	{"Betaling", 12, 0, 5, 0.25},
	{"Product", 28, 5, 60, 0.05},
	{"Account", 8, 0, 0, 0.15},
}

// catDelivery is the category of tickets about a late or lost parcel.
const catDelivery = 0

var categoryPick = func() weighted {
	w := make([]float64, len(categories))
	for i, c := range categories {
		w[i] = c.share
	}
	return newWeighted(w)
}()

const (
	complaintShare = 0.05
	outboundShare  = 0.03
	anonymousShare = 0.04 // chat and social visitors who are not logged in
)

// ticketFacts is what later kinds need of a ticket: messages carry its conversation, responses
// and reviews its outcome. Instants are unix seconds, 0 = absent.
type ticketFacts struct {
	created, firstReply, firstSolved, solved int64
	customer                                 int32 // -1: anonymous
	agent                                    int8
	channel, team, category, reopens         uint8
	transfers                                uint8
	complaint, outbound, live                bool
	quiet                                    bool // solved by automation: the customer went quiet
	carrier                                  bool // about a parcel StoryCarrier delayed
	agentReplies                             uint16
	wait, handle                             float32 // seconds; 0 = not measured
	mood                                     float32 // how the customer experienced it
}

// tickets draws when each ticket is created (by channel, day and hour), sorts them so ids grow
// with time, then works out who asked, who answered and how it went. Conversations are kept
// compactly for messages.
func (g *generator) tickets(emit func(cx.Kind, []cx.Record) error) error {
	r := g.rng(streamTickets)
	c := g.cal
	n := g.size.Tickets
	story := g.rng(streamStoryTickets)
	weight := func(i int) float64 { return c.ticketWeight(i) * c.storyLoad(i, storyTicketLoad) }
	anyDay := c.dayWeights(weight)
	openDay := c.dayWeights(func(i int) float64 {
		if !c.day[i].open() {
			return 0
		}
		return weight(i)
	})
	g.tk = make([]ticketFacts, n)
	for k := range g.tk {
		f := &g.tk[k]
		f.channel = uint8(channelPick.pick(r))
		f.outbound = chance(r, outboundShare)
		switch {
		case f.outbound:
			f.channel = chEmail
			if chance(r, 0.3) {
				f.channel = chPhone
			}
			f.created = c.at(openDay.pick(r), secondOfDay(r, officeByHour))
		case f.channel == chPhone:
			f.created = c.at(openDay.pick(r), secondOfDay(r, phoneByHour))
		default:
			f.created = c.at(anyDay.pick(r), secondOfDay(r, channelHours[f.channel]))
		}
	}
	slices.SortStableFunc(g.tk, func(a, b ticketFacts) int { return cmp.Compare(a.created, b.created) })

	load := g.dailyLoad()
	runOn := g.rng(streamRunOn)
	g.msgs.start = make([]int32, 0, n+1)
	out := newSink[cx.Ticket](cx.KindTickets, emit)
	for k := range g.tk {
		f := &g.tk[k]
		d := c.dayOf(f.created)
		g.msgs.start = append(g.msgs.start, int32(len(g.msgs.at)))
		f.carrier = !f.outbound && c.day[d].story && chance(story, carrierTicketShare)
		g.assign(r, f, d)
		if f.channel == chPhone {
			g.call(r, f, load[d])
		} else {
			g.converse(r, runOn, f, load[d])
		}
		f.mood = experience(f)
		if err := out.add(g.ticketRecord(k)); err != nil {
			return err
		}
	}
	g.msgs.start = append(g.msgs.start, int32(len(g.msgs.at)))
	return out.flush()
}

// dailyLoad is how busy each day is relative to an average working day; replies slow down on
// busy days (Mondays, December) and speed up on quiet ones.
func (g *generator) dailyLoad() []float64 {
	count := make([]float64, len(g.cal.day))
	for _, f := range g.tk {
		count[g.cal.dayOf(f.created)]++
	}
	sum, open := 0.0, 0
	for i := range g.cal.days {
		if g.cal.day[i].open() {
			sum += count[i]
			open++
		}
	}
	mean := max(sum/float64(max(open, 1)), 1)
	load := make([]float64, len(count))
	for i, x := range count {
		load[i] = max(0.7, min(2.2, math.Pow(max(x, 1)/mean, 0.7)))
	}
	return load
}

// assign picks the category, the customer (the buyer of a recent order for order questions,
// a customer about to leave for some complaints), the team and the agent.
func (g *generator) assign(r *rand.Rand, f *ticketFacts, d int) {
	f.category = uint8(categoryPick.pick(r))
	if f.carrier {
		f.category = catDelivery
	}
	f.complaint = !f.outbound && chance(r, complaintShare)
	f.customer = -1
	cat := categories[f.category]
	anonymous := !f.outbound && !f.complaint && (f.channel == chChat || f.channel == chSocial) &&
		chance(r, anonymousShare)
	if !anonymous {
		switch {
		case f.complaint && chance(r, 0.3):
			f.customer = int32(g.pickChurning(r, f.created, 90*86400))
		case cat.hi > 0 && chance(r, 0.85):
			if o := g.recentOrder(r, f.created, cat.lo*86400+3600, cat.hi*86400); o >= 0 {
				f.customer = g.orderCust[o]
			}
		}
		if f.customer < 0 {
			f.customer = int32(g.pickActive(r, f.created, false))
		}
	}
	switch {
	case f.complaint:
		f.team = teamComplaints
	case f.customer >= 0 && g.custBE[f.customer]:
		f.team = teamBE
	default:
		f.team = teamNL
	}
	if f.complaint && f.customer >= 0 && g.custComplnt[f.customer] == 0 {
		g.custComplnt[f.customer] = f.created
	}
	f.agent = int8(pickAgent(r, int(f.team), d))
	switch x := r.Float64(); {
	case x < cat.transfer/8:
		f.transfers = 2
	case x < cat.transfer:
		f.transfers = 1
	}
}

// call works out a phone ticket: the queue wait, the talk, and whether the call solved it.
// Phone tickets have no messages, so the ticket carries its own first reply and reply count.
func (g *generator) call(r *rand.Rand, f *ticketFacts, load float64) {
	c := g.cal
	talk := max(45, min(3600, lognormal(r, 330, 0.55)))
	if f.complaint {
		talk *= 1.5
	}
	f.handle = float32(math.Round(talk))
	f.agentReplies = 1
	if f.outbound {
		f.firstReply = f.created
	} else {
		f.wait = float32(math.Round(max(5, min(1800, lognormal(r, 90*load, 0.8)))))
		f.firstReply = f.created + int64(f.wait)
	}
	hangUp := f.firstReply + int64(f.handle)
	switch x := r.Float64(); {
	case x < 0.78: // solved on the call
		f.solved = hangUp + between(r, 30, 240)
	case x < 0.93: // a follow-up by e-mail or a call back
		f.agentReplies = 2
		f.solved = c.businessAdd(hangUp+3600, int64(lognormal(r, 4*3600, 0.8)))
		if chance(r, 0.12) {
			f.reopens, f.firstSolved = 1, hangUp+between(r, 30, 240)
		}
	default: // the agent waits for the customer to send something, who never does
		f.solved, f.quiet = quietSolved(hangUp), true
	}
	if f.firstReply >= c.now {
		f.firstReply, f.agentReplies, f.wait, f.handle = 0, 0, 0, 0
	}
	g.settle(f)
}

// settle drops what happens after the demo is made (calendar.now) and fills first_solved_at
// for tickets solved without a reopen.
func (g *generator) settle(f *ticketFacts) {
	if f.solved >= g.cal.now {
		f.solved = 0
	}
	if f.firstSolved >= g.cal.now {
		f.firstSolved, f.reopens = 0, 0
	}
	if f.reopens == 0 {
		f.firstSolved = f.solved
	}
}

// experience scores how the customer felt about a ticket, around 1 for a smooth one: slow first
// replies, reopens, transfers, long resolutions and complaints pull it down, a good agent up.
func experience(f *ticketFacts) float32 {
	m := 0.95 + agents[f.agent].quality
	if f.complaint {
		m -= 0.7
	}
	if f.firstReply > 0 {
		wait := float64(f.firstReply - f.created)
		switch {
		case f.channel == chEmail && wait > 48*3600, f.channel == chSocial && wait > 24*3600:
			m -= 0.8
		case f.channel == chEmail && wait > 24*3600, f.channel == chSocial && wait > 8*3600:
			m -= 0.4
		case (f.channel == chChat || f.channel == chPhone) && wait > 300:
			m -= 0.3
		}
	}
	m -= 0.45*float64(f.reopens) + 0.25*float64(f.transfers)
	if f.carrier {
		m -= carrierMood
	}
	// A long resolution weighs, but not the week an automation waited for a customer who went
	// quiet: that customer had the answer.
	if f.solved > 0 && !f.quiet && f.solved-f.created > 5*86400 {
		m -= 0.3
	}
	return float32(m)
}

func ticketID(k int) string { return id('T', k+1, 7) }

// ticketRecord builds the import row of ticket k. A ticket with messages leaves first_reply_at
// and agent_replies empty: klantpuls derives them from the messages.
func (g *generator) ticketRecord(k int) cx.Ticket {
	f := &g.tk[k]
	t := cx.Ticket{
		ID:        ticketID(k),
		CreatedAt: g.instant(f.created),
		Channel:   channels[f.channel],
		Team:      teams[f.team],
		Agent:     agents[f.agent].name,
		Category:  categories[f.category].name,
		Complaint: f.complaint,
		Direction: cx.Inbound,
		Reopens:   ptr(int(f.reopens)),
		Transfers: ptr(int(f.transfers)),
	}
	if f.customer >= 0 {
		t.CustomerID = customerID(int(f.customer))
	}
	if f.outbound {
		t.Direction = cx.Outbound
	}
	if f.channel == chPhone {
		if f.firstReply > 0 {
			t.FirstReplyAt = g.instant(f.firstReply)
		}
		t.AgentReplies = ptr(int(f.agentReplies))
	}
	if f.solved > 0 {
		t.SolvedAt = g.instant(f.solved)
	}
	if f.firstSolved > 0 {
		t.FirstSolvedAt = g.instant(f.firstSolved)
	}
	if f.wait > 0 {
		t.WaitSeconds = ptr(float64(f.wait))
	}
	if f.handle > 0 {
		t.HandleSeconds = ptr(float64(f.handle))
	}
	return t
}
