package demo

import (
	"cmp"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Engagement event kinds and their share of events.
const (
	evLogin = iota
	evLoyalty
	evWebinar
	evTraining
)

var eventKinds = []string{"app_login", "loyalty_program", "webinar", "training"}

var eventPick = newWeighted([]float64{60, 15, 13, 12})

// events draws what active customers do besides buying: log in to the app, join the loyalty
// programme (once), attend an evening webinar or a Saturday maintenance workshop in the shop.
func (g *generator) events(emit func(cx.Kind, []cx.Record) error) error {
	r, fade := g.rng(streamEvents), g.rng(streamFadeEvents)
	c := g.cal
	days := c.dayWeights(func(i int) float64 { return orderWeight(c.day[i]) })
	// Workshops every other Saturday at 10:00, webinars every third Tuesday at 19:30.
	var workshops, webinars []int64
	for i := range c.days {
		switch d := c.day[i]; {
		case d.weekday == time.Saturday && (i/7)%2 == 0 && !d.holiday:
			workshops = append(workshops, c.at(i, 10*3600))
		case d.weekday == time.Tuesday && (i/7)%3 == 0 && !d.holiday:
			webinars = append(webinars, c.at(i, 19*3600+1800))
		}
	}
	type event struct {
		at   int64
		kind uint8
		cust int32
	}
	joined := make([]bool, len(g.custAcq))
	list := make([]event, 0, g.size.Events)
	for len(list) < g.size.Events {
		kind := eventPick.pick(r)
		t := c.at(days.pick(r), secondOfDay(r, ordersByHour))
		switch {
		case kind == evWebinar && len(webinars) > 0:
			t = webinars[r.IntN(len(webinars))] + between(r, -300, 900)
		case kind == evTraining && len(workshops) > 0:
			t = workshops[r.IntN(len(workshops))] + between(r, -900, 600)
		}
		t = max(c.start, min(t, c.end-1))
		i := g.fade(fade, g.pickActive(r, t, kind == evLoyalty), t, kind == evLoyalty)
		if i < 0 {
			if i, t = g.anyActive(r); i < 0 {
				return errNobodyActive
			}
		}
		if kind == evLoyalty {
			if joined[i] { // one membership each: a second try is a login
				kind = evLogin
			}
			joined[i] = true
		}
		list = append(list, event{t, uint8(kind), int32(i)})
	}
	slices.SortStableFunc(list, func(a, b event) int { return cmp.Compare(a.at, b.at) })

	out := newSink[cx.Event](cx.KindEvents, emit)
	for k, e := range list {
		rec := cx.Event{ID: id('E', k+1, 7), CustomerID: customerID(int(e.cust)), Kind: eventKinds[e.kind],
			At: g.instant(e.at)}
		if err := out.add(rec); err != nil {
			return err
		}
	}
	return out.flush()
}
