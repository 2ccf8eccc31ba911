package text

import "github.com/klantpuls/klantpuls/internal/metric"

// dutchShopReadings: more of TestDutchReadings' sentences, as web-shop customers write them,
// each judged by hand: how high a cost or a grade is, an expectation surpassed or not met, a
// promise kept, not knowing yet; and beside each the near sentences whose reading must stay.
func dutchShopReadings() []struct{ in, want string } {
	const pos, neu, neg = metric.SentimentPositive, metric.SentimentNeutral, metric.SentimentNegative
	return []struct{ in, want string }{
		// A cost high is a complaint, low praise; a grade high praise, low a complaint.
		{"Verzendkosten zijn wel erg hoog", neg},
		{"De prijzen zijn hoog", neg},
		{"Hoge verzendkosten", neg},
		{"Retourkosten zijn absurd hoog", neg},
		{"De verzendkosten zijn laag", pos},
		{"Lage prijzen", pos},
		{"De prijzen zijn niet hoog", pos},
		{"Hoge kwaliteit", pos},
		{"Hoog niveau", pos},
		{"Lage kwaliteit", neg},
		// … beside praise a high cost is a mixed verdict, no irony of the praise.
		{"Goede producten, verzendkosten zijn wat hoog.", neu},
		// … te before it is too much, what it describes else weighs nothing.
		{"De prijzen zijn te hoog", neg},
		{"Hoog tijd dat ze reageren", neg},
		{"Ik had hoge verwachtingen", neu},
		{"Het water stond hoog in de kelder", neu},
		{"Mijn verwachtingen waren laag", neu},
		{"De wachttijd is hoog opgelopen", neg},
		// An expectation denied was surpassed: zou tells what happened, no wish; told, a
		// comparative after it was not met.
		{"Had niet gedacht dat het zo snel zou gaan", pos},
		{"Ik had niet verwacht dat het zo goed zou zijn", pos},
		{"Nooit gedacht dat het zo snel zou gaan", pos},
		{"Ik had gedacht dat het sneller zou gaan", neg},
		{"Ik had niet verwacht dat het zo slecht zou zijn", neg},
		{"Sneller dan verwacht", pos},
		{"Niet wat ik had verwacht", neg},
		{"Had ik niet gedacht", neu},
		{"Ik had meer verwacht", neg},
		{"Ik dacht dat het pakket kwijt was", neg},
		{"Het zou fijn zijn als het sneller ging", neu},
		// A promise kept is praise; not knowing yet no complaint; "oké" with best wel mild praise.
		{"Eindelijk een webwinkel die doet wat ze beloven", pos},
		{"Ze leverden precies wat ze beloofden", pos},
		{"Ze doen niet wat ze beloven", neg},
		{"Ze beloven van alles maar doen niets", neg},
		{"Weet nog niet, moet het nog proberen", neu},
		{"Ik weet het nog niet", neu},
		{"Weet niet", neu},
		{"Ze weten het niet", neg},
		{"Niemand weet waar mijn pakket is", neg},
		{"Ik weet niet waarom het pakket niet komt", neg},
		{"Best wel oké", pos},
		// A verb of finding with its object reads as a copula: the level says what the
		// writer finds of the noun; of another noun, or without one, it weighs nothing.
		{"Ik vind de prijzen hoog", neg},
		{"Ik vond de verzendkosten erg hoog", neg},
		{"Ik vind de kwaliteit hoog", pos},
		{"Ik vind de prijzen laag", pos},
		{"Ik vind de prijzen niet hoog", pos},
		{"Ik vind de prijzen te hoog", neg},
		{"Ik vind het water hoog", neu},
		{"Ik vind de prijzen", neu},
		// … and so does the noun on the verb's other side: after it when an adverb opens the
		// clause (inversion), before it when the object opens it; the nearest to the level
		// word is the one it describes.
		{"Helaas zijn de verzendkosten erg hoog", neg},
		{"Wel zijn de prijzen wat hoog", neg},
		{"Verder is de kwaliteit hoog", pos},
		{"De prijzen vind ik hoog", neg},
		{"De verzendkosten vond ik erg hoog", neg},
		{"De kwaliteit vind ik hoog", pos},
		{"Voor deze prijs is de kwaliteit hoog", pos},
		{"De prijzen vind ik niet hoog", pos},
		{"Het water staat hoog", neu},
		{"Verder zijn de verwachtingen hoog", neu},
		{"Het water vind ik hoog", neu},
		{"Helaas zijn de verwachtingen hoog", neg},
		// A promise kept as promised is praise, denied a complaint; onzin as belachelijk.
		{"Zoals beloofd geleverd", pos},
		{"Geleverd zoals beloofd", pos},
		{"Alles werkt zoals beloofd", pos},
		{"Niet zoals beloofd", neg},
		{"Niet geleverd zoals beloofd", neg},
		{"Ze hebben beloofd dat het morgen komt", neu},
		{"Wat ze beloven is onzin", neg},
		{"Onzin antwoord van de klantenservice", neg},
		{"Geen onzin, gewoon goed geleverd", pos},
		// A noun in a prepositional phrase is no noun the level describes: "voor deze
		// kwaliteit" says by what the cost is weighed.
		{"De verzendkosten zijn voor deze kwaliteit hoog", neg},
		{"De prijzen voor deze kwaliteit zijn hoog", neg},
		{"De kwaliteit is voor deze prijs hoog", pos},
		{"De prijs is hoog voor de kwaliteit", neg},
		{"Voor deze kwaliteit zijn de verzendkosten hoog", neg},
		// What the writer can do better now (nu, eindelijk) is praise; without it "kan beter"
		// before a verb is advice, no verdict.
		{"Nu kan ik beter slapen", pos},
		{"Ik kan nu eindelijk beter slapen", pos},
		{"Nu kunnen we sneller bestellen", pos},
		{"Je kunt beter zelf bellen", neu},
		{"Nu kan het beter", neg},
		// … and "kun je beter" said of anyone (je, u, men) is advice with the now too: you had
		// better call now; a comparative by its ending is what anyone can do now.
		{"Nu kun je beter opbellen", neu},
		{"Nu kunt u beter bellen", neu},
		{"Je kunt nu beter bellen", neu},
		{"Nu kun je sneller betalen", pos},
		// A verb is no adjective its stem is: slapen, slaap stem to slap (weak), which
		// "slappe service" stays. "Ik kan beter slapen" alone is advice to oneself (I had
		// better go to bed), as "volgende keer kan ik beter bellen" is.
		{"Ik kan beter slapen", neu},
		{"Ik kon niet slapen van de herrie", neg},
		{"Ik slaap er heerlijk op", pos},
		{"Ik slaap er slecht op", neg},
		{"Slappe service", neg},
		{"De koffie was slap", neg},
		{"Slap excuus van de klantenservice", neg},
		// None better to be got, said of anyone, also without a modal, and in the perfect.
		{"Je krijgt nergens betere service", pos},
		{"Nergens krijg je betere service", pos},
		{"Je krijgt nergens een betere webshop", pos},
		{"Ik had geen betere kunnen vinden", pos},
		{"We hadden geen betere plek kunnen krijgen", pos},
		{"We krijgen nergens betere service", neg},
		{"Ze konden geen betere plek vinden", neg},
		// A comparative before a told expectation was not met (Dutch puts it first).
		{"Ik had beter verwacht", neg},
		{"Ik had het sneller verwacht", neg},
		// A tag question asks for agreement with the praise before it.
		{"Goed geregeld toch? 🙂", pos},
		{"Goed geregeld toch?", pos},
		{"Goed geregeld, toch?", pos},
		{"Netjes opgelost, niet?", pos},
		{"Slecht geregeld, hè?", neg},
		{"Het werkt niet?", neu},
		{"Hoe kan dat nou toch?", neu},
	}
}

