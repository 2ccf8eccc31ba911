package demo

// The story month's texts (story.go): customers whose parcel {carrier} delayed. Most name the
// carrier and say "vertraagd", "nog steeds niet bezorgd", "pakket" or "levering", as customers
// do; some blame the shop without naming anyone.

// carrierCSATTexts comment on a conversation about a delayed parcel: the delay, and how the
// team handled it.
var carrierCSATTexts = pool{
	nl: [3][]string{
		negative: {
			"Pakket is vertraagd bij {carrier} en niemand kan me zeggen wanneer het komt.",
			"Nog steeds niet bezorgd. {carrier} zegt 'vertraagd', jullie zeggen 'even geduld'.",
			"Al negen dagen wachten op mijn pakket. {carrier} is onbereikbaar.",
			"Mijn levering is vertraagd en ik krijg alleen standaardantwoorden.",
			"Track & trace van {carrier} staat al een week op 'in sorteercentrum'.",
			"Pakket nog steeds niet bezorgd, ik had het nodig voor mijn vakantie!",
			"Waarom werken jullie nog met {carrier}? Tweede keer vertraagd deze maand.",
			"Levering vertraagd, geen bericht gekregen, zelf moeten navragen.",
			"{carrier} heeft mijn pakket 'niet kunnen bezorgen' terwijl ik de hele dag thuis was.",
			"Klantenservice schuift het af op {carrier}, {carrier} op jullie. Ik heb niets.",
			"Pakket zoekgeraakt bij {carrier}, en ik moet twee weken wachten op onderzoek.",
			"Beloofd dat het vandaag bezorgd zou worden. Weer niet. Vertraagd.",
			"Vertraging bij {carrier} 'buiten onze macht'? Jullie kiezen die vervoerder zelf.",
			"Nog steeds geen pakket, nog steeds geen antwoord. Slecht.",
			"Mijn pakske is al tien dagen onderweg met {carrier}. Belachelijk.",
			"Levering vertraagd en nu moet ik zelf achter {carrier} aan bellen?",
			"Drie keer gebeld over mijn vertraagde pakket, drie verschillende verhalen.",
			"Cadeau te laat door de vertraagde levering. Heel teleurstellend 😞",
			"{carrier} zegt bezorgd, maar er is niets bezorgd.",
			"Ik wil gewoon weten waar mijn pakket is!",
			"Vijf keer de track & trace ververst, {carrier} meldt alleen 'vertraging'.",
			"Jullie zeggen dat het pakket onderweg is, {carrier} zegt dat ze het nooit ontvangen hebben.",
			"Bestelling van twee weken geleden, nog steeds niet bezorgd. Geen oplossing geboden.",
			"Geen enkele excuses voor de vertraagde levering. Jammer.",
			"Mijn levering is vertraagd en de chat zegt alleen 'wij kunnen niets doen'.",
			"Nieuw pakket beloofd, ook dat zit vast bij {carrier}.",
			"Ik betaal voor verzending en krijg een pakket dat een week te laat komt.",
			"Het pakket is nog steeds niet bezorgd en nu is de actieprijs verlopen.",
			"Elke dag 'morgen bezorgd', al een week lang.",
			"Eerst vertraagd, toen beschadigd geleverd. Top {carrier}.",
		},
		neutral: {
			"Pakket was vertraagd door {carrier}, de klantenservice deed wel haar best.",
			"Nog steeds niet bezorgd, maar ik ben tenminste op de hoogte gehouden.",
			"Levering vertraagd, wel netjes een nieuwe datum gekregen.",
			"Uiteindelijk toch bezorgd, een week later dan gepland.",
			"Vriendelijk geholpen, al kunnen jullie niets aan {carrier} doen blijkbaar.",
			"Het pakket kwam, de vertraging bij {carrier} was wel vervelend.",
			"Redelijk geholpen met mijn vertraagde pakket, geen excuses gehad wel.",
			"Antwoord was netjes, maar mijn pakket is nog steeds vertraagd.",
			"Ze hebben {carrier} gebeld voor me, het pakket komt nu maandag.",
			"Begrip getoond voor de vertraging, een oplossing had ik liever gehad.",
			"Prima contact, de bezorging zelf was een drama.",
			"Uitleg over de vertraging bij {carrier} was duidelijk, leuk is anders.",
			"Het is goedgekomen, al was het pakket vijf dagen te laat.",
			"Medewerker kon weinig doen aan de levering, wel vriendelijk.",
		},
		positive: {
			"Pakket was vertraagd bij {carrier}, maar {agent} stuurde meteen een nieuw pakket. Top!",
			"Ondanks de vertraging bij {carrier} goed geholpen, verzendkosten terug gekregen.",
			"Fijn dat jullie zelf contact opnamen over de vertraagde levering.",
			"Vertraagd pakket, maar {agent} hield me elke dag op de hoogte. Complimenten.",
			"Levering liep vertraging op, maar de oplossing was snel en netjes.",
			"Niet jullie schuld dat {carrier} achterloopt, wel fijn hoe jullie het oplosten.",
			"Verzendkosten terugbetaald voor het late pakket, netjes.",
			"Snelle reactie op mijn vraag over de vertraagde levering, dank.",
			"{agent} heeft bij {carrier} nagevraagd waar mijn pakket bleef. Super.",
			"Pakket opnieuw verstuurd met een andere bezorger, de volgende dag binnen!",
			"Goed geholpen, ik mocht mijn fiets alsnog in de winkel ophalen.",
			"Ondanks de vertraging voelde ik me serieus genomen.",
			"Kortingscode gekregen voor het vertraagde pakket, dat waardeer ik.",
			"Eerlijk verteld wat er aan de hand was met de bezorging. Fijn.",
		},
	},
	en: [3][]string{
		negative: {
			"My parcel is delayed with {carrier} and nobody can tell me when it will arrive.",
			"Still not delivered. {carrier} tracking hasn't moved in a week.",
			"Delivery delayed again and all I get are canned replies.",
			"{carrier} says delivered. It wasn't.",
			"Support blames {carrier}, {carrier} blames you. I still have no parcel.",
			"Nine days waiting for a parcel with next-day delivery.",
			"Still no parcel and still no answer from support.",
			"Tracking says 'delayed' every single day.",
			"No apology for the late delivery, nothing.",
		},
		neutral: {
			"Parcel delayed by {carrier}, but support kept me informed.",
			"Arrived a week late. The agent was friendly at least.",
			"Friendly reply, but my delivery is still delayed.",
			"They chased {carrier} for me, parcel arrives Monday now.",
		},
		positive: {
			"{carrier} lost my parcel but {agent} sent a new one right away. Great!",
			"Delivery was delayed, but you refunded the shipping without asking.",
			"Reshipped with another courier, arrived the next day. Thanks!",
			"Kept me posted about the delayed parcel every day 👍",
			"Honest about the delivery problems, and quick to fix it.",
		},
	},
}

