package text

import "github.com/klantpuls/klantpuls/internal/metric"

// dutchReviewReadings: more of TestDutchReadings' sentences, misread until version 9 (the
// review of December 2026), each beside a near sentence the new rule must leave as it was.
func dutchReviewReadings() []struct{ in, want string } {
	const pos, neu, neg = metric.SentimentPositive, metric.SentimentNeutral, metric.SentimentNegative
	return []struct{ in, want string }{
		// "op prijs stellen" is to appreciate, with words between the verb and op too; the
		// same verb with another phrase after it is none.
		{"Ik stel het op prijs", pos},
		{"Ik stel het zeer op prijs", pos},
		{"Uw reactie wordt op prijs gesteld", pos},
		{"Ik stel het niet op prijs", neg},
		{"Ik stel het op de hoogte", neu},
		// A comparative of praise after the writer's verb of how one is: praise; of anyone it
		// is advice.
		{"Ik slaap beter sinds ik jullie matras heb", pos},
		{"Nu voel ik me veel beter", pos},
		{"Je slaapt beter op een harde matras", neu},
		// What advice promises (dan …) is no praise had; what the writer can do now, and what
		// follows from it, is.
		{"Nu kun je beter bellen, dan ben je sneller geholpen", neu},
		{"Je kunt beter bellen, dan ben je snel geholpen", neu},
		{"Nu kunnen we sneller bestellen, dan zijn we sneller geholpen", pos},
		// Why must I … again: a complaint put as a question; why must I, once, asks.
		{"Waarom moet ik 3x mijn verhaal doen…", neg},
		{"Waarom moest ik drie keer bellen?", neg},
		{"Waarom moeten we elke keer opnieuw inloggen?", neg},
		{"Waarom moet ik mijn klantnummer doorgeven?", neu},
		{"Waarom moet ik 3 producten kiezen?", neu},
		// Alleen opening a clause weighs it and leaves the praise before it whole: a lag after
		// praise is a mixed verdict; a worse complaint, or one unsaid, still outweighs it. Within
		// its clause alleen is only, a plain contrast. Achter before its object is no lag.
		{"PakketExpres kwam netjes, alleen de track & trace liep achter", pos},
		{"De track & trace liep achter", neg},
		{"Planten kwamen netjes verpakt aan, alleen waren er twee van de vijf dood", neg},
		{"Boodschappen waren op tijd, alleen was de helft al over de datum", neg},
		{"Lekker bezig met de app, inloggen lukt blijkbaar alleen nog op dinsdag", neg},
		{"Ik liep achter de bezorger aan", neu},
		{"Ik viel tegen de paal", neu},
		{"Het valt mee hoor", pos},
	}
}

// dutchSecondReviewReadings: more of TestDutchReadings' sentences, misread until version 10
// (the second review of December 2026), each beside a near sentence the new rule must leave
// as it was.
func dutchSecondReviewReadings() []struct{ in, want string } {
	const pos, neu, neg = metric.SentimentPositive, metric.SentimentNeutral, metric.SentimentNegative
	return []struct{ in, want string }{
		// A comparative of praise after a verb of becoming, or before geworden: it got better.
		// After a modal it is room for improvement; said of anyone it is advice; after een it
		// is a noun's.
		{"Het gaat nu een stuk beter", pos},
		{"Het is een stuk beter geworden", pos},
		{"De service wordt steeds beter", pos},
		{"Kan een stuk beter", neg},
		{"Je gaat beter naar de winkel", neu},
		{"Het gaat om een beter product", neu},
		// The writer's verb of how one is in the past tense reads as in the present.
		{"Ik sliep beter sinds de nieuwe matras", pos},
		{"Sindsdien voelde ik me veel beter", pos},
		{"Je slaapt beter op een harde matras", neu},
		// Een opens a particle's object as de does: the particle is a preposition.
		{"Ik viel tegen een paal", neu},
		{"Ik liep achter een bus aan", neu},
		{"Het viel tegen", neg},
		{"De service viel me tegen", neg},
		// A wish with a condition its clause names (het, dat) is a polite request, whatever its
		// praise weighs; without one, appreciation stays praise, and so does what the writer
		// would do if something were so.
		{"Ik zou het op prijs stellen als u terugbelt", neu},
		{"Als u mij terugbelt, zou ik dat zeer op prijs stellen", neu},
		{"Ik zou het fijn vinden als u terugbelt", neu},
		{"Ik stel het zeer op prijs", pos},
		{"Ik stel het op prijs dat u terugbelde", pos},
		{"Uw hulp wordt zeer op prijs gesteld", pos},
		{"Ik zou jullie zeker aanraden als je een fiets zoekt", pos},
		// Words between quotes are irony, in straight, curly or single quotes …
		{`Wat een "snelle" levering`, neg},
		{"Wat een “snelle” levering", neg},
		{"Wat een 'snelle' levering", neg},
		{`De "klantenservice" reageerde na 3 weken`, neg},
		{"Wat een snelle levering", pos},
		// … and so is a quoted word within a phrase of ours ("wat een service"), which weighs
		// as one.
		{`Wat een "service"!`, neg},
		{"Wat een service!", pos},
	}
}