// englishShopReadings: the same for TestEnglishReadings.
func englishShopReadings() []struct{ in, want string } {
	const pos, neu, neg = metric.SentimentPositive, metric.SentimentNeutral, metric.SentimentNegative
	return []struct{ in, want string }{
		{"Shipping costs are too high", neg},
		{"High prices", neg},
		{"The fees are high", neg},
		{"High shipping costs", neg},
		{"Low prices", pos},
		{"Prices are reasonable", pos},
		{"Prices are not high", pos},
		{"High quality", pos},
		{"Low quality", neg},
		{"Not bad, although prices are on the high side.", pos},
		{"High time they answered", neg},
		{"The water was high", neu},
		{"My expectations were low", neu},
		{"The price is fine", pos},
		{"Didn't expect it to be this fast", pos},
		{"I never expected it to be this good", pos},
		{"I expected it to be faster", neg},
		{"I expected better", neg},
		{"I didn't expect it to be this bad", neg},
		{"Faster than expected", pos},
		{"Not what I expected", neg},
		{"I thought it was great", pos},
		{"It would be nice if it was faster", neu},
		{"Finally a shop that does what it promises", pos},
		{"They don't do what they promise", neg},
		{"They promise a lot but deliver nothing", neg},
		{"As promised", pos},
		{"Nobody knows where my parcel is", neg},
		{"I don't know why it never arrived", neg},
		{"I find the prices high", neg},
		{"I found the shipping costs very high", neg},
		{"I find the quality high", pos},
		{"I find the prices low", pos},
		{"I find the water high", neu},
		{"Unfortunately, shipping costs are high", neg},
		{"The prices I find high", neg},
		{"For this price the quality is high", pos},
		{"Delivered as promised", pos},
		{"Not as promised", neg},
		{"They promised it would come tomorrow", neu},
		{"What they promise is nonsense", neg},
		{"Nonsense answer from customer service", neg},
		// A noun in a prepositional phrase is no noun the level describes.
		{"The shipping costs are high for this quality", neg},
		{"The prices for this quality are high", neg},
		{"The quality for this price is high", pos},
		{"Prices are high for such quality", neg},
		// None better to be got by anyone, denied without a modal.
		{"You won't get better service anywhere", pos},
		{"You won't find better prices anywhere", pos},
		{"You don't get better service anywhere", pos},
		{"We won't get better seats", neg},
		// Hoped, as expected, for a comparative was not met; high hopes are an expectation.
		{"I had hoped for better", neg},
		{"I hoped for better service", neg},
		{"I couldn't have hoped for better", pos},
		{"I had high hopes", neu},
		{"I hope they answer soon", neu},
		// A tag question asks for agreement with the praise or complaint before it.
		{"Great service, right?", pos},
		{"Fast delivery, isn't it?", pos},
		{"Terrible service, right?", neg},
		{"Is this right?", neu},
	}
}
