package text

import "math"

// How the feelings a walk found make one score: the rules' numbers, the feeling and sentence
// the walk records, and their combination into a sum in [-1, 1].

// The rules of the scorer, after VADER (Hutto and Gilbert, ICWSM 2014) where it has a number for
// them, on our own word lists where it does not.
const (
	// negationFactor: a feeling under negation turns and weakens ("niet slecht" is mildly good):
	// VADER's N_SCALAR.
	negationFactor = -0.74
	// negationScope: how many words after niet/not a negation reaches; lookBack: how many
	// tokens before it, when it finds nothing after ("het helpt niet", "bevalt me niet").
	negationScope, lookBack = 3, 2
	// boosterScope: how many words after heel/very an intensifier reaches.
	boosterScope = 2
	// capsFactor: a feeling written in capitals among lower-case words (VADER adds 0.733).
	capsFactor = 1.5
	// contrastBefore, contrastAfter: around maar/but the clause after it weighs more (VADER's
	// 0.5 and 1.5); a contrast that keeps what came before (alleen: "…, only the tracking was
	// behind") weighs the clause after it so and leaves the one before whole.
	contrastBefore, contrastAfter = 0.5, 1.5
	// contrastImplied: a maar/but clause with no word of feeling is still the complaint after
	// the praise ("mooie jurk, maar ze is na één wasbeurt gekrompen").
	contrastImplied = -1.5
	// sarcasmFactor: a positive word read as sarcastic counts as negative, a little weaker.
	sarcasmFactor = -0.8
	// quoteWeight: words put between quotes in a customer's message are nearly always irony
	// ("de 'snelle' levering", the "free" returns).
	quoteWeight = -1
	// bangStep, bangMax: each ! adds this much in the direction of the text, at most four (VADER).
	bangStep, bangMax = 0.292, 4
	// unresolvedNegation: a negation with no feeling to turn ("pakket niet ontvangen", "geen
	// reactie", "werkt niet") is itself a complaint in customer service.
	unresolvedNegation = -1.2
	// questionKeeps, hypotheticalKeeps: a question or a wish ("zou fijn zijn als…") carries no
	// attitude; only feelings at least this strong count in it.
	questionKeeps, hypotheticalKeeps = 3.5, 2.5
	// concessionWeight: what a concession (ondanks de vertraging, although it was late) still
	// weighs beside the main clause it concedes to: the main clause is the writer's verdict.
	concessionWeight = 0.25
	// concessionReach: how many words a concessive preposition (ondanks, despite) reaches when
	// no word of feeling ends its noun phrase first.
	concessionReach = 4
	// whereasWeight: "terwijl ik gewoon thuis was": a whereas-clause in a text with no other word of
	// feeling sets what happened against what should have; a complaint.
	whereasWeight = -1.5
	// excessWeight: too much or too little of a measure ("te klein", "too many forms", "te weinig
	// antwoord") is a complaint though no word of it is a feeling.
	excessWeight = -1.5
	// factComplaint: how negative a word after praise of a fact must be to make it irony; a
	// faint one ("discount" in AFINN) is no complaint.
	factComplaint = 1.0
	// verdictWords: the most words a closing verdict has ("Top.", "Fijn weekend zo").
	verdictWords = 3
	// balanceFactor: a text whose last sentence weighs both sides ("houdt elkaar in evenwicht",
	// "wisselt nogal") says little for or against: its sum shrinks; when that sentence is nothing
	// but the verdict ("Per saldo gemiddeld", "Average experience overall") the text is neutral.
	balanceFactor = 0.1
	// improvableWeight: room for improvement ("kan beter", "mag wel wat sneller") is a mild
	// complaint, as "jammer" is; denied ("kan niet beter") it is praise.
	improvableWeight = -1.5
	// intentWeight: an intent to come back or recommend ("I would buy here again") weighs as our
	// phrases "would buy again", "would order again" and "would recommend" do.
	intentWeight = 2.5
	// alpha normalises a sum x into [-1, 1] as x/√(x²+α), VADER's normalize with α = 15.
	alpha = 15
)

// An item is one feeling found in a text: a word, phrase or emoji and its weight.
type item struct {
	at, sentence int // token index, sentence index
	weight       float64
	negate       bool // turned by a negation
	implied      bool // no word of its own: an unresolved negation, a quote
	conceded     bool // in a concession: ondanks…, although…
	named        bool // in a topic's noun phrase: over…, about…
	unresolved   bool // an unresolved negation
	phrase       bool // a phrase of several words ("al dagen"): no niet after it turns it
	wish         bool // in a clause that wishes or suggests (zou, misschien, please)
	elsewhere    bool // in a clause about another company (elders, elsewhere)
	mild         bool // room for improvement (kan beter): no complaint that makes praise before it irony
	promised     bool // what advice promises ("…, dan ben je sneller geholpen"): its praise was not had
}

// A sentence is what lies between . ? ! and line ends; a question or a wish weighs less.
// asks: it opens as a question does (hoe…, kan ik…) and no . or ! ends it, so it is one even
// without its ? ("wat is het adres om de retour naar te sturen").
// words: how many words it has; negated: a negator was read in it (for "niet X, wel Y").
// conditional: it opens with als, if ("Als het pakket morgen komt is het goed"): what it says
// is supposed, not told, unless a word makes it a habit ("Als ik bel, helpen ze altijd meteen").
// whyMust: it opens "why must I" (waarom moet ik), which a repetition makes a complaint.
// requests: it wishes and supposes, a wish with a condition its clause names ("Ik zou het op
// prijs stellen als u terugbelt", "Als u terugbelt, zou ik dat op prijs stellen": requestAt):
// a polite request, whose praise is asked for, not had, however strong; hopes: it hopes
// (hopelijk), and what it hopes for is not had either.
type sentence struct {
	question, rhetorical, asks, stopped, negated bool
	conditional, habitual, whyMust, requests     bool
	hopes                                        bool
	words                                        int
}

