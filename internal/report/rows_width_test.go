package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// TestRowsPDFFiguresOnOneLine: Werkvoorraad's table of teams prints an age of a year ("365 d 5 u",
// 365·86400 + 5·3600 s) on one line and its heading "Niet toegewezen" without cutting a word;
// the figure columns were 16 and 14 mm wide, which wrapped "u" under "365 d 5" and printed
// "toegew" over "ezen".
func TestRowsPDFFiguresOnOneLine(t *testing.T) {
	sec := Section{Title: "Nu open · Per team", Cols: []Col{{Heading: "Team", Kind: KindText},
		{Heading: "Open", Kind: KindCount}, {Heading: "Niet toegewezen", Kind: KindCount}, {Heading: "Oudste", Kind: KindAge}}}
	for _, team := range []string{"Klachten", "Support NL"} {
		sec.Rows = append(sec.Rows, []Cell{Text(team), Count(570), Count(0), Num(365*86400 + 5*3600)})
	}
	var b bytes.Buffer
	x := &Export{Title: "klantpuls · Werkvoorraad", Lang: Dutch, Currency: "EUR", From: "2026-11-01", To: "2026-12-01",
		Timezone: "Europe/Amsterdam", Sections: []Section{sec}}
	if err := PDF(&b, x); err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, b.Bytes())
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		lines = append(lines, pdftest.Squeeze(l))
	}
	all := "\n" + strings.Join(lines, "\n") + "\n"
	for _, want := range []string{"Support NL 570 0 365 d 5 u\n", "toegewezen"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q on one line in:\n%s", want, text)
		}
	}
}

// TestRowsPDFWordsWhole: Feedback's list prints its short text columns' words whole — the
// headings "Medewerker" and "Klantnummer", a customer "C016724", a channel "social media", a
// label "Negatief" — beside a wide column of comments, which takes the room that is left; they
// were printed as "Medew"/"erker", "C0167"/"24" and "Negati"/"ef".
func TestRowsPDFWordsWhole(t *testing.T) {
	sec := Section{Title: "Opmerkingen en vermeldingen", Cols: []Col{{Heading: "Datum", Kind: KindText},
		{Heading: "Enquête", Kind: KindText}, {Heading: "Score", Kind: KindCount},
		{Heading: "Tekst", Kind: KindText, Wide: true}, {Heading: "Kanaal", Kind: KindText},
		{Heading: "Medewerker", Kind: KindText}, {Heading: "Klantnummer", Kind: KindText},
		{Heading: "Ticket", Kind: KindText}, {Heading: "Sentiment", Kind: KindText}, {Heading: "Beantwoord", Kind: KindText}}}
	for range 3 {
		sec.Rows = append(sec.Rows, []Cell{Text("30 nov 2026 21:24"), Text("Trustpilot"), Count(3),
			Text("PakketExpres kwam netjes, alleen de track & trace liep achter."), Text("social media"),
			Text("Martijn"), Text("C016724"), Text("T0048727"), Text("Negatief"), Text("ja")})
	}
	var b bytes.Buffer
	x := &Export{Title: "klantpuls · Feedback", Lang: Dutch, Currency: "EUR", From: "2026-11-01", To: "2026-12-01",
		Timezone: "Europe/Amsterdam", Sections: []Section{sec}}
	if err := PDF(&b, x); err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, b.Bytes())
	words := map[string]bool{}
	for _, w := range strings.Fields(text) {
		words[w] = true
	}
	for _, want := range []string{"Enquête", "Medewerker", "Klantnummer", "Sentiment", "Beantwoord", "Trustpilot",
		"social", "media", "Martijn", "C016724", "T0048727", "Negatief", "PakketExpres"} {
		if !words[want] {
			t.Errorf("%q is not printed whole:\n%s", want, text)
		}
	}
}
