package demo

import "time"

// The demo tells a story for the sentiment, themes and drivers of issue 13 to find. In one month — the story month — the
// shop's parcel carrier StoryCarrier falls behind: parcels arrive days late or not at all. That
// month:
//
//   - 30% more tickets come in, and 35% of the month's inbound tickets are about a delayed
//     parcel: category Levering, and the customer starts out annoyed, so CSAT drops;
//   - 30% of the NPS answers come from customers whose parcel was delayed: about 70% of them are
//     detractors, so the month's NPS falls by about 20 points;
//   - the comments of those tickets and answers, and 45% of the month's public mentions (of
//     which there are 60% more), complain about StoryCarrier, "vertraagd", "nog steeds niet
//     bezorgd", the "pakket" and the "levering".
//
// The month after, the carrier has recovered and so have the figures. Tests of other packages
// read the month with StoryMonth and the carrier's name from StoryCarrier.
//
// Measured on the Standard year, seed 1, 1 Nov 2025 – 1 Nov 2026 (story month August 2026), by
// TestStoryIsPlanted: see story_test.go for the figures.

// StoryCarrier is the fictional parcel carrier whose delays the demo plants in the story month.
// It is fictional on purpose: the demo must not blame a real company.
const StoryCarrier = "PakketExpres"

// storyMonthsBeforeEnd places the story month: the second calendar month before the month of
// the last day of data. `klantpuls demo` ends its year today, so the story is recent — two months
// ago, with the month after it to show the recovery and the current month after that — and
// well inside the year whatever the date.
const storyMonthsBeforeEnd = 2

// Strength of the story; the comment at the top of this file says what each does.
const (
	storyTicketLoad     = 1.3  // tickets in the story month, relative to an ordinary month
	storyMentionLoad    = 1.6  // public mentions, likewise
	carrierTicketShare  = 0.35 // of the story month's inbound tickets
	carrierNPSShare     = 0.3  // of the story month's NPS answers
	carrierMentionShare = 0.45 // of the story month's mentions
	carrierMood         = 0.9  // how much a delayed parcel lowers a ticket's experience
)

// carrierNPS are the promoter and passive shares of customers whose parcel was delayed; the rest
// are detractors (npsScore has the ordinary shares).
var carrierNPS = [2]float64{0.15, 0.15}

// StoryMonth returns the story month of the data Generate makes with opts: its first instant
// and the first instant of the month after, in the data's location. ok is false when the data
// does not hold the month and a full month before it (fewer than about four months of data):
// then Generate plants no story.
func StoryMonth(opts Options) (from, to time.Time, ok bool) {
	o, err := opts.withDefaults()
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	return storyMonth(o.From, o.Days, o.Location)
}

func storyMonth(start time.Time, days int, loc *time.Location) (from, to time.Time, ok bool) {
	start = start.In(loc)
	last := start.AddDate(0, 0, days).Add(-time.Second)
	y, m, _ := last.Date()
	from = time.Date(y, m-storyMonthsBeforeEnd, 1, 0, 0, 0, 0, loc)
	to = from.AddDate(0, 1, 0)
	if from.AddDate(0, -1, 0).Before(start) {
		return time.Time{}, time.Time{}, false
	}
	return from, to, true
}

// markStory flags the days of the story month in the calendar.
func (c *calendar) markStory(from, to time.Time) {
	for i := range c.day {
		if t := c.day[i].base + 12*3600; t >= from.Unix() && t < to.Unix() {
			c.day[i].story = true
		}
	}
}

// inStory reports whether instant t falls in the story month.
func (c *calendar) inStory(t int64) bool { return c.day[c.dayOf(t)].story }

// storyLoad scales the weight of day i by load in the story month.
func (c *calendar) storyLoad(i int, load float64) float64 {
	if c.day[i].story {
		return load
	}
	return 1
}
