package text

import (
	"testing"
)

// benchComments are comments of the lengths and kinds customers write (a few words to a few
// sentences; praise, complaints, questions, emoji, Flemish, English), cycled through.
var benchComments = []struct{ text, lang string }{
	{"Top service, snel geholpen!", "nl"},
	{"Pakket is na twee weken nog steeds niet geleverd en niemand reageert op mijn mails", "nl"},
	{"Goed product maar de levering duurde veel te lang", "nl"},
	{"Wanneer wordt mijn bestelling verzonden?", "nl"},
	{"Heel vriendelijke medewerker aan de telefoon, probleem binnen 5 minuten opgelost 👍", "nl"},
	{"Nooit meer. Drie keer gebeld, drie keer een ander verhaal.", "nl"},
	{"Da's nie goe, ne maand zonder internet en ge moet nog volledig betalen", "nl"},
	{"Niet slecht voor die prijs, alleen de verpakking was beschadigd", "nl"},
	{"Fantastische service weer, de chat sluit precies als ik aan de beurt ben 🙄", "nl"},
	{"ok", "nl"},
	{"Great service, the refund arrived within two days. Thanks!", "en"},
	{"I've been on hold for 45 minutes and still no answer, this is ridiculous", "en"},
	{"Could you add an option to pick a delivery time?", "en"},
	{"The product is fine but delivery was slow", "en"},
	{"Love how the \"express\" shipping took nine days. Very impressive.", "en"},
	{"Het kattenvoer komt altijd precies op tijd en de bezorgers zijn superaardig. Bij de laatste bestelling ontbrak één zak, maar dat werd dezelfde dag nog opgelost. Zo hoort het!", ""},
}

// BenchmarkScore scores comments one after another on one core, as the write path does (make
// bench runs it a million times: issue 13 allows 60 s for 1M comments on 2 cores). It reports
// comments/s; the language is detected for the comments that name none.
func BenchmarkScore(b *testing.B) {
	b.ReportAllocs()
	sink := 0.0
	for i := 0; i < b.N; i++ {
		c := benchComments[i%len(benchComments)]
		sink += Score(c.text, c.lang)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "comments/s")
	if sink > float64(b.N) {
		b.Fatal("impossible sum")
	}
}

// BenchmarkStems is the themes' side: the stems of each comment, stop words out.
func BenchmarkStems(b *testing.B) {
	b.ReportAllocs()
	n := 0
	for i := 0; i < b.N; i++ {
		c := benchComments[i%len(benchComments)]
		n += len(Stems(c.text, c.lang))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "comments/s")
}
