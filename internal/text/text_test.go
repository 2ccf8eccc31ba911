package text

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/klantpuls/klantpuls/internal/metric"
)

func TestTokenize(t *testing.T) {
	cases := []struct {
		in   string
		want []string // words as text, marks as [.] [,] [!], emoji as themselves
	}{
		{"Zo'n SLECHTE service!!", []string{"zo'n", "slechte", "service", "[!]", "[!]"}},
		{"I can't and don't", []string{"i", "can't", "and", "don't"}},
		{"'t Is goed, 's avonds ook", []string{"'t", "is", "goed", "[,]", "'s", "avonds", "ook"}},
		{"Top😍😍 👍🏽", []string{"top", "😍", "😍", "👍"}},
		{"Blij :) maar :( om 12:30", []string{"blij", ":)", "maar", ":(", "om", "12", "[.]", "30"}},
		{"de 'snelle' levering", []string{"de", "snelle", "levering"}},
		{"e-mail - niks", []string{"e", "mail", "[,]", "niks"}},
		{"Wachten… en wachten?", []string{"wachten", "en", "wachten", "[?]"}},
		{"klanten’ service", []string{"klanten", "service"}},
		{"ÉÉN keer", []string{"één", "keer"}},
		// The variation selector after ❤ (U+FE0F, "show as emoji") is a mark of the emoji
		// before it, not a word: it made an invisible word of its own.
		{"Top ❤️ ⭐️⭐️", []string{"top", "❤", "⭐", "⭐"}},
		// A decomposed é (e and U+0301) stays one word.
		{"Prima cafe\u0301", []string{"prima", "cafe\u0301"}},
	}
	var z tokenizer
	for _, c := range cases {
		var got []string
		for _, tk := range z.tokenize(c.in) {
			switch tk.kind {
			case word, emoji:
				got = append(got, tk.text)
			case boundary:
				got = append(got, "[.]")
			case comma:
				got = append(got, "[,]")
			case bang:
				got = append(got, "[!]")
			case qmark:
				got = append(got, "[?]")
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("tokenize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTokenizeFlags(t *testing.T) {
	var z tokenizer
	toks := z.tokenize(`echt SLECHT en "snel" I`)
	if !toks[1].caps || toks[0].caps || toks[4].caps {
		t.Errorf("caps: %+v (SLECHT in capitals; echt and the one letter I not)", toks)
	}
	if !toks[3].quote || toks[1].quote {
		t.Errorf("quote: %+v (only snel between quotes)", toks)
	}
	// Single quotes mark the words between them; an apostrophe that closes nothing marks none.
	toks = z.tokenize("staat op 'onderweg' sinds 't weekend, customers' rights")
	for _, tk := range toks {
		if tk.quote != (tk.text == "onderweg") {
			t.Errorf("single quotes: %q quote=%v, want only onderweg", tk.text, tk.quote)
		}
	}
}

func TestStems(t *testing.T) {
	cases := []struct {
		in, lang string
		want     []string
	}{
		// de, zijn, niet are stop words; pakketten → pakket (step 1 en, undouble tt).
		{"De pakketten zijn niet geleverd", "nl", []string{"pakket", "geleverd"}},
		// levering → lever (step 3b ing in R2); snelle → snell (step 2).
		{"Snelle levering 👍", "nl", []string{"snell", "lever"}},
		// the, were, again are stop words; Porter2: deliveries → deliveri, delayed → delay.
		{"The deliveries were delayed again", "en", []string{"deliveri", "delay"}},
		{"", "nl", nil},
		// Numbers are no words: only "dagen" (→ dag) is left of "al 12 dagen".
		{"al 12 dagen", "nl", []string{"dag"}},
		// The variation selectors of ❤️ and ✔️ are no words, so no emerging term nobody can read.
		{"Snel geleverd ✔️ ❤️", "nl", []string{"snel", "geleverd"}},
	}
	for _, c := range cases {
		if got := Stems(c.in, c.lang); !slices.Equal(got, c.want) {
			t.Errorf("Stems(%q, %q) = %q, want %q", c.in, c.lang, got, c.want)
		}
	}
}

func TestDetect(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Het pakket is nog steeds niet geleverd", Dutch},
		{"Heel vriendelijk geholpen, bedankt!", Dutch},
		{"Da's nie goe", Dutch},
		{"Top service 👍", Dutch}, // no evidence either way: Dutch, the first language
		{"", Dutch},
		{"My parcel still hasn't arrived", English},
		{"Great service, thanks!", English},
		{"The refund took three weeks", English},
		{"Why is my order late again?", English},
	}
	for _, c := range cases {
		if got := Detect(c.in); got != c.want {
			t.Errorf("Detect(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestScoreArithmetic pins the rules' numbers on texts worked by hand; weights are those of
// domain_nl.txt and domain_en.txt, the sum normalised as x/√(x²+15).
func TestScoreArithmetic(t *testing.T) {
	norm := func(x float64) float64 { return x / math.Sqrt(x*x+15) }
	cases := []struct {
		in, lang string
		want     float64
	}{
		{"goed", "nl", norm(1.5)},                         // 0.3612
		{"niet goed", "nl", norm(1.5 * -0.74)},            // negation: −0.2755
		{"heel goed", "nl", norm(1.5 * 1.4)},              // intensifier: 0.4767
		{"goed!", "nl", norm(1.5 + 0.292)},                // one !: 0.4199
		{"goed, maar traag", "nl", norm(1.5*0.5 - 2*1.5)}, // contrast: −0.5023
		{"het helpt niet", "nl", norm(-1.2)},              // helpt has no weight: an unresolved negation is a complaint
		{"Ik wil mijn adres wijzigen", "nl", 0},
		{"GOED", "nl", norm(1.5)},                   // all capitals: no emphasis
		{"goed en SNEL", "nl", norm(1.5 + 1.8*1.5)}, // capitals among lower case
		{"good", "en", norm(2)},
		{"not good", "en", norm(2 * -0.74)},
		{"good but slow", "en", norm(2*0.5 - 2*1.5)},
		{"👍", "nl", norm(2.5)},
		{"pakket niet ontvangen", "nl", norm(-2.5)}, // our phrase "niet ontvangen"
		{"wachten", "nl", norm(-1)},
		{"een probleem", "nl", norm(-1.5)},          // probleem −1.5
		{"een probleempje", "nl", norm(-1.5 * 0.5)}, // a complaint made small weighs half: −0.1901
		{"klein foutje", "nl", norm(-2 * 0.5)},      // fout −2, klein no feeling: −0.2500
		{"vlotjes", "nl", norm(2)},                  // praise made small keeps its weight (vlot 2)
	}
	for _, c := range cases {
		if got := Score(c.in, c.lang); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("Score(%q) = %.4f, want %.4f", c.in, got, c.want)
		}
	}
}

// TestScoreLabels: the behaviours the rules are for, by the label metrics.md section 4 gives.
func TestScoreLabels(t *testing.T) {
	cases := []struct{ in, lang, want string }{
		{"Niet slecht", "nl", "positive"},
		{"Geen klacht, alles prima", "nl", "positive"},
		{"Nooit meer bestellen hier", "nl", "negative"},
		{"Goed product maar de levering duurde twee weken", "nl", "negative"},
		{"Top hoor, alweer te laat 🙄", "nl", "negative"},
		{"Super snel geholpen, aanrader!", "nl", "positive"},
		{"Wanneer wordt mijn pakket geleverd?", "nl", "neutral"},
		{"Da's nie goe, wreed slecht", "nl", "negative"},
		{"Schoon gewerkt, content van de service", "nl", "positive"},
		{"Refund still not received after 3 weeks", "en", "negative"},
		{"I was on hold for an hour. Never again.", "en", "negative"},
		{"Not bad at all", "en", "positive"},
		{`Yeah right, "fast" delivery`, "en", "negative"},
		{"Can't complain, everything arrived on time", "en", "positive"},
		{"How do I change my address?", "en", "neutral"},
		{"Thanks for nothing 👏", "en", "negative"},
		// A question, with or without its ?, and a wish carry no attitude.
		{"Is het mogelijk om in termijnen te betalen?", "nl", "neutral"},
		{"is er een mogelijkheid om achteraf te betalen", "nl", "neutral"},
		{"Het zou fijn zijn als jullie ook op zondag bezorgen", "nl", "neutral"},
		{"Waarom duurt dit zo lang??", "nl", "negative"}, // ?? is a complaint
		// A maar-clause with no word of feeling is still the complaint.
		{"Mooie jas, maar de rits zat er na een week los", "nl", "negative"},
		// Time told as a complaint: al # weken; as praise: binnen # dagen.
		{"Ik wacht al drie weken op mijn terugbetaling", "nl", "negative"},
		{"Binnen 2 dagen in huis", "nl", "positive"},
		// Praise of a fact is irony when the fact is a complaint, meant when it is not.
		{"Heel attent dat de bezorger het pakket in de regen liet staan", "nl", "negative"},
		{"So nice that my parcel was left in the rain", "en", "negative"},
		{"Heel fijn dat ik meteen iemand aan de lijn kreeg", "nl", "positive"},
		{"Fijn dat jullie zelf contact opnamen", "nl", "positive"},
		{"Fijn dat jullie zo snel en vriendelijk reageerden", "nl", "positive"},
		// A concession hardly counts beside its main clause.
		{"Ondanks de vertraging goed geholpen", "nl", "positive"},
		{"Hoewel de levering traag was, ben ik erg tevreden", "nl", "positive"},
		{"Despite the delay the staff were very helpful", "en", "positive"},
		{"Although the delivery was late, I am happy with the service", "en", "positive"},
		{"Great product, slow delivery though", "en", "negative"}, // though after its clause: a contrast
		// "niet X, wel Y": the wel-clause counts.
		{"Niet de goedkoopste, wel de beste service", "nl", "positive"},
		// Too much, too little: te, too before a measure; weinig of anything.
		{"Veel te veel stappen om een retour aan te melden", "nl", "negative"},
		{"Too many forms for a simple question", "en", "negative"},
		{"Niet te duur en snel geleverd", "nl", "positive"},
		{"Weinig voorraad in de winkel", "nl", "negative"},
		// A wish is its clause's: the clause before it keeps its weight.
		{"Was bang dat het lang zou duren, maar binnen een dag geregeld", "nl", "positive"},
		// Quotes around a claim are irony; around a stressed word they are not.
		{"Track & trace zegt al dagen 'onderweg'", "nl", "negative"},
		{`Heel fijn dat ik "gewoon" meteen iemand aan de lijn kreeg`, "nl", "positive"},
		// What a text is about is named, not judged: the praise of the fact holds.
		{"Fijn dat jullie zelf contact opnamen over de vertraagde levering", "nl", "positive"},
		// A topic named with nothing said of it is a fact; said of it, it counts.
		{"Ik belde vorige week over de losse stoeptegels", "nl", "neutral"},
		{"I called about the broken fridge", "en", "neutral"},
		{"Iedereen klaagt over de bezorger", "nl", "negative"},
		// Praise of elsewhere is a complaint about here; better than elsewhere is praise.
		{"Prijzen flink omhoog gegaan, elders ben ik goedkoper uit", "nl", "negative"},
		{"Goedkoper dan bij de concurrent en snel geleverd", "nl", "positive"},
		// ?! is indignation, not a question; terwijl sets what happened against what should.
		{"Verkeerde maat geleverd en nu moet ik zelf de retour betalen?!", "nl", "negative"},
		{"Betaalherinnering gekregen terwijl ik op tijd heb overgemaakt", "nl", "negative"},
		// The praise after terwijl is the writer's own conduct, not the company's.
		{"Aanmaning ontvangen terwijl ik netjes op tijd heb betaald", "nl", "negative"},
		// Problems solved, problems told as a fact with money.
		{"Storing gemeld, na een uur werkte alles weer", "nl", "positive"},
		{"You took 89 euro from my account for a product I returned", "en", "negative"},
		{"Price raised from 120 to 210 euro without any explanation", "en", "negative"},
		// A wish word under negation is a fact denied.
		{"Nobody could tell me where my order was", "en", "negative"},
		// A niet after a phrase belongs to the verb, not to the phrase ("lukt al dagen niet").
		{"Inloggen lukt al dagen niet", "nl", "negative"},
		// Nog nooit turns the feeling after it.
		{"Ik ben nog nooit ontgoocheld geweest", "nl", "positive"},
		{"Dubbel afgeschreven en de chat is dicht. Fijn weekend zo", "nl", "negative"},
		// One word of praise that ends a complaint sums it up ironically.
		{"Pakket kwijt. Top.", "nl", "negative"},
		{"Bezorger zegt 'niemand thuis'. Top.", "nl", "negative"},
		{"Pakket beschadigd, maar binnen een dag een nieuw gestuurd. Top!", "nl", "positive"},
		// Degrees and prefixes find their word.
		{"Vriendelijker dan bij de vorige winkel", "nl", "positive"},
		{"Onvriendelijk personeel", "nl", "negative"},
		// A condition opening a sentence supposes its praise; a habit (altijd) tells it; a
		// threat keeps its complaint.
		{"Als het pakket morgen komt is het goed", "nl", "neutral"},
		{"If the parcel arrives tomorrow it is fine", "en", "neutral"},
		{"Als ik bel, helpen ze me altijd meteen vriendelijk", "nl", "positive"},
		{"If it doesn't arrive tomorrow I will be very angry", "en", "negative"},
		// Within a sentence too, before a subject (als ik); net als compares.
		{"Wil je het pakket bij de buren afgeven als ik niet thuis ben", "nl", "neutral"},
		{"Net als de vorige keer prima geholpen", "nl", "positive"},
		// A mark weighs by its place on its scale; a date is no mark.
		{"10/10", "nl", "positive"},
		{"Bezorger belde aan. 2 sterren", "nl", "negative"},
		{"1 star", "en", "negative"},
		{"Besteld op 1/5 en vandaag ontvangen", "nl", "neutral"},
		// A closing verdict that weighs both sides leaves the text neutral.
		{"Snelle levering, maar slechte verpakking. Per saldo gemiddeld", "nl", "neutral"},
		{"Gemiddeld drie weken wachten op antwoord. Slecht.", "nl", "negative"},
		// Not having to is praise, not a complaint denied.
		{"Ik hoefde niks te doen", "nl", "positive"},
		{"I didn't have to do anything", "en", "positive"},
		// Flemish.
		{"Rap geleverd en alles was in orde, content!", "nl", "positive"},
	}
	for _, c := range cases {
		if got := metric.SentimentLabel(Score(c.in, c.lang)); got != c.want {
			t.Errorf("%q: %s (%.3f), want %s", c.in, got, Score(c.in, c.lang), c.want)
		}
	}
}

func TestDomainListsLoad(t *testing.T) {
	if err := load(); err != nil {
		t.Fatal(err)
	}
	if len(nlLang.general) < 1500 || len(enLang.surface) < 3000 || len(emojis) < 50 {
		t.Errorf("lists too small: nl %d, en %d, emoji %d", len(nlLang.general), len(enLang.surface), len(emojis))
	}
}

func FuzzScore(f *testing.F) {
	for _, s := range []string{"Niet slecht!!", "nooit meer 🙄", "can't", "'t", ":-)", "\xff\xfe", strings.Repeat("heel ", 50) + "goed"} {
		f.Add(s, "nl")
		f.Add(s, "")
	}
	// An ability or an intent that ends the text: their rules look past the words they start at.
	for _, s := range []string{"could finally", "could not", "I would never buy from this shop again", "would buy", "would"} {
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, s, lang string) {
		a := Score(s, lang)
		if math.IsNaN(a) || a < -1 || a > 1 {
			t.Fatalf("Score(%q) = %v, outside [-1, 1]", s, a)
		}
		if b := Score(s, lang); b != a {
			t.Fatalf("Score(%q) = %v then %v", s, a, b)
		}
	})
}

func FuzzStems(f *testing.F) {
	for _, s := range []string{"De pakketten zijn niet geleverd", "ÉÉN beëindigen", "zo'n", "\xff", "yyy iii"} {
		f.Add(s, "nl")
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, s, lang string) {
		stems := Stems(s, lang)
		for _, st := range stems {
			if !utf8.ValidString(st) || st == "" {
				t.Fatalf("Stems(%q) has %q", s, st)
			}
		}
		// Words keeps every word in place, and the stems of those it gives one are Stems's.
		var fromWords []string
		for _, w := range Words(s, lang) {
			if !utf8.ValidString(w.Written) || w.Written == "" {
				t.Fatalf("Words(%q) has the word %q", s, w.Written)
			}
			if w.Stem != "" {
				fromWords = append(fromWords, w.Stem)
			} else if w.Function {
				t.Fatalf("Words(%q): %q is a function word without a stem", s, w.Written)
			}
		}
		if !slices.Equal(fromWords, stems) {
			t.Fatalf("Words(%q) stems %q, Stems gives %q", s, fromWords, stems)
		}
	})
}

func TestTypos(t *testing.T) {
	cases := []struct{ in, want string }{
		{"dissapointed", "negative"}, // a letter left out and one doubled: disappointed, one edit by deletion each side
		{"terible", "negative"},      // terrible less an r
		{"perfekt", "positive"},      // perfect, one letter changed
		{"profesional", "positive"},  // professional less an s
		{"number", "neutral"},        // a real word: too short a distance to anything is not guessed
		{"adress", "neutral"},        // adores less its o plus an s: two edits, not a moved double letter
	}
	for _, c := range cases {
		if got := metric.SentimentLabel(Score(c.in, "en")); got != c.want {
			t.Errorf("%q: %s, want %s", c.in, got, c.want)
		}
	}
	// Dutch guesses no typos: klopte is not klote, schade not schande.
	for _, w := range []string{"klopte", "schade"} {
		if got := Score(w, "nl"); got < -0.5 {
			t.Errorf("%q scored %.3f, as a typo of a curse", w, got)
		}
	}
}
