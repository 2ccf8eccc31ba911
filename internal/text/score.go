package text

import (
	"math"
	"sync"
)

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
	// 0.5 and 1.5).
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
}

// A sentence is what lies between . ? ! and line ends; a question or a wish weighs less.
// asks: it opens as a question does (hoe…, kan ik…) and no . or ! ends it, so it is one even
// without its ? ("wat is het adres om de retour naar te sturen").
// words: how many words it has; negated: a negator was read in it (for "niet X, wel Y").
// conditional: it opens with als, if ("Als het pakket morgen komt is het goed"): what it says
// is supposed, not told, unless a word makes it a habit ("Als ik bel, helpen ze altijd meteen").
type sentence struct {
	question, rhetorical, asks, stopped, negated bool
	conditional, habitual                        bool
	words                                        int
}

// walk is the state of one pass over a text's tokens. A pool keeps Score allocation-light and
// safe from many goroutines.
type walk struct {
	l         *language
	z         tokenizer
	toks      []token
	stems     []string
	items     []item
	sentences []sentence
	sentWords int // words seen in the current sentence

	negAt, negLeft   int  // token of the open negation (−1: none), words it still reaches
	negComplains     bool // the open negation is a complaint when it turns nothing (not zonder)
	negBack          bool // the open negation may turn the feeling just before it (niet)
	boost            float64
	boostLeft        int
	contrastAt       int  // token of the last maar/but, −1: none
	conceding        bool // in a concessive clause (hoewel, although), to its comma or end
	clauseStart      int  // token where the current clause starts (after , . maar)
	wishing          bool // the current clause wishes: its feelings weigh as a wish's
	whereasAt        int  // token of the first terwijl, whereas (−1: none): the praise after it in
	whereasSent      int  // its sentence is the writer's own conduct ("terwijl ik op tijd betaald heb")
	elsewhere        bool // the current clause is about elsewhere: its praise is not ours
	concedeLeft      int  // words a concessive preposition (ondanks, despite) still reaches
	naming           bool // … and it is a topic's (over, about)
	sarcasm, quoted  bool
	opener           bool // the text opens with praise ("Top, …", "Great, another …")
	openerClause     bool // … of a fact: "Heel attent dat …", "Wat een feest om …", "Amazing how …"
	openerAt         int  // token of that praise
	bangs, wordsSeen int
	balanceSent      int // the sentence of the last gemiddeld, average (−1: none)
}

var walkPool = sync.Pool{New: func() any { return new(walk) }}

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
// and "a whole lot", "a great deal" as degrees ("could be a great deal quicker").
const ScorerVersion = 5

// Score is the sentiment of s in lang, in [-1, 1]: below zero negative, above positive. lang is
// read as Lang reads it ("" detects). The same text always scores the same.
func Score(s, lang string) float64 {
	ready()
	w := walkPool.Get().(*walk)
	defer walkPool.Put(w)
	w.toks = w.z.tokenize(s)
	l := nlLang
	switch known(lang) {
	case English:
		l = enLang
	case "":
		if detectTokens(w.toks) == English {
			l = enLang
		}
	}
	return normalize(w.sum(l))
}

// normalize maps a sum of weights into [-1, 1] (VADER's normalize).
func normalize(x float64) float64 {
	if x == 0 || math.IsNaN(x) {
		return 0
	}
	return x / math.Sqrt(x*x+alpha)
}

// sum collects the feelings of s and combines them.
func (w *walk) sum(l *language) float64 {
	w.l = l
	w.stems, w.items, w.sentences = w.stems[:0], w.items[:0], append(w.sentences[:0], sentence{})
	w.negAt, w.negLeft, w.boostLeft, w.contrastAt, w.bangs, w.wordsSeen, w.sentWords = -1, 0, 0, -1, 0, 0, 0
	w.sarcasm, w.quoted, w.opener, w.openerClause, w.conceding, w.concedeLeft, w.openerAt = false, false, false, false, false, 0, -1
	w.clauseStart, w.wishing, w.whereasAt, w.elsewhere, w.balanceSent, w.naming = 0, false, -1, false, -1, false
	allCaps := true
	for _, t := range w.toks {
		st := ""
		if t.kind == word {
			st = l.stemOf(t.text)
			if !t.caps && hasLetter(t.text) {
				allCaps = false
			}
		}
		w.stems = append(w.stems, st)
	}
	for i := 0; i < len(w.toks); i++ {
		i = w.step(i, allCaps)
	}
	w.closeNegation()
	return w.combine()
}