// dutchThirdReviewReadings: more of TestDutchReadings' sentences, misread until version 11
// (the third review of December 2026), each beside a near sentence the new rule must leave as
// it was.
func dutchThirdReviewReadings() []struct{ in, want string } {
	const pos, neu, neg = metric.SentimentPositive, metric.SentimentNeutral, metric.SentimentNegative
	return []struct{ in, want string }{
		// A hope is a wish: what it hopes for was not had, and it tells no verdict on what was
		// (as "het zou fijn zijn als …" tells none). Praise in a clause of its own stays, and
		// so does a complaint beside the hope.
		{"Hopelijk wordt het beter", neu},
		{"Hopelijk wordt het goed", neu},
		{"Hopelijk wordt het snel beter", neu},
		{"Ik hoop dat het snel opgelost wordt", neu},
		{"Top service, hopelijk blijft het zo", pos},
		{"Hopelijk reageren jullie nu wel, ik wacht al 3 weken", neg},
		{"Het wordt steeds beter", pos},
		// Quotes around what a label names (an option, a status, a button) give its name, no
		// irony; quotes elsewhere stay irony (dutchSecondReviewReadings).
		{`Ik heb de optie "afhalen" gekozen`, neu},
		{`De status staat op "verzonden"`, neu},
		{`Ik klikte op de knop "bestellen"`, neu},
		{`Bezorger zegt "niemand thuis"`, neg},
		// It must get better, it is time it did: it is not good now, room for improvement; a
		// verb of becoming after the comparative leaves it so, and the verb of becoming before
		// a clause word (dat) is another clause's. Denied it is praise; said of anyone, advice.
		{"Het moet een stuk beter worden", neg},
		{"Het moet beter worden", neg},
		{"Het moet sneller gaan", neg},
		{"Het wordt tijd dat het beter gaat", neg},
		{"Het wordt tijd dat de service beter wordt", neg},
		{"Het kon niet beter worden", pos},
		{"Je kunt beter gaan", neu},
		{"Het gaat nu een stuk beter", pos},
	}
}

// dutchFourthReviewReadings: more of TestDutchReadings' sentences, misread until version 12
// (the fourth review of December 2026), each beside a near sentence the new rule must leave
// as it was.
func dutchFourthReviewReadings() []struct{ in, want string } {
	const pos, neu, neg = metric.SentimentPositive, metric.SentimentNeutral, metric.SentimentNegative
	return []struct{ in, want string }{
		// "een stuk" between the writer's verb of how one is and the comparative is its degree,
		// as "veel" is, in either word order; of anyone it stays advice.
		{"Sindsdien slaap ik een stuk beter", pos},
		{"Ik slaap een stuk beter sinds de nieuwe matras", pos},
		{"Nu voel ik me een stuk beter", pos},
		{"Sindsdien slaap ik veel beter", pos},
		{"Je slaapt een stuk beter op een harde matras", neu},
		{"Het viel een stuk tegen", neg},
		// A hope that what is stays so hopes for no change: the good is had. A hope for what
		// becomes stays a wish, and praise in a clause of its own stays praise.
		{"Hopelijk blijft het zo goed", pos},
		{"Hopelijk blijft de service zo goed", pos},
		{"Ik hoop dat het zo goed blijft", pos},
		{"Hopelijk wordt het goed", neu},
		{"Hopelijk wordt het snel beter", neu},
		{"Top service, hopelijk blijft het zo", pos},
		// "het gaat beter" in a dat-clause, its verb after the comparative as Dutch puts it
		// there: it got better. Hoped for it is a wish; demanded ("wordt tijd") a complaint;
		// said of anyone advice.
		{"Ik merk dat het beter gaat", pos},
		{"Ik merk dat het een stuk beter gaat", pos},
		{"Ik zie dat de service beter wordt", pos},
		{"Ik hoop dat het beter gaat", neu},
		{"Het wordt tijd dat het beter gaat", neg},
		{"Ik denk dat je beter gaat", neu},
		{"Ik vraag me af of het beter gaat", neu},
	}
}
