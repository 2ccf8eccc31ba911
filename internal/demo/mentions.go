package demo

import (
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

var sources = []string{"Trustpilot", "Google", "Facebook", "X", "Instagram"}

var sourcePick = newWeighted([]float64{35, 30, 15, 10, 10})

// moodPick: public posts lean positive, but unhappy customers are louder in public than in a
// survey.
var moodPick = newWeighted([]float64{negative: 25, neutral: 20, positive: 55})

// carrierMentionMood: a post about a parcel that does not come is rarely happy.
var carrierMentionMood = newWeighted([]float64{negative: 80, neutral: 15, positive: 5})

// mentions draws public posts and reviews about the shop, more when more is sold, mostly in the
// evening. The web-care team answers most negative reviews and some of the rest.
func (g *generator) mentions(emit func(cx.Kind, []cx.Record) error) error {
	r := g.rng(streamMentions)
	c := g.cal
	story := g.rng(streamStoryMentions)
	days := c.dayWeights(func(i int) float64 { return orderWeight(c.day[i]) * c.storyLoad(i, storyMentionLoad) })
	at := make([]int64, g.size.Mentions)
	for i := range at {
		at[i] = c.at(days.pick(r), secondOfDay(r, socialByHour))
	}
	slices.Sort(at)

	out := newSink[cx.Mention](cx.KindMentions, emit)
	for i, t := range at {
		src := sourcePick.pick(r)
		mood := moodPick.pick(r)
		texts := &mentionTexts
		if c.inStory(t) && chance(story, carrierMentionShare) {
			mood, texts = carrierMentionMood.pick(story), &carrierMentionTexts
		}
		english := chance(r, 0.12)
		rec := cx.Mention{
			ID:     id('N', i+1, 6),
			Source: sources[src],
			At:     g.instant(t),
			Text:   texts.pick(r, mood, english, ""),
		}
		rec.URL = "https://example.com/" + strings.ToLower(rec.Source) + "/" + rec.ID
		first, last := personName(r, chance(r, belgianShare))
		if src <= 1 { // review sites show a first name and an initial
			rec.Author = first + " " + initialOf(last) + "."
		} else {
			rec.Author = "@" + mailPart(first) + "_" + mailPart(last)[:min(3, len(mailPart(last)))] +
				string(rune('0'+r.IntN(10)))
		}
		replied := [...]float64{0.85, 0.5, 0.45}[mood]
		if src > 1 {
			replied = [...]float64{0.7, 0.3, 0.25}[mood]
		}
		if chance(r, replied) {
			if t := c.businessAdd(t, int64(max(300, lognormal(r, 3*3600, 1)))); t < c.end {
				rec.RepliedAt = g.instant(t)
			}
		}
		if err := out.add(rec); err != nil {
			return err
		}
	}
	return out.flush()
}

// initialOf returns the capital of a surname's main part: "van der Meer" → "M", "'t Hart" → "H".
func initialOf(surname string) string {
	fields := strings.Fields(surname)
	main := strings.TrimLeft(fields[len(fields)-1], "'")
	if main == "" {
		return "X"
	}
	return strings.ToUpper(string([]rune(main)[:1]))
}