// step reads token i and returns the index of the last token it used.
func (w *walk) step(i int, allCaps bool) int {
	t := w.toks[i]
	switch t.kind {
	case boundary, qmark, bang:
		w.endClause(i)
		if t.kind == qmark {
			// One ? asks; ?? and more, and ?!, are a complaint put as a question ("waarom??").
			cur := &w.sentences[len(w.sentences)-1]
			cur.rhetorical = cur.question || (i > 0 && w.toks[i-1].kind == qmark) || (i+1 < len(w.toks) && w.toks[i+1].kind == bang)
			cur.question = true
			if i+1 < len(w.toks) && w.toks[i+1].kind == qmark {
				return i // the sentence goes on to its last ?
			}
		}
		if t.kind == bang {
			w.bangs++
		}
		if t.kind != qmark {
			w.sentences[len(w.sentences)-1].stopped = true
		}
		if w.sentWords > 0 {
			w.sentences = append(w.sentences, sentence{})
			w.sentWords = 0
		}
		return i
	case comma:
		w.endClause(i)
		return i
	case emoji:
		if v, ok := emojis[t.text]; ok {
			w.add(i, v, false)
		}
		if ironyEmoji[t.text] {
			w.sarcasm = true
		}
		return i
	}
	w.wordsSeen++
	w.sentences[len(w.sentences)-1].words++
	if w.sentWords++; w.sentWords == 1 && w.l.opensQuestion(w.toks, i) {
		w.sentences[len(w.sentences)-1].asks = true
	}
	if w.concedeLeft > 0 {
		w.concedeLeft--
	}
	if w.l.habits[t.text] {
		w.sentences[len(w.sentences)-1].habitual = true
	}
	if t.quote && !w.quoted && !w.l.emphasis[t.text] {
		w.quoted = true
		w.items = append(w.items, item{at: i, sentence: len(w.sentences) - 1, weight: quoteWeight, implied: true})
	}
	// A mark (8/10, 2 sterren) weighs by its place on its scale.
	if w.stems[i] == "#" {
		if n, v := w.l.rating(w.toks, i); n > 0 {
			w.sentences[len(w.sentences)-1].words += n - 1
			if v != 0 {
				w.add(i+n-1, v, true)
			}
			return i + n - 1
		}
	}
	// A phrase of our list, matched on stems, wins over its words.
	if n, v := w.l.matchPhrase(w.toks, w.stems, i); n > 0 {
		w.sentences[len(w.sentences)-1].words += n - 1
		if v != 0 {
			w.add(i+n-1, v, true)
			w.items[len(w.items)-1].phrase = n > 1
		}
		return i + n - 1
	}
	if w.l.balances[t.text] {
		w.balanceSent = len(w.sentences) - 1
	}
	if r, ok := w.l.ruleOf(t.text); ok {
		switch r.kind {
		case negator:
			w.closeNegation()
			w.negAt, w.negLeft, w.negComplains, w.negBack = i, negationScope, r.factor != 0, r.back
			w.sentences[len(w.sentences)-1].negated = true
			return i
		case excess:
			// te/too before a measure: "te klein", "too many", "veel te weinig".
			if i+1 < len(w.toks) && w.toks[i+1].kind == word && w.l.measures[w.toks[i+1].text] {
				w.add(i+1, excessWeight, true)
				return i + 1
			}
			if w.l.feelingAhead(w.toks, w.stems, i) {
				w.boost, w.boostLeft = r.factor, boosterScope+1
				return i
			}
		case concedes:
			// ondanks/despite concede a noun phrase; hoewel/although a clause.
			switch open := w.l.opensConcession(w.toks, i, r.factor); {
			case r.factor == concedesPhrase:
				w.concedeLeft, w.naming = concessionReach+1, false
				return i
			case open:
				w.conceding, w.clauseStart, w.wishing, w.elsewhere = true, i, false, false
				if r.factor == concedesIfAtStart && w.sentWords == 1 {
					w.sentences[len(w.sentences)-1].conditional = true
				}
				return i
			case r.factor == concedesAtStart && !w.l.notContrast(w.toks, i): // "slow though": a contrast
				w.closeNegation()
				w.contrastAt = i
				return i
			case r.factor == concedesIfAtStart && w.l.opensCondition(w.toks, i):
				// "… bij de buren afgeven als ik niet thuis ben": the rest of the clause is
				// supposed; it weighs as a wish's, what came before it stays.
				w.closeNegation()
				w.wishing = true
				return i
			}
		case topic:
			// over, about: what a text is about is named, not judged ("contact opgenomen over
			// de vertraagde levering"); it weighs as a concession's noun phrase does. After a
			// negation it names nothing: "nergens over te klagen", "niks over gehoord", "niet
			// over te spreken" say the negation of what follows.
			if w.negLeft > 0 && w.negAt == i-1 {
				break
			}
			w.concedeLeft, w.naming = concessionReach+1, true
			return i
		case elsewhere:
			// Praise of elsewhere is a complaint about here, unless here is the better ("dan
			// elders", "than at the competitor").
			if !w.l.comparedTo(w.toks, i) {
				w.elsewhere = true
				for k := range w.items {
					w.items[k].elsewhere = w.items[k].elsewhere || w.items[k].at >= w.clauseStart
				}
			}
			return i
		case whereas:
			if w.whereasAt < 0 {
				w.whereasAt, w.whereasSent = i, len(w.sentences)-1
			}
			return i
		case affirms:
			// "Niet de goedkoopste, wel de beste": wel after a negated clause is its contrast.
			if i > 0 && w.toks[i-1].kind == comma && w.sentences[len(w.sentences)-1].negated {
				w.closeNegation()
				w.contrastAt = i
				return i
			}
		case booster:
			// An intensifier that finds no feeling after it may be a feeling itself ("super!").
			if w.l.feelingAhead(w.toks, w.stems, i) {
				w.boost, w.boostLeft = r.factor, boosterScope+1
				return i
			}
		case contrast: // helaas, unfortunately: also a feeling of their own, below
			if !w.l.notContrast(w.toks, i) {
				w.closeNegation()
				w.contrastAt, w.clauseStart, w.wishing, w.elsewhere = i, i, false, false
			}
		case sarcasm: // alweer, lekker: also a feeling of their own, below
			w.sarcasm = true
		case wishes:
			if w.negAt >= 0 || w.l.abilities.at(w.toks, i) > 0 {
				break // "niemand kon", "nobody could": a fact denied; "we could finally": had, no wish
			}
			// The wish is its clause's, words before it included ("fijn zou zijn als…").
			w.wishing = true
			for k := range w.items {
				// A denied fact before it stays a fact ("Nobody told me the price would …").
				w.items[k].wish = w.items[k].wish || (w.items[k].at >= w.clauseStart && !w.items[k].unresolved)
			}
			return i
		case asks, asksIf, person:
			return i
		}
	}
	if n := w.l.improvable(w.toks, i); n > 0 {
		w.sentences[len(w.sentences)-1].words += n - 1
		w.add(i+n-1, improvableWeight, true)
		// Its modal may be a wish's word too (could, zou): the verdict it makes is meant, denied
		// ("could not have been better") as praise.
		it := &w.items[len(w.items)-1]
		it.mild, it.wish = true, false
		return i + n - 1
	}
	v, ok := w.l.weight(t.text, w.stems[i])
	if !ok {
		h := w.l.typos.get(t.text, w.l.typo)
		v, ok = h.weight, h.ok
	}
	if ok && v != 0 && !w.l.inDegree(w.toks, i) {
		if t.caps && !allCaps {
			v *= capsFactor
		}
		if v > 0 && w.wordsSeen <= 4 && len(w.items) == 0 && !clauseBetween(w.toks, -1, i) {
			// Thanks for help after a mishap is meant: only an evaluation opens irony.
			w.opener = !w.l.thanks[t.text]
			w.openerClause, w.openerAt = w.l.praisesAFact(w.toks, i), i
		}
		w.add(i, v, true)
		return i
	}
	if w.boostLeft > 0 {
		w.boostLeft--
	}
	if w.negLeft > 0 {
		if w.negLeft--; w.negLeft == 0 {
			w.closeNegation()
		}
	}
	return i
}