// carrierNPSTexts comment on the shop by customers whose parcel was delayed.
var carrierNPSTexts = pool{
	nl: [3][]string{
		negative: {
			"Mijn laatste pakket is nog steeds niet bezorgd. Zo raad ik jullie niet aan.",
			"Levering vertraagd, twee weken op mijn bestelling gewacht.",
			"Met {carrier} als bezorger weet je nooit wanneer je pakket komt.",
			"Kies een andere vervoerder, {carrier} is een ramp.",
			"Bestelling vertraagd, geen excuses, geen compensatie.",
			"Ooit goed, nu wacht je weken op je levering.",
			"Pakket kwijt bij {carrier}, en De Spaak doet er niets aan.",
			"Alles vertraagd deze maand. Ik bestel voorlopig ergens anders.",
			"Levering is waardeloos sinds jullie met {carrier} werken.",
			"Vertraagd, vertraagd, vertraagd. Nog steeds geen fiets.",
			"Twee keer een vertraagde levering op rij, ik ben er klaar mee.",
			"Leuke fietsen, maar wat heb je eraan als je pakket nooit komt?",
			"Drie weken op een bestelling wachten, dat is geen service meer.",
			"Sinds de laatste bestelling vertrouw ik de levering niet meer.",
			"Pakket eerst vertraagd, daarna kwijt. Nee, dit raad ik niemand aan.",
			"De Spaak moet echt iets aan de bezorging doen.",
		},
		neutral: {
			"Goede fietsen, maar mijn laatste levering was flink vertraagd.",
			"Normaal prima, alleen nu een pakket dat een week vertraagd was.",
			"Ik blijf klant, mits {carrier} weer op tijd gaat bezorgen.",
			"Prima winkel, de bezorging via {carrier} is het zwakke punt.",
			"Mijn pakket kwam uiteindelijk, maar wel veel te laat.",
			"Fiets is goed, de bezorging deze keer niet.",
			"Ik twijfel nu, na dat vertraagde pakket.",
		},
		positive: {
			"Ondanks het vertraagde pakket heel goed opgelost, ik blijf fan.",
			"Levering was vertraagd door {carrier}, maar jullie service maakte het goed.",
			"Pakket te laat, maar wel meteen compensatie gekregen. Netjes.",
			"Ook als het misgaat met de levering lossen ze het op. Aanrader.",
		},
	},
	en: [3][]string{
		negative: {
			"My last order is still not delivered. Can't recommend you right now.",
			"{carrier} is a disaster, please switch carriers.",
			"Waited two weeks for a delayed delivery, no apology.",
			"Parcel lost by {carrier}, and the shop doesn't seem to care.",
			"Three weeks for a delivery. Not again.",
		},
		neutral: {
			"Good bikes, but my last delivery was badly delayed.",
			"Usually fine, this time the parcel came a week late.",
			"Good shop, terrible courier.",
		},
		positive: {
			"Delivery was delayed, but you made up for it. Still a fan.",
			"Late parcel, but they handled it brilliantly.",
		},
	},
}

