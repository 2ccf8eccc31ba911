package text

// ScorerVersion names Score's readings. A stored score is the reading of the scorer that wrote
// it, and a database records the version its scores are of (app's rescore): when a running
// klantpuls's version is newer, the texts stored before are scored again, so a trend line
// moves with the customers, not with the rules. Raise it by one whenever a change makes Score
// give any text another value — a rule in this package, domain_*.txt, emoji.txt or the
// lexicon — and not for a change that reads every text as before (speed, names). Version 1
// is the scorer of "nergens over te klagen" as praise and "kan beter" as a mild complaint;
// version 2 reads English room for improvement so ("could be better", "room for improvement";
// "could not have been better" is praise); version 3 reads "could be more helpful" so too
// ("could not have been more helpful" is praise), and a comparative after a or an as a noun's
// ("could use a cleaner, simpler design" is a suggestion, no complaint); version 4 reads an
// English verb of its own between the modal and the comparative as what one can do now ("we
// can order more quickly", "now I can sleep better": praise), "a much cleaner design" as a
// noun's, and "could be more friendly and helpful" as room for improvement; version 5 reads
// that verb so only after can and could finally, so "support should respond faster" and "the
// app could load faster" are room for improvement again and "couldn't ask for better" praise,
// and "a whole lot", "a great deal" as degrees ("could be a great deal quicker"); version 6
// reads a pronoun or the after the verb as its object, no subject ("you should answer the phone
// sooner", "the agent could have explained it better": room for improvement), a degree as one
// word between ("could have been a whole lot better"), might and would as modals ("the app
// might load faster"), a condition as a clause of its own ("it might help if they answered
// faster"), and a denied comparative with its noun after a verb of seeking as praise ("you
// can't ask for better service", "couldn't wish for better support", "je kunt geen betere
// service vragen"), after another verb as a refusal ("they couldn't offer better prices");
// version 7 reads an intent to come back or recommend as praise, no wish, whatever words stand
// in it ("I would definitely order again", "would buy here again"; "I would never use them
// again": a complaint), a comparative or superlative on -ier, -iest as its word of praise's
// ("couldn't be friendlier", "the staff could be friendlier", "the friendliest staff"), "could
// not" as one word as "couldn't" is ("could not have made it any easier"), a comparative with
// its noun after should as room for improvement ("they should hire better staff"), and
// honestly, to be honest, to be fair, eerlijk gezegd, eerlijk is eerlijk as no praise; it
// reads will as would ("we will definitely be back"), another's coming back or an obligation
// as no intent ("the courier will come back tomorrow", "I would have to order again"), and a
// superlative on -est as its word ("fastest delivery ever", "nicest shop", "rudest staff"); a
// denied comparative sought with its article as praise ("I couldn't have asked for a better
// experience"), one the writer could not get as a failure ("we couldn't get better seats"), a
// bare noun before will as another's ("Courier will come back tomorrow"), "next week" as no
// wait, and a Dutch subject after the modal as no question when words stand before it ("Eerlijk
// gezegd mag de levering wel wat sneller": room for improvement); relief (gelukkig, luckily) as
// opening no irony, a Dutch verb of getting (krijgen, vinden) said of anyone as seeking ("je
// kunt nergens betere service krijgen"), toch within its clause as no contrast, a verb and its
// particle with the middle words between ("viel me erg tegen", "valt wel mee"), and a Dutch
// diminutive as its word (foutje, vlotjes); how high a cost or a grade is by its noun ("de
// prijzen zijn hoog", "low prices": a complaint, praise; "hoge kwaliteit" praise), an
// expectation denied as surpassed ("had niet gedacht dat het zo snel zou gaan"), told with a
// comparative as unmet ("I expected it to be faster"), a promise kept as praise ("doet wat ze
// beloven") and the writer's not knowing yet as no complaint ("weet nog niet"); version 8
// reads a diminutive complaint at half its weight ("een probleempje") and "kun je beter" said
// of anyone as advice with a now too ("nu kun je beter opbellen"), and a listed verb's forms
// as no adjective of their stem ("slapen", "slaap" no slap); version 9 reads "op prijs
// stellen" as praise, with words between ("ik stel het zeer op prijs"), a comparative of praise
// after the writer's verb of how one is as praise ("ik slaap beter sinds …"), what advice
// promises as no praise ("je kunt beter bellen, dan ben je sneller geholpen"), "waarom moet ik"
// with a repetition as a complaint ("waarom moet ik 3x mijn verhaal doen"), alleen opening a
// clause as a contrast that keeps the praise before it whole, "liep achter" as a mild
// complaint, and a verb's particle before its object as no particle ("viel tegen de paal");
// version 10 reads a comparative of praise after a verb of becoming as praise ("het gaat nu een
// stuk beter", "het is een stuk beter geworden"), the writer's verb of how one is in the past
// as in the present ("ik sliep beter sinds …"), een as opening a particle's object ("viel
// tegen een paal"), a wish with a condition its clause names as a polite request ("ik zou het
// op prijs stellen als u terugbelt"), an intensifier before a phrase of ours as its degree
// ("zeer op prijs gesteld"), and a quoted word within a phrase of ours as quoted ("wat een
// "service""); version 11 reads a hope as a wish whose praise is not had ("hopelijk wordt het
// beter", "ik hoop dat het snel opgelost wordt"), quoted words after a label as its name, no
// irony ("de optie "afhalen"", "de status staat op "verzonden""), a verb of becoming after
// room for improvement as its own ("het moet een stuk beter worden"), and one after a clause
// word as another clause's ("het wordt tijd dat het beter gaat"); version 12 reads "een stuk"
// as a degree between a verb and its comparative or particle ("sindsdien slaap ik een stuk
// beter", "het viel een stuk tegen"), a hope that what is stays so as no wish ("hopelijk blijft
// het zo goed"), and a verb of becoming after its comparative in a dat-clause as "het gaat
// beter" ("ik merk dat het beter gaat"; after a word of demand, tijd, demanded).
const ScorerVersion = 12
