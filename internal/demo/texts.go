package demo

import (
	"math/rand/v2"
	"strings"
)

// Moods of a comment or mention, indexing the text pools.
const (
	negative = iota
	neutral
	positive
)

// pool holds texts per mood, in Dutch and English. A few texts carry <, >, & and quotes on
// purpose: customers type them, and the dashboard must show them as text, not markup.
type pool struct{ nl, en [3][]string }

// pick draws a text of a mood; "{agent}" becomes the agent's name, or the team when unknown.
func (p *pool) pick(r *rand.Rand, mood int, english bool, agentName string) string {
	texts := p.nl[mood]
	if english {
		texts = p.en[mood]
	}
	s := texts[r.IntN(len(texts))]
	if strings.Contains(s, "{agent}") {
		if agentName == "" {
			agentName = "de klantenservice"
		}
		s = strings.ReplaceAll(s, "{agent}", agentName)
	}
	return s
}

// csatTexts comment on one conversation with the service team.
var csatTexts = pool{
	nl: [3][]string{
		negative: {
			"Pakket kwam twee dagen te laat.",
			"Drie keer gemaild voordat iemand reageerde.",
			"Nog steeds geen terugbetaling ontvangen.",
			"Ik word steeds doorverwezen, niemand voelt zich verantwoordelijk.",
			"Verkeerde maat geleverd en nu moet ik zelf de retour betalen?!",
			"Fiets kwam beschadigd aan, de afhandeling duurt veel te lang.",
			"Chat werd halverwege afgebroken.",
			"Betaling twee keer afgeschreven & nog steeds geen reactie.",
			"Standaardantwoord gekregen dat niets met mijn vraag te maken had.",
			"Jullie \"binnen 24 uur antwoord\" bestaat blijkbaar alleen op de website.",
			"Kan niet inloggen en de link om mijn wachtwoord te herstellen werkt niet.",
			"Onderdeel is na een week alweer kapot.",
			"Ik kreeg een mail die begon met \"Beste <voornaam>\". Serieus?",
			"Track & trace zegt al vijf dagen 'onderweg'.",
			"Slecht bereikbaar, 25 minuten in de wacht gestaan.",
		},
		neutral: {
			"Uiteindelijk opgelost, maar het duurde wel even.",
			"Antwoord was oké, maar ik moest twee keer mijn ordernummer doorgeven.",
			"Redelijk geholpen.",
			"Prima, al had ik liever gebeld dan gemaild.",
			"Vriendelijk, maar het retourproces is omslachtig.",
			"Het is opgelost, maar pas na een tweede mail.",
			"Levering binnen <3 werkdagen beloofd, het werden er vijf.",
			"Gaat wel. Antwoord klopte, de toon was wat kortaf.",
		},
		positive: {
			"Snel geholpen, top!",
			"Heel vriendelijk en duidelijk antwoord.",
			"Binnen een uur opgelost, dank jullie wel.",
			"Fijne chat, meteen geholpen met mijn retour.",
			"Super service, de nieuwe band was de volgende dag al binnen.",
			"Netjes opgelost en goed uitgelegd.",
			"Prima geholpen, retourlabel direct ontvangen.",
			"Complimenten voor {agent}, erg behulpzaam!",
			"Duidelijke uitleg over de garantie, dank!",
			"Vlot en vriendelijk, zo hoort het.",
			"Eindelijk een webshop die gewoon reageert 👍",
			"Snelle terugbetaling, bedankt.",
			"Klantvriendelijk & snel, zo kan het ook!",
			"Heel fijn dat ik \"gewoon\" meteen iemand aan de lijn kreeg.",
			"{agent} dacht echt met me mee over de juiste framemaat.",
			"Goed geholpen met het afstellen van mijn versnellingen.",
		},
	},
	en: [3][]string{
		negative: {
			"Parcel arrived two days late.",
			"Still waiting for my refund.",
			"Nobody answered my emails for days.",
			"Wrong size delivered, and I have to pay for the return?",
			"Got a canned reply that didn't answer my question.",
		},
		neutral: {
			"Okay, but it took a while.",
			"Fine, although I had to explain everything twice.",
			"Solved in the end. Communication could be better.",
		},
		positive: {
			"Great service, thanks!",
			"Quick and friendly help.",
			"Sorted out in minutes, very happy.",
			"Helpful agent & fast refund.",
			"{agent} was super helpful, thank you!",
		},
	},
}