// carrierMentionTexts are public posts about delayed parcels in the story month.
var carrierMentionTexts = pool{
	nl: [3][]string{
		negative: {
			"@DeSpaak waar blijft mijn pakket? {carrier} zegt al 4 dagen 'vertraagd' 😤",
			"Nog steeds niet bezorgd. Dank je wel {carrier} en @DeSpaak 🙃",
			"Wie heeft er ook een pakket van De Spaak dat vastzit bij {carrier}?",
			"1 ster. Levering vertraagd, geen bericht, geen excuses.",
			"Tweede week wachten op mijn fiets. {carrier} weet van niks. #vertraagd",
			"{carrier} heeft mijn pakket 'bezorgd' bij een adres dat niet bestaat 🤡",
			"Kan @DeSpaak eens stoppen met {carrier}? Elke bestelling vertraagd.",
			"Pakket al 8 dagen 'onderweg'. Wat is er aan de hand bij {carrier}??",
			"Bestelling voor mijn dochters verjaardag nog steeds niet bezorgd. Bedankt hoor.",
			"@DeSpaak jullie klantenservice zegt 'even geduld', {carrier} zegt 'neem contact op met de afzender'. Top.",
			"Levering vertraagd en niemand neemt de telefoon op. Twee sterren.",
			"Mijn pakske zit al een week vast bij {carrier}. Ambetant!",
			"Zo, al drie beloofde bezorgdagen voorbij. #{carrier} #vertraagd",
			"Pakket van @DeSpaak 'bezorgd' volgens {carrier}. Niet bij mij in elk geval.",
			"Wanneer wordt mijn pakket nou eens bezorgd? Nog steeds niks. @DeSpaak",
			"Vertraagde levering, slechte communicatie. Eén ster voor De Spaak.",
			"Halve maand later en nog steeds niet bezorgd. {carrier} 👎",
			"Iedereen klaagt over {carrier}, waarom werkt De Spaak er nog mee?",
		},
		neutral: {
			"Iemand anders ook vertraging bij {carrier} deze maand?",
			"Pakket van De Spaak eindelijk binnen, een week te laat maar goed.",
			"@DeSpaak is er een probleem met de levering? Mijn pakket is vertraagd.",
		},
		positive: {
			"{carrier} was traag, maar @DeSpaak stuurde me zelf een update en kortingscode. Netjes!",
			"Pakket was vertraagd, maar De Spaak loste het top op. Respect.",
		},
	},
	en: [3][]string{
		negative: {
			"@DeSpaak where is my parcel? {carrier} has said 'delayed' for five days.",
			"Still not delivered. {carrier} tracking hasn't moved in a week 😤",
			"Anyone else waiting forever on a De Spaak order with {carrier}?",
			"Delayed, delayed, delayed. Where is my order @DeSpaak?",
			"One star. Parcel still not delivered after two weeks.",
		},
		neutral: {
			"Is {carrier} having problems this month? Parcel delayed again.",
		},
		positive: {
			"Parcel delayed by {carrier}, but @DeSpaak handled it really well.",
		},
	},
}
