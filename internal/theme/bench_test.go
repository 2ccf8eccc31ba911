package theme

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/text"
)

// benchComments are comments of the kinds customers write, Dutch and English, with commas,
// fixed expressions and quoted terms' words among them, cycled through.
var benchComments = []struct{ text, lang string }{
	{"Top service, snel geholpen!", "nl"},
	{"Pakket is na twee weken nog steeds niet geleverd en niemand reageert op mijn mails", "nl"},
	{"Goed product maar de levering duurde veel te lang", "nl"},
	{"Snel bezorgd, dat scheelt. Met vriendelijke groet, Jan", "nl"},
	{"Heel vriendelijke medewerker aan de telefoon, probleem binnen 5 minuten opgelost", "nl"},
	{"Ik ben erg bezorgd over de kwaliteit, het is duidelijk te laat", "nl"},
	{"Great service, the refund arrived within two days. Thanks!", "en"},
	{"I've been on hold for 45 minutes and still no answer, this is ridiculous", "en"},
	{"A friend recommended you, very user friendly site and clear communication", "en"},
	{"The product is fine but delivery was slow", "en"},
}

// BenchmarkMatch reads the built-in themes of comments one after another, as the engine does
// for each text it applies (text.Words, then Match). It reports comments/s.
func BenchmarkMatch(b *testing.B) {
	tx := Builtin()
	words := make([][]text.Word, len(benchComments))
	for i, c := range benchComments {
		words[i] = text.Words(c.text, c.lang)
	}
	b.ReportAllocs()
	var sink Set
	for i := 0; i < b.N; i++ {
		c := benchComments[i%len(benchComments)]
		sink |= tx.Match(words[i%len(words)], c.lang)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "comments/s")
	if sink == 0 {
		b.Fatal("no theme in any comment")
	}
}
