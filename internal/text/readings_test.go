package text

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// TestDutchReadings: Dutch sentences as a native reader takes them, each judged by hand, by the
// label metrics.md section 4 gives. A complaint denied is praise ("nergens over te klagen"); room
// for improvement is a mild complaint ("kan beter"), unless denied ("kan niet beter"); the
// readings around them must stay as they were.
func TestDutchReadings(t *testing.T) {
	for _, c := range dutchReadings() {
		if got := metric.SentimentLabel(Score(c.in, Dutch)); got != c.want {
			t.Errorf("%q: %s (%+.3f), want %s", c.in, got, Score(c.in, Dutch), c.want)
		}
	}
}

// dutchReadings are TestDutchReadings' sentences and their labels; a change of their scores is
// a change of the scorer's readings (TestScorerVersionNamesItsReadings).
func dutchReadings() []struct{ in, want string } {
	const pos, neu, neg = metric.SentimentPositive, metric.SentimentNeutral, metric.SentimentNegative
	return []struct{ in, want string }{
		// A complaint denied: no complaints at all.
		{"Nergens over te klagen", pos},
		{"Ik heb nergens over te klagen, alles was netjes geregeld", pos},
		{"Daar valt niks over te klagen", pos},
		{"Niks te klagen", pos},
		{"Niets te klagen hoor", pos},
		{"Geen klachten", pos},
		{"Tot nu toe geen klachten", pos},
		{"Geen enkele klacht over de bezorging", pos},
		{"Niets op aan te merken", pos},
		{"Helemaal niks op aan te merken!", pos},
		{"Ik kan niet klagen", pos},
		{"Nog nooit een klacht gehad", pos},
		// … but hearing nothing about it is a complaint, and so is being displeased about it.
		{"Ik heb er niets over gehoord", neg},
		{"Ik ben er niet over tevreden", neg},
		// Room for improvement: could be better.
		{"Kan beter", neg},
		{"Kan beter hoor", neg},
		{"De communicatie kan beter", neg},
		{"Kan veel beter", neg},
		{"Kan een stuk beter.", neg},
		{"Het had beter gekund", neg},
		{"Had beter gemoeten", neg},
		{"Mag beter", neg},
		{"De levering mag wel wat sneller", neg},
		{"De klantenservice mag wel wat vriendelijker", neg},
		{"Vriendelijk personeel, maar de wachttijd kan echt beter", neg},
		{"Het zou beter kunnen", neg},
		// … beside praise it is a mixed verdict, not irony of the praise.
		{"Service is goed, de website mag wat overzichtelijker", neu},
		// … denied, it is praise; told as advice or as what one can do now, it is none.
		{"Het kon niet beter", pos},
		{"Had niet beter gekund!", pos},
		{"Kan niet beter, top geregeld", pos},
		{"Het kan altijd beter, maar ik ben erg tevreden", pos},
		{"Met de nieuwe app kan ik beter zien waar mijn pakket is", neu},
		// Stay as they were.
		{"Beter dan verwacht", pos},
		{"Een stuk sneller geleverd dan de vorige keer", pos},
		{"Het pakket was stuk", neg},
		{"Stukken sneller dan de vorige keer", pos},
		{"Kan stukken beter", neg},
		{"De vaas kwam in stukken aan", neg},
		{"Niet goed", neg},
		{"Niet slecht", pos},
		{"Geen reactie gehad op mijn mail", neg},
		{"Wanneer wordt mijn pakket bezorgd?", neu},
		{"Super snel geleverd", pos},
		{"Nooit meer", neg},
		{"Niemand neemt op", neg},
		{"Geen probleem, snel opgelost", pos},
		{"Ik wil mijn adres wijzigen", neu},
		{"👍", pos},
		{"😡😡", neg},
	}
}
