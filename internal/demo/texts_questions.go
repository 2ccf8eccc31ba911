package demo

// csatByCategory comment on a conversation about the ticket's own question, one pool per entry
// of categories, in its order: what a customer writes after asking about a delivery talks
// about the delivery.
var csatByCategory = []pool{
	{ // Levering
		nl: [3][]string{
			negative: {
				"Pakket kwam twee dagen te laat.",
				"Track & trace zegt al vijf dagen 'onderweg'.",
				"Bezorger heeft een briefje achtergelaten terwijl ik gewoon thuis was.",
				"Pakket bij de buren afgegeven zonder dat iemand het me liet weten.",
				"Levering was beloofd voor vrijdag, het werd woensdag daarna.",
				"Doos was helemaal ingedeukt en de spatbordsteun gebroken.",
				"Niemand kon me vertellen waar mijn bestelling is.",
				"Twee weken levertijd voor een binnenband? Kom op.",
				"Besteld met 'morgen in huis' en na drie dagen nog niets.",
				"Mijn pakske is nog altijd niet toegekomen, al een week.",
				"De fiets werd bij de voordeur gezet, in de regen.",
				"Levering gemist omdat het tijdvak niet klopte, nu nog een week wachten.",
			},
			neutral: {
				"Levering binnen <3 werkdagen beloofd, het werden er vijf.",
				"Pakket kwam een dag later dan gepland, verder prima.",
				"Goed product maar de levering duurde twee weken.",
				"Bezorging was oké, het tijdvak was wel erg ruim.",
				"Uiteindelijk geleverd, wel eerst zelf achteraan moeten bellen.",
				"{carrier} kwam netjes, alleen de track & trace liep achter.",
			},
			positive: {
				"Super service, de nieuwe band was de volgende dag al binnen.",
				"Besteld op maandag, dinsdag in huis. Top!",
				"Bezorger belde even van tevoren, heel fijn.",
				"Netjes verpakt en op tijd geleverd.",
				"Fiets werd thuisbezorgd en meteen afgesteld, geweldig.",
				"Snelle levering, precies binnen het tijdvak.",
				"{carrier} was keurig op tijd, goede track & trace.",
				"Levering ging sneller dan beloofd 🚲",
				"Pakket kwijt, maar binnen een dag een nieuw pakket verstuurd. Chapeau!",
				"Duidelijke info over de bezorging, alles klopte.",
			},
		},
		en: [3][]string{
			negative: {
				"Parcel arrived two days late.",
				"Tracking has said 'in transit' for a week.",
				"The courier left it with a neighbour without telling me.",
				"Box arrived crushed and the mudguard was broken.",
				"Paid for next-day delivery, it took four days.",
			},
			neutral: {
				"Delivery took a bit longer than promised, otherwise fine.",
				"Good product but the delivery took two weeks.",
				"Arrived in the end, after I chased it myself.",
			},
			positive: {
				"Ordered Monday, delivered Tuesday. Brilliant.",
				"Well packed and delivered right on time.",
				"The courier called ahead, very thoughtful.",
				"Delivery was faster than promised 🚲",
				"Clear tracking, everything arrived as expected.",
			},
		},
	},
	{ // Retour
		nl: [3][]string{
			negative: {
				"Nog steeds geen terugbetaling ontvangen.",
				"Verkeerde maat geleverd en nu moet ik zelf de retour betalen?!",
				"Retour al drie weken geleden verstuurd en nog geen geld terug.",
				"Retourlabel werkt niet en niemand reageert op mijn mail.",
				"Ze beweren dat mijn retour niet is aangekomen, ik heb het verzendbewijs!",
				"Terugbetaling was lager dan het aankoopbedrag, zonder uitleg.",
				"Veel te veel stappen om een retour aan te melden.",
				"Ruilen kon niet, alleen retour en opnieuw bestellen. Omslachtig.",
				"Terugstorting duurt nu al 14 dagen. Waar blijft mijn geld?",
				"Retourkosten van €15 voor een fout die jullie maakten.",
			},
			neutral: {
				"Vriendelijk, maar het retourproces is omslachtig.",
				"Geld terug, alleen duurde het wel tien dagen.",
				"Retour ging goed, het label printen was wat gedoe.",
				"Ruilen gelukt, wel via een omweg.",
				"Terugbetaling klopt, de communicatie erover kon duidelijker.",
			},
			positive: {
				"Fijne chat, meteen geholpen met mijn retour.",
				"Prima geholpen, retourlabel direct ontvangen.",
				"Snelle terugbetaling, bedankt.",
				"Retour binnen twee dagen verwerkt en geld terug. Top!",
				"Ruilen voor een andere maat ging supermakkelijk.",
				"Geen gedoe met de retour, zo hoort het.",
				"Gratis retour en snel mijn geld terug, heel klantvriendelijk.",
				"Helm paste niet, zonder vragen omgeruild 👍",
			},
		},
		en: [3][]string{
			negative: {
				"Still waiting for my refund.",
				"Wrong size delivered, and I have to pay for the return?",
				"The return label doesn't work and nobody replies.",
				"Refund was less than what I paid, no explanation.",
			},
			neutral: {
				"Refund came through, but it took ten days.",
				"Return went fine, printing the label was a hassle.",
			},
			positive: {
				"Helpful agent & fast refund.",
				"Exchanged for another size without any fuss.",
				"Refund within two days, great service.",
				"Free and easy returns, thank you!",
			},
		},
	},
	{ // Betaling
		nl: [3][]string{
			negative: {
				"Betaling twee keer afgeschreven & nog steeds geen reactie.",
				"Factuur klopt niet, er staat een product op dat ik niet heb besteld.",
				"Betaalherinnering gekregen terwijl ik allang betaald had.",
				"iDEAL-betaling mislukt maar het geld is wel van mijn rekening.",
				"Al drie keer om een factuur met btw gevraagd, nog steeds niets.",
				"Incassobureau gestuurd voor een bedrag dat al betaald was. Schandalig.",
				"Achteraf betalen werd geweigerd zonder uitleg.",
			},
			neutral: {
				"Factuur is aangepast, maar het duurde een week.",
				"Dubbele afschrijving wordt teruggestort, zeggen ze. Afwachten.",
				"Betaling is rechtgezet, al moest ik er wel twee keer om vragen.",
				"Uitleg over de factuur was oké, de kosten vind ik nog steeds hoog.",
			},
			positive: {
				"Dubbele betaling dezelfde dag nog teruggestort, netjes.",
				"Zakelijke factuur met btw direct toegestuurd, dank!",
				"Betaalprobleem snel opgelost en duidelijk uitgelegd.",
				"Gespreid betalen was zo geregeld, heel fijn.",
				"Fout op de factuur meteen gecorrigeerd. Top service.",
				"Duidelijke factuur en snelle bevestiging van mijn betaling.",
			},
		},
		en: [3][]string{
			negative: {
				"Charged twice and nobody replies.",
				"Got a payment reminder for an invoice I already paid.",
				"The invoice is wrong and it's taking forever to fix.",
			},
			neutral: {
				"Invoice corrected, but it took a week.",
				"Double charge will be refunded, apparently. We'll see.",
			},
			positive: {
				"Double payment refunded the same day, great.",
				"Sent me a proper VAT invoice straight away.",
				"Payment issue fixed quickly and explained clearly.",
			},
		},
	},
	{ // Product
		nl: [3][]string{
			negative: {
				"Fiets kwam beschadigd aan, de afhandeling duurt veel te lang.",
				"Onderdeel is na een week alweer kapot.",
				"Accu van mijn e-bike houdt het maar 20 km vol, garantie wordt afgewezen.",
				"Schakelt slecht vanaf dag één, en nu moet ik hem zelf terugbrengen.",
				"Kwaliteit van het slot is bedroevend, na een maand geroest.",
				"Remmen piepen verschrikkelijk, 'dat is normaal' zegt de medewerker.",
				"Verlichting werkt niet en voor garantie moet ik drie formulieren invullen.",
				"Derde keer dezelfde storing aan de motor. Ik wil mijn geld terug.",
				"Zadel scheurde na twee weken. Slechte kwaliteit.",
				"Defecte display op een e-bike van €2500, en dan zo'n reactie.",
			},
			neutral: {
				"Garantie is geregeld, alleen duurt de reparatie twee weken.",
				"Product is goed, de handleiding is onduidelijk.",
				"Nieuw onderdeel gestuurd, zelf monteren was wel even puzzelen.",
				"Fiets is mooi, maar de bel was los bij aflevering.",
				"De reparatie is gelukt, de uitleg erover was wat summier.",
				"Niet slecht, maar voor deze prijs verwacht ik betere afwerking.",
			},
			positive: {
				"Duidelijke uitleg over de garantie, dank!",
				"De werkplaats heeft mijn e-bike in één dag gerepareerd.",
				"Kapotte derailleur zonder discussie onder garantie vervangen.",
				"Goed advies over de juiste accu, rijdt nu weer als nieuw.",
				"Defect lampje? Binnen twee dagen een nieuwe in de bus. Super.",
				"Mooie fiets, stevige kwaliteit, en goed uitgelegd hoe alles werkt.",
				"Monteur nam de tijd om de versnellingen goed af te stellen.",
				"Garantieclaim binnen een week afgehandeld 👍",
			},
		},
		en: [3][]string{
			negative: {
				"Part broke again after a week.",
				"E-bike battery barely lasts 20 km and they refuse the warranty.",
				"The lock rusted within a month. Poor quality.",
				"Brakes squeal terribly and support says it's normal.",
			},
			neutral: {
				"Warranty is sorted, but the repair takes two weeks.",
				"The bike is fine, the manual is confusing.",
			},
			positive: {
				"Replaced the faulty derailleur under warranty, no questions asked.",
				"The workshop fixed my e-bike in a day.",
				"Great advice on the right battery, works like new.",
			},
		},
	},
	{ // Account
		nl: [3][]string{
			negative: {
				"Kan niet inloggen en de link om mijn wachtwoord te herstellen werkt niet.",
				"Mijn account is geblokkeerd en niemand weet waarom.",
				"Website loopt vast bij het afrekenen, drie keer geprobeerd.",
				"Kortingscode werkt niet op de site en de chat kan het niet oplossen.",
				"Na de update van de website zijn al mijn bestellingen uit mijn account verdwenen.",
				"Adres wijzigen kan niet online, dan moet ik maar bellen?",
			},
			neutral: {
				"Wachtwoord is gereset, de website blijft wel traag.",
				"Account is samengevoegd, had wel wat sneller gekund.",
				"Opgelost, maar dat je je adres niet zelf kan wijzigen is vreemd.",
				"Afrekenen lukt nu, al snap ik nog steeds niet wat er mis was.",
			},
			positive: {
				"Inlogprobleem binnen vijf minuten opgelost.",
				"Account weer bereikbaar, fijne uitleg via de chat.",
				"Kortingscode handmatig toegepast, heel klantvriendelijk.",
				"Snel geholpen met mijn nieuwe adres in mijn account.",
				"Goed uitgelegd hoe ik mijn bestelgeschiedenis terugvind.",
			},
		},
		en: [3][]string{
			negative: {
				"Can't log in and the password reset link is broken.",
				"Checkout keeps failing on the website.",
				"My discount code doesn't work and chat couldn't help.",
			},
			neutral: {
				"Password reset worked, the website is still slow though.",
				"Fixed in the end, but changing an address should be possible online.",
			},
			positive: {
				"Login issue fixed in five minutes.",
				"Applied my discount code by hand, very kind.",
			},
		},
	},
}
