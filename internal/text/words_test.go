package text

import (
	"slices"
	"testing"
)

// TestWords: each word as written, lower-cased, with its stem (Snowball Dutch: levering → lever
// by the ending -ing; steeds → steed by -s after a consonant, then sted by undoubling ee before
// a consonant), "" for the stop words of the nlp.js list (is, nog, niet) and for numbers, the
// pronoun jullie marked as a function word, and the first word after a sentence's end marked, as
// is the first after a comma or a dash (a pause; "e" of e-mail is a stop word).
func TestWords(t *testing.T) {
	type w = Word
	cases := []struct {
		name, in, lang string
		want           []Word
	}{
		{"a pronoun and stop words between stems", "Jullie levering is nog steeds niet bezorgd!", Dutch, []Word{
			{Written: "jullie", Stem: "jullie", Function: true}, {Written: "levering", Stem: "lever"}, {Written: "is"},
			{Written: "nog"}, {Written: "steeds", Stem: "sted"}, {Written: "niet"}, {Written: "bezorgd", Stem: "bezorgd"}}},
		{"a question ends a sentence; a number has no stem", "Waar blijft het? 3 pakketten", Dutch, []Word{
			{Written: "waar", Stem: "war", Function: true}, {Written: "blijft", Stem: "blijft"}, {Written: "het"},
			{Written: "3", Opens: true}, {Written: "pakketten", Stem: "pakket"}}},
		{"English contractions", "Isn't it delayed? Us too", English, []Word{
			{Written: "isn't", Stem: "isn't", Function: true}, {Written: "it"}, {Written: "delayed", Stem: "delay"},
			{Written: "us", Stem: "us", Function: true, Opens: true}, {Written: "too"}}},
		{"emoji and marks are no words", "👍 Top, (echt)", Dutch, []Word{
			{Written: "top", Stem: "top"}, {Written: "echt", Stem: "echt", Opens: true}}},
		{"a comma or a dash is a pause, a hyphen within a word none", "Snel bezorgd, dat scheelt – e-mail", Dutch, []Word{
			{Written: "snel", Stem: "snel"}, {Written: "bezorgd", Stem: "bezorgd"}, {Written: "dat", Pause: true},
			{Written: "scheelt", Stem: "scheelt"}, {Written: "e", Pause: true}, {Written: "mail", Stem: "mail"}}},
		{"an aside between commas is no word of its clause, which goes on after it", "Ik ben, eerlijk gezegd, bezorgd", Dutch, []Word{
			{Written: "ik"}, {Written: "ben"}, {Written: "bezorgd", Stem: "bezorgd"}}},
		{"an aside that ends its sentence stays, as do words between commas that are none", "Ik ben, zoals gezegd, bezorgd, eerlijk gezegd", Dutch, []Word{
			{Written: "ik"}, {Written: "ben"}, {Written: "zoals", Stem: "zoal", Pause: true}, {Written: "gezegd", Stem: "gezegd"},
			{Written: "bezorgd", Stem: "bezorgd", Pause: true}, {Written: "eerlijk", Stem: "eerlijk", Pause: true}, {Written: "gezegd", Stem: "gezegd"}}},
		{"an aside before a word that opens a clause keeps the break", "Snel bezorgd, eerlijk gezegd, dat scheelt", Dutch, []Word{
			{Written: "snel", Stem: "snel"}, {Written: "bezorgd", Stem: "bezorgd"}, {Written: "dat", Pause: true},
			{Written: "scheelt", Stem: "scheelt"}}},
		{"an English aside before and", "Delivered fast, to be honest, and well packed", English, []Word{
			{Written: "delivered", Stem: "deliv"}, {Written: "fast", Stem: "fast"}, {Written: "and", Pause: true},
			{Written: "well"}, {Written: "packed", Stem: "pack"}}},
		{"an English aside", "The parcel was, to be honest, lost", English, []Word{
			{Written: "the"}, {Written: "parcel", Stem: "parcel"}, {Written: "was"}, {Written: "lost", Stem: "lost"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Words(c.in, c.lang)
			if !slices.Equal(got, c.want) {
				t.Errorf("Words(%q)\n got %+v\nwant %+v", c.in, got, c.want)
			}
			// The stems are those Stems gives, in order.
			var stems []string
			for _, x := range got {
				if x.Stem != "" {
					stems = append(stems, x.Stem)
				}
			}
			if want := Stems(c.in, c.lang); !slices.Equal(stems, want) {
				t.Errorf("stems %q, Stems gives %q", stems, want)
			}
		})
	}
}

// TestFunctionWord: the pronouns customers use to address the company, auxiliaries and question
// words are no terms; content verbs and nouns are.
func TestFunctionWord(t *testing.T) {
	for _, c := range []struct {
		word, lang string
		want       bool
	}{
		{"jullie", Dutch, true}, {"jij", Dutch, true}, {"jouw", Dutch, true}, {"onze", Dutch, true},
		{"m'n", Dutch, true}, {"wordt", Dutch, true}, {"waar", Dutch, true}, {"wanneer", Dutch, true},
		{"zegt", Dutch, false}, {"pakket", Dutch, false}, {"levering", Dutch, false},
		{"us", English, true}, {"i'm", English, true}, {"won't", English, true}, {"wont", English, true},
		{"says", English, false}, {"parcel", English, false}, {"jullie", English, false},
	} {
		if got := FunctionWord(c.word, c.lang); got != c.want {
			t.Errorf("FunctionWord(%q, %s) = %v, want %v", c.word, c.lang, got, c.want)
		}
	}
}