// endClause ends the clause at the mark at token i (. ; : ? ! a line end, a comma or dash): the
// open negation, intensifier, concession, wish and elsewhere end with it; the next clause starts
// after i.
func (w *walk) endClause(i int) {
	w.closeNegation()
	w.boostLeft, w.conceding, w.concedeLeft, w.clauseStart, w.wishing, w.elsewhere = 0, false, 0, i+1, false, false
}

// add records a feeling at token i, with the waiting intensifier and negation when it is a word.
func (w *walk) add(i int, v float64, isWord bool) {
	it := item{at: i, sentence: len(w.sentences) - 1, weight: v, conceded: w.conceding || w.concedeLeft > 0, named: w.naming && w.concedeLeft > 0, wish: w.wishing,
		elsewhere: w.elsewhere}

	if isWord {
		w.concedeLeft = 0 // a concessive preposition's noun phrase ends at its word of feeling
	}
	if isWord && w.boostLeft > 0 {
		it.weight *= w.boost
		w.boostLeft = 0
	}
	if isWord && w.negLeft > 0 {
		it.weight *= negationFactor
		it.negate = true
		w.negAt, w.negLeft = -1, 0
	}
	w.items = append(w.items, it)
}

// closeNegation ends the open negation. One that turned nothing looks back, as Dutch puts niet
// after the verb ("het helpt niet"), else it is a complaint of its own.
func (w *walk) closeNegation() {
	if w.negAt < 0 {
		return
	}
	at := w.negAt
	w.negAt, w.negLeft = -1, 0
	if k := len(w.items) - 1; w.negBack && k >= 0 && w.items[k].at < at && !w.items[k].negate && !w.items[k].phrase && !w.items[k].implied && at-w.items[k].at <= lookBack &&
		!clauseBetween(w.toks, w.items[k].at, at) {
		w.items[k].weight *= negationFactor
		w.items[k].negate = true
		return
	}
	// "Nee", "none": a bare negation answers a question and is no complaint.
	if w.wordsSeen > 1 && w.negComplains {
		w.items = append(w.items, item{at: at, sentence: len(w.sentences) - 1, weight: unresolvedNegation, implied: true,
			conceded: w.conceding, unresolved: true, wish: w.wishing})
	}
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
	sum, any := 0.0, false
	for _, it := range w.items {
		v := it.weight
		s := w.sentences[it.sentence]
		// A wish keeps its complaints ("please hire more people, waiting 45 minutes is not normal");
		// so does a condition ("als het morgen niet komt, ben ik boos").
		supposed := it.wish || (s.conditional && !s.habitual)
		if ((s.question || (s.asks && !s.stopped)) && !s.rhetorical && math.Abs(v) < questionKeeps) ||
			(supposed && (v > 0 || it.implied) && math.Abs(v) < hypotheticalKeeps) ||
			(v > 0 && w.whereasAt >= 0 && it.sentence == w.whereasSent && it.at > w.whereasAt) {
			continue
		}
		if (sarcastic || it.elsewhere) && v > 0 && !it.negate {
			v *= sarcasmFactor
		}
		if w.contrastAt >= 0 {
			if it.at < w.contrastAt {
				v *= contrastBefore
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