// npsTexts comment on the shop as a whole.
var npsTexts = pool{
	nl: [3][]string{
		negative: {
			"Na mijn klacht nooit meer iets gehoord.",
			"Te duur en de klantenservice is traag.",
			"Levering klopt vaak niet.",
			"Retourneren is een drama.",
			"Vroeger beter. Nu lange levertijden & weinig voorraad.",
		},
		neutral: {
			"Prima winkel, maar de levertijden kunnen beter.",
			"Goede producten, verzendkosten zijn wat hoog.",
			"Oké, niets bijzonders.",
			"Fietsen zijn goed, de website is soms traag.",
		},
		positive: {
			"Mooie fietsen en goede service, raad ik iedereen aan.",
			"Al jaren klant, altijd tevreden.",
			"Snelle levering en scherpe prijzen.",
			"Goede service & veel keus.",
			"De werkplaats is top, mijn fiets rijdt weer als nieuw.",
		},
	},
	en: [3][]string{
		negative: {"Service went downhill this year.", "Too expensive for what you get."},
		neutral:  {"Good products, shipping is pricey.", "Decent shop, nothing special."},
		positive: {"Love the shop, great bikes.", "Best bike shop I know, highly recommended!"},
	},
}

// cesTexts comment on how much effort a chat took.
var cesTexts = pool{
	nl: [3][]string{
		negative: {"Moest alles drie keer uitleggen.", "Veel te veel stappen om een retour aan te melden."},
		neutral:  {"Ging redelijk, wel eerst langs de chatbot.", "Viel mee."},
		positive: {"Makkelijk geregeld via de chat.", "Binnen vijf minuten klaar.", "Supermakkelijk, dank!"},
	},
	en: [3][]string{
		negative: {"Way too much back and forth."},
		neutral:  {"It was okay."},
		positive: {"Easy, done in five minutes."},
	},
}

// rerateTexts explain a changed rating: the customer came back after a follow-up.
var rerateTexts = pool{
	nl: [3][]string{
		negative: {"Helaas, het probleem is toch niet opgelost.", "Update: de vervanging is ook kapot."},
		neutral:  {"Inmiddels geleverd, maar het heeft lang geduurd."},
		positive: {"Na een telefoontje van {agent} toch netjes opgelost, daarom een hogere score.",
			"Update: pakket is inmiddels binnen, dank!"},
	},
	en: [3][]string{
		negative: {"Update: the problem is back."},
		neutral:  {"Arrived in the end, but it took long."},
		positive: {"Update: sorted out after a call, thanks!"},
	},
}

// mentionTexts are public posts and reviews about the shop.
var mentionTexts = pool{
	nl: [3][]string{
		negative: {
			"Al twee weken wachten op mijn terugbetaling @DeSpaak 😡",
			"Klantenservice reageert niet op mijn mails. Slecht!",
			"Fiets beschadigd geleverd, nu al drie mails verder...",
			"Telefonisch onbereikbaar, >30 min in de wacht.",
			"Bestelling geannuleerd zonder bericht. Wat is dit voor service?",
			"1 ster. Verkeerde fiets geleverd & niemand die het oplost.",
		},
		neutral: {
			"Iemand ervaring met de stadsfietsen van De Spaak?",
			"Bestelling onderweg, benieuwd.",
			"Prima webshop, niet de goedkoopste.",
			"Levering was op tijd, verpakking kon beter.",
		},
		positive: {
			"Vandaag mijn nieuwe e-bike opgehaald bij De Spaak, wat een service! 🚲",
			"Snelle levering, goed verpakt. Aanrader!",
			"De klantenservice van De Spaak denkt echt mee. 5 sterren.",
			"Binnen 24 uur in huis & perfect afgesteld.",
			"Fietsenwinkel De Spaak <3 wat een fijne mensen.",
			"Garantie zonder gedoe geregeld. Top!",
		},
	},
	en: [3][]string{
		negative: {"Ordered a helmet 10 days ago, still nothing. @DeSpaak?",
			"Terrible support, no reply for a week."},
		neutral:  {"Anyone tried De Spaak's cargo bikes?", "Delivery on time, nothing more to say."},
		positive: {"Great bike shop, fast delivery!", "Friendly staff & quick repairs. Recommended."},
	},
}