// normalize maps a sum of weights into [-1, 1] (VADER's normalize).
func normalize(x float64) float64 {
	if x == 0 || math.IsNaN(x) {
		return 0
	}
	return x / math.Sqrt(x*x+alpha)
}

// combine weighs the feelings by sentence, contrast, concession and sarcasm, and adds
// exclamation.
func (w *walk) combine() float64 {
	complains, afterContrast, praises, mainClause, factAfter := false, false, 0, false, false
	for _, it := range w.items {
		if it.weight < 0 && !it.implied && !it.conceded && !it.mild {
			// What is conceded or named is no complaint of the writer's; a wish for better
			// ("de website mag wat overzichtelijker") leaves the praise before it meant.
			complains = true
		}
		if it.weight <= -factComplaint && w.openerAt >= 0 && it.at > w.openerAt && !it.conceded {
			factAfter = true
		}
		if it.weight > 0 {
			praises++
		}
		if w.contrastAt >= 0 && it.at > w.contrastAt {
			afterContrast = true
		}
		if !it.conceded {
			mainClause = true
		}
	}
	// Praise is sarcastic in a text that also complains and carries a cue (alweer, again, 🙄)
	// or quotes, or that opens with its one word of praise and has no maar/but to weigh one
	// against the other ("Fantastische service weer, de chat sluit …"). Praise of a fact is
	// ironic when the fact it praises is a complaint ("Heel attent dat de koelverse producten
	// in de zon stonden"), meant when it is not ("Fijn dat jullie zelf contact opnamen").
	sarcastic := (complains && (w.sarcasm || (w.opener && praises == 1 && w.contrastAt < 0))) || w.quoted ||
		(w.openerClause && factAfter && praises <= 2) || w.bareVerdict()
	sum, any, before := 0.0, false, contrastBefore
	if c := w.contrastAt; c >= 0 && w.l.rules[w.toks[c].text].keeps && (c == 0 || w.toks[c-1].kind != word) {
		// Within its clause alleen is only ("inloggen lukt alleen nog op dinsdag"): a plain
		// contrast, as it was.
		before = 1
	}
	for _, it := range w.items {
		v := it.weight
		s := w.sentences[it.sentence]
		// A wish keeps its complaints ("please hire more people, waiting 45 minutes is not normal");
		// so does a condition ("als het morgen niet komt, ben ik boos").
		supposed := it.wish || (s.conditional && !s.habitual)
		if ((s.question || (s.asks && !s.stopped)) && !s.rhetorical && math.Abs(v) < questionKeeps) || (it.promised && v > 0) ||
			(supposed && (v > 0 || it.implied) && (math.Abs(v) < hypotheticalKeeps || it.wish && (s.requests || s.hopes))) ||
			(v > 0 && w.whereasAt >= 0 && it.sentence == w.whereasSent && it.at > w.whereasAt) {
			continue
		}
		if (sarcastic || it.elsewhere) && v > 0 && !it.negate {
			v *= sarcasmFactor
		}
		if w.contrastAt >= 0 {
			if it.at < w.contrastAt {
				v *= before
			} else {
				v *= contrastAfter
			}
		}
		// A concession with no main clause beside it is all the text says.
		if it.conceded && mainClause {
			v *= concessionWeight
		}
		// A topic named with nothing said of it is a fact ("belde over de losse stoeptegels").
		if it.named && !mainClause {
			continue
		}
		sum += v
		any = true
	}
	if w.contrastAt >= 0 && !afterContrast && any && !w.sentences[len(w.sentences)-1].question {
		sum += contrastImplied * contrastAfter
	}
	if w.whereasAt >= 0 && !any {
		sum = whereasWeight
	}
	if last := len(w.sentences) - 1; w.balanceSent >= 0 && (w.balanceSent == last || w.balanceSent == last-1 && w.sentences[last].words == 0) {
		sum *= balanceFactor
		if w.bareBalance() {
			sum = 0 // "… Per saldo gemiddeld": the verdict is all the last sentence says
		}
	}
	if sum != 0 {
		b := float64(min(w.bangs, bangMax)) * bangStep
		if sum < 0 {
			b = -b
		}
		sum += b
	}
	return sum
}

// hopeStays: the hope at token i hopes that what is stays so, a verb of staying (the language's
// stays: blijft) in its clause, before the hope or after it up to a clause word that opens
// another clause than what is hoped (dat, the language's facts, opens what is hoped): "Hopelijk
// blijft het zo goed", "Ik hoop dat het zo goed blijft". It hopes for no change, so what it
// praises is had, no wish; a hope for what becomes stays one ("Hopelijk wordt het goed").
func (w *walk) hopeStays(i int) bool {
	for j := w.clauseStart; j < len(w.toks) && w.toks[j].kind == word; j++ {
		t := w.toks[j].text
		if w.l.stays[t] {
			return true
		}
		if j > i && w.l.clauses[t] && !w.l.facts[t] {
			return false
		}
	}
	return false
}
