package engine

import (
	"slices"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/demo"
	"github.com/klantpuls/klantpuls/internal/text"
)

// TestWhyFindsTheStory: the demo plants a cause (demo.StoryMonth: the carrier PakketExpres
// delays parcels, customers let down give low NPS and CSAT and write about the delivery), and
// the Why page must find it in that month against the month before, with no help from knowing
// it: delivery is the NPS and CSAT driver of largest impact, significantly negative; its share
// of texts rose significantly; and the carrier's name and "vertraagd" are among the five
// strongest emerging terms, shown as written ("pakketexpres", "vertraagd"), the planted "nog
// steeds niet bezorgd" as "steeds niet bezorgd" (not its stems "sted bezorgd"), and no pronoun
// among them (angry customers address the company: "jullie" rose with the story). The month
// before, which has no story, shows none of it.
func TestWhyFindsTheStory(t *testing.T) {
	e, err := demoEngine()
	if err != nil {
		t.Fatal(err)
	}
	from, to, ok := demo.StoryMonth(demo.Options{Seed: 1, Location: ams})
	if !ok {
		t.Fatal("the demo year holds no story month")
	}
	carrier, delayed := strings.ToLower(demo.StoryCarrier), "vertraagd"

	w, err := e.Why(Query{From: from, To: to, PreviousFrom: from.AddDate(0, -1, 0)}, fourHours)
	if err != nil {
		t.Fatal(err)
	}
	for _, ds := range []struct {
		name    string
		drivers []Driver
	}{{"NPS", w.NPS}, {"CSAT", w.CSAT}} {
		top := ds.drivers[0]
		if top.Factor != "theme" || top.Key != "delivery" || !top.Significant || *top.Value >= 0 {
			t.Errorf("%s: the strongest driver is %s %s (effect %v, significant %v), want delivery, significantly negative",
				ds.name, top.Factor, top.Key, deref(top.Value), top.Significant)
		}
	}
	delivery := themeFigures(w, "delivery")
	if delivery == nil || delivery.ShareChange == nil || !delivery.ShareChange.Significant || *delivery.Share <= *delivery.PrevShare {
		t.Errorf("delivery's share: %+v, want a significant rise", delivery)
	}
	top5 := emergingTerms(w, 5)
	for _, want := range []string{carrier, delayed} {
		if !slices.Contains(top5, want) {
			t.Errorf("emerging terms %v: %q not among the first five", top5, want)
		}
	}
	pronouns := []string{"jullie", "jij", "jou", "jouw", "je", "u", "uw", "ik", "mijn", "you", "your", "we", "us", "i", "my"}
	notBezorgd := false
	for _, x := range w.Emerging {
		// A term's words are its first and last (words between are those left out).
		words := strings.Fields(x.Term)
		for _, word := range []string{words[0], words[len(words)-1]} {
			if slices.Contains(pronouns, word) {
				t.Errorf("emerging term %q (%q): the pronoun %q is a term", x.Term, x.Stem, word)
			}
		}
		if x.Stem == strings.Join(text.Stems("nog steeds niet bezorgd", "nl"), " ") {
			notBezorgd = x.Term == "steeds niet bezorgd"
		}
	}
	if !notBezorgd {
		t.Errorf("emerging terms %v: \"steeds niet bezorgd\" not shown so", emergingTerms(w, len(w.Emerging)))
	}

	// The month before the story: no carrier among the emerging terms, delivery no significant
	// rise.
	before, err := e.Why(Query{From: from.AddDate(0, -1, 0), To: from, PreviousFrom: from.AddDate(0, -2, 0)}, fourHours)
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range emergingTerms(before, len(before.Emerging)) {
		if strings.Contains(term, carrier) {
			t.Errorf("the month before: %q emerging", term)
		}
	}
	if d := themeFigures(before, "delivery"); d != nil && d.ShareChange != nil && d.ShareChange.Significant && *d.Share > *d.PrevShare {
		t.Errorf("the month before: delivery rose significantly (%v → %v)", deref(d.PrevShare), deref(d.Share))
	}
}

func themeFigures(w *Why, key string) *ThemeFigures {
	for i := range w.Themes {
		if w.Themes[i].Key == key {
			return &w.Themes[i]
		}
	}
	return nil
}

func emergingTerms(w *Why, n int) []string {
	var out []string
	for i, t := range w.Emerging {
		if i == n {
			break
		}
		out = append(out, t.Term)
	}
	return out
}
