package text

import (
	"bufio"
	"embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The general word lists arrive from npm at build time (make assets → scripts/lexicon.mjs →
// lexicon/*.json, not in git); our own customer-service lists and rules are domain_*.txt and
// emoji.txt beside this file. NOTICE names each list, its origin and licence.
//
//go:embed lexicon/*.json
var lexiconFS embed.FS

//go:embed domain_nl.txt domain_en.txt emoji.txt
var domainFS embed.FS

// Weights are on one scale for every list, that of VADER's lexicon (about −4..4; Hutto and
// Gilbert, "VADER: A Parsimonious Rule-based Model for Sentiment Analysis of Social Media
// Text", ICWSM 2014), so one normalisation serves both languages.
const (
	// patternScale takes the Pattern lexicon's [-1, 1] to it: goed 0.5 → 1.75 (VADER's "good"
	// is 1.9), slecht −0.7 → −2.45 ("bad" −2.5).
	patternScale = 3.5
	// patternFloor leaves out Pattern's faintest entries (|v| ≤ 0.2: "erg", "echt", "war"),
	// which in customer-service text are function words more than feelings.
	patternFloor = 0.25
	// afinnScale takes AFINN's −5..5 to it: good 3 → 1.95, bad −3 → −1.95.
	afinnScale = 0.65
)

// language holds what the scorer and the stemmer know of one language.
type language struct {
	stem    func(string) string
	stems   cache[string]      // stem's results, for the write path
	typos   cache[typoHit]     // typo's results
	stop    map[string]bool    // stop words, left out of Stems
	surface map[string]float64 // words as written: ours, and AFINN's own
	words   map[string]float64 // our words by stem
	general map[string]float64 // the general lexicon by stem (Pattern's keys, AFINN's stems)
	// inflected says whether a word may take a general entry of its stem; nil: any may.
	inflected func(word, stem string) bool
	phrases   map[string][]phrase
	rules     map[string]rule // negators, boosters, contrast and sarcasm cues, by surface word
	detectWt  map[string]float64
	degrees   []ending // endings of comparatives and superlatives, longest first
	comparing []ending // … of comparatives only
	prefixes  []affix  // prefixes that negate or intensify the word they start
	// diminutives: endings that make a diminutive (foutje, vlotjes), read as their base word
	diminutives []ending
	adverbs     string // the ending of an adverb (English -ly: definitely), no noun: someoneElse
	typoIdx     typoIndex
	facts       map[string]bool // dat, that, how: praise followed by one praises a fact, often ironically
	thanks      map[string]bool // bedankt, grateful: praise that opens no irony
	measures    map[string]bool // klein, veel, many: what te/too make a complaint of
	emphasis    map[string]bool // gewoon, just: between quotes stressed, not ironic
	labels      map[string]bool // optie, status: the quoted words after it are a name, no irony
	stays       map[string]bool // blijft: a hope in its clause hopes for no change, its praise is had
	demands     map[string]bool // tijd: the dat-clause after it is demanded, not had
	habits      map[string]bool // altijd, always: a sentence opening with als, if tells a habit
	subjects    map[string]bool // ik, het, they: als, if before one opens a condition mid-sentence
	stars       map[string]bool // sterren, stars: a mark out of five ("2 sterren")
	balances    map[string]bool // gemiddeld, average: a closing verdict that weighs both sides
	// modals (kan, mag, had, gekund) and comparatives (beter; more before a word of praise)
	// make room for improvement ("kan beter", "could be more helpful"), and a comparative after
	// an indefinite article (a, an) none unless a degree (a bit, a great deal) follows the
	// article; after a modal of what one can do (can, could finally) only the between words
	// (and negations, intensifiers) stand between the two; a denied comparative has its noun
	// after it only after a verb of seeking (ask, vragen: seekers), or of getting (get, find:
	// obtainers) said of anyone (you: anyone) or of what could have been (have: perfects), one
	// not denied only after a modal of duty (should: duties): improvable, roomBetween, noneBetter;
	// a subject after the modal asks only at its clause's start or after a question word (hoe,
	// waarom: the question words and whys): roomBetween
	modals, comparatives, more, articles, between, seekers, duties map[string]bool
	obtainers, anyone, perfects, whys                              map[string]bool
	// a Dutch modal of ability (kan: ables) and a word of now (nu, eindelijk: nows) before a
	// comparative and its verb: what one can do better now (canNow)
	ables, nows map[string]bool
	// a Dutch verb of becoming before a comparative of praise (gaat, wordt: becomes) or its
	// participle after it (geworden: became): it got better (getsBetter)
	becomes, became        map[string]bool
	degreeWords, abilities wordRuns
	// a modal of intent (would, I'd: intenders) before an intent in its clause (recommend; buy
	// … again, come … back: intents) tells what the writer means to do, praise, no wish:
	// intentAt
	intenders map[string]bool
	intents   wordRuns
	// a tag a single ? ends (toch, right, isn't it): the sentence before it is a statement
	// (tagAt)
	tags wordRuns
	// … unless it is another's (he, they, a noun after the, my: others, determiners) or an
	// obligation (have to, need to: obligations): intentAt
	others, determiners, obligations map[string]bool
	// how the writer speaks (eerlijk gezegd, to be honest): weight 0, and between commas no
	// words of their clause: asideAt
	asides wordRuns
	// words that open a clause (dat, and): an aside before one keeps its comma's break (Words),
	// and a split phrase may end before one (splitPhrase)
	clauses map[string]bool
	// a verb's particles (tegen, mee) and the middle words that may stand between it and the
	// verb of a phrase (me, wel, allemaal): splitPhrase
	particles, middles map[string]bool
	// a pronoun that names what a wish is about (het, dat): with a condition it makes the
	// wish a request ("Ik zou het op prijs stellen als …": score.go requestAt)
	anticipators map[string]bool
	// how high a cost or a grade is (level.go levelAt): level words (hoog 1, laag −1) and the
	// nouns that give them their sign, costs (prijs, price) and grades (kwaliteit, quality),
	// said of a noun before a copula (zijn, are) or after a verb of finding (finds: vind, find)
	// too; compounds: a word ending on a cost or grade is one (verzendkosten, beeldkwaliteit);
	// a noun after a preposition (voor, for: prepositions) is in a phrase of its own, no noun
	// the level describes ("voor deze kwaliteit")
	levels                                      map[string]float64
	costs, grades, copulas, finds, prepositions map[string]bool
	compounds                                   bool
	// an expectation surpassed or not met (expects), a promise kept (does, whats, promises) and
	// the writer not knowing yet (knowing, writers): level.go
	expects, does, whats, promises map[string]bool
	knowing, writers               map[string]bool
	// forms of the verbs whose stem is an adjective's (slapen, slaap: slap), which weigh only
	// as written (weight); conjugate makes them of a verb line's infinitive
	verbForms map[string]bool
	conjugate func(infinitive string) ([]string, bool)
	// forms of the verbs of how one is (slapen, voelen: a state line's infinitive, and the past
	// forms it lists, sliep): the writer's with a comparative of praise is praise (better.go
	// feelsBetter)
	stateForms map[string]bool
	// "waarom moet ik 3x …": a why, a modal of obligation (musts) and the writer open it, and a
	// repetition (repeats: opnieuw, elke keer; times after a number: keer) makes it a complaint
	// (repeat.go)
	musts, times map[string]bool
	repeats      wordRuns
}

// A phrase of our domain list: its stems in order, matched at its first stem.
type phrase struct {
	stems  []string
	weight float64
}

type ruleKind uint8

const (
	negator ruleKind = iota + 1
	booster          // factor > 1 intensifies, < 1 damps
	contrast
	sarcasm
	wishes    // a word that makes a sentence a wish or suggestion (zou, would, misschien)
	asks      // a word that opens a question (hoe, wanneer, how)
	asksIf    // a verb that opens a question when a pronoun or article follows (kan ik, is er)
	person    // a pronoun or article, for asksIf
	number    // a number word (twee, three): stemmed as "#", as digits are
	excess    // te, too: before a measure (klein, many) a complaint, before a feeling a booster
	concedes  // ondanks, hoewel, although: what they concede weighs little (factor: which kind)
	affirms   // wel: after a negated clause and a comma, the contrast ("niet X, wel Y")
	topic     // over, about: the noun phrase after it is named, not judged
	elsewhere // elders, elsewhere, concurrent: praise beside it is of another company
	than      // dan, than: elsewhere after it is the worse
	whereas   // terwijl: in a text with no feeling, a complaint
)

type rule struct {
	kind   ruleKind
	factor float64 // a booster's factor; for a negator 1 when it complains alone, 0 when not
	back   bool    // a negator that, finding nothing after it, turns the feeling just before
	// atStart: a contrast only as its clause's first word (toch); within it a particle
	atStart bool
	// keeps: a contrast that keeps the clause before it whole (alleen: "…, only …")
	keeps bool
	// hopes: a wish whose praise is hoped for, not had, however strong (hopelijk)
	hopes bool
}

var (
	nlLang = &language{compounds: true, conjugate: dutchVerbForms, stem: dutchStem, degrees: nlDegrees, comparing: nlComparing, diminutives: nlDiminutives, prefixes: nlPrefixes, inflected: dutchInflection}
	enLang = &language{stem: englishStem, degrees: enDegrees, comparing: enComparing, prefixes: enPrefixes, adverbs: enAdverbs}
	emojis map[string]float64
)

// loaded builds the lists once, on first use (ready), not at the program's start: every
// command paid for them there, a report from the engine file too, which reads no text.
var loaded = sync.OnceValue(load)

// ready makes sure the lists are built; every exported reader calls it first.
func ready() {
	if err := loaded(); err != nil {
		panic("text: " + err.Error()) // the lists are built in; a test loads them
	}
}

func load() error {
	var pattern, afinn map[string]float64
	var stopNL, stopEN, negationsNL []string
	for name, into := range map[string]any{
		"pattern_nl.json": &pattern, "afinn_en.json": &afinn,
		"stopwords_nl.json": &stopNL, "stopwords_en.json": &stopEN, "negations_nl.json": &negationsNL,
	} {
		b, err := lexiconFS.ReadFile("lexicon/" + name)
		if err != nil {
			return fmt.Errorf("lexicon/%s: %w (run make assets)", name, err)
		}
		if err := json.Unmarshal(b, into); err != nil {
			return fmt.Errorf("lexicon/%s: %w", name, err)
		}
	}
	nlLang.stop, enLang.stop = set(stopNL), set(stopEN)
	nlLang.general = make(map[string]float64, len(pattern))
	for k, v := range pattern {
		if v >= patternFloor || v <= -patternFloor {
			nlLang.general[k] = v * patternScale
		}
	}
	enLang.surface = make(map[string]float64, len(afinn))
	enLang.general = make(map[string]float64, len(afinn))
	for _, k := range slices.Sorted(maps.Keys(afinn)) { // in order: a tie of forms always ends alike
		v := afinn[k]
		if strings.Contains(k, " ") {
			continue // AFINN's few phrases ("no fun"): our rules read negation
		}
		enLang.surface[k] = v * afinnScale
		// Inflections AFINN does not list find the weight of a listed form by stem, when that
		// form is itself an inflection of the stem (disappointed → disappointing; useful is
		// no inflection of use); where forms disagree the stronger holds.
		s := englishStem(k)
		if !englishInflection(k, s) {
			continue
		}
		if w, ok := enLang.general[s]; !ok || abs(v*afinnScale) > abs(w) {
			enLang.general[s] = v * afinnScale
		}
	}
	for _, l := range []struct {
		file string
		lang *language
	}{{"domain_nl.txt", nlLang}, {"domain_en.txt", enLang}} {
		if err := l.lang.readDomain(l.file); err != nil {
			return err
		}
	}
	// Dutch has too many real words one letter from a feeling (klopte–klote, schade–schande,
	// attest–attent) for typos to be guessed; English has fewer.
	enLang.buildTypos()
	// nlp.js's Dutch negations (niet, nooit, niemand, niets, nee, neen) are negators where our
	// list does not say more of the word.
	for _, w := range negationsNL {
		if _, ok := nlLang.rules[w]; !ok {
			nlLang.rules[w] = rule{kind: negator, factor: 1}
		}
	}
	return readEmoji()
}

// readDomain reads one of our lists: a line is `WEIGHT<TAB>words` (a word or phrase and its
// weight; # in a phrase stands for any number), `KIND<TAB>word` for the kinds negator,
// negator-back (also turns the word before it), without (a negator that is no complaint
// alone), contrast, sarcasm, wish, number, question (a word that opens a question),
// question-verb (one that does when a pronoun follows: kan ik), pronoun, fact (dat, that:
// praise followed by it praises a fact), thanks, measure (te klein), emphasis, concedes,
// concedes-phrase, concedes-at-start, concedes-before-verb, concedes-if-at-start, affirms
// (wel), topic (over), elsewhere, than, whereas, modal, comparative, more, article, between,
// verb (an infinitive whose forms are no adjective of its stem: slapen), state (one of how one
// is: slapen, voelen), seek, obtain, anyone,
// perfect, able, now, why, duty, intends, other, determiner, obliges, clause,
// particle, middle, contrast-at-start, contrast-keeps (alleen), cost, grade, copula, find,
// preposition, expect, does, what, promise, knowing, writer, must and times,
// `degree|ability|intent|aside|tag|repeat<TAB>words`
// (domain_nl.txt's header tells each), `booster<TAB>FACTOR<TAB>word`, `excess<TAB>FACTOR<TAB>word` (te, too), `level<TAB>FACTOR<TAB>word` (hoog, low) or
// `lang<TAB>WEIGHT<TAB>word` (evidence for language detection). Words are matched by stem;
// our weights override the general lexicon's.
func (l *language) readDomain(file string) error {
	f, err := domainFS.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	l.phrases, l.rules, l.detectWt, l.words = map[string][]phrase{}, map[string]rule{}, map[string]float64{}, map[string]float64{}
	l.levels, l.verbForms, l.stateForms = map[string]float64{}, map[string]bool{}, map[string]bool{}
	// The kinds of line that list a word (`KIND<TAB>word`) or a run of words
	// (`KIND<TAB>words`), and where each goes: one table, which the reading below looks up.
	sets := map[string]*map[string]bool{"fact": &l.facts, "thanks": &l.thanks, "measure": &l.measures,
		"emphasis": &l.emphasis, "label": &l.labels, "stays": &l.stays, "demand": &l.demands, "habit": &l.habits, "subject": &l.subjects, "star": &l.stars,
		"balance": &l.balances, "modal": &l.modals, "comparative": &l.comparatives, "more": &l.more,
		"article": &l.articles, "between": &l.between, "seek": &l.seekers, "duty": &l.duties, "intends": &l.intenders,
		"other": &l.others, "determiner": &l.determiners, "obliges": &l.obligations,
		"obtain": &l.obtainers, "anyone": &l.anyone, "perfect": &l.perfects, "why": &l.whys,
		"able": &l.ables, "now": &l.nows, "becomes": &l.becomes, "became": &l.became,
		"clause": &l.clauses, "particle": &l.particles, "middle": &l.middles, "anticipates": &l.anticipators,
		"cost": &l.costs, "grade": &l.grades, "copula": &l.copulas, "find": &l.finds, "preposition": &l.prepositions, "expect": &l.expects, "does": &l.does,
		"what": &l.whats, "promise": &l.promises, "knowing": &l.knowing, "writer": &l.writers,
		"must": &l.musts, "times": &l.times}
	runs := map[string]*wordRuns{"degree": &l.degreeWords, "ability": &l.abilities, "intent": &l.intents, "aside": &l.asides, "tag": &l.tags, "repeat": &l.repeats}
	for _, set := range sets {
		*set = map[string]bool{}
	}
	for _, r := range runs {
		*r = wordRuns{}
	}
	if l.surface == nil {
		l.surface = map[string]float64{}
	}
	var z tokenizer
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		bad := func(why string) error {
			return fmt.Errorf("%s:%d: %s (want WEIGHT<TAB>words, or negator|contrast|sarcasm<TAB>word, or booster|lang<TAB>NUMBER<TAB>word)", file, n, why)
		}
		num := func(s string) (float64, error) {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return 0, bad(fmt.Sprintf("%q is not a number", s))
			}
			return v, nil
		}
		kind := fields[0]
		if set, ok := sets[kind]; ok {
			if len(fields) != 2 {
				return bad("two fields expected")
			}
			(*set)[fields[1]] = true
			continue
		}
		if r, ok := runs[kind]; ok {
			if len(fields) != 2 || strings.TrimSpace(fields[1]) == "" {
				return bad("two fields expected, the second one or more words")
			}
			r.add(fields[1])
			if kind != "aside" {
				continue
			}
			// An aside weighs nothing, as a line of weight 0 (below) does.
			kind, fields = "0", []string{"0", fields[1]}
		}
		switch kind {
		case "verb", "state":
			if l.conjugate == nil || len(fields) < 2 || len(fields) > 3 || kind == "verb" && len(fields) == 3 {
				return bad("two fields expected (a state three with its past forms), in a language whose verbs we conjugate (Dutch)")
			}
			forms, ok := l.conjugate(fields[1])
			if !ok {
				return bad(strconv.Quote(fields[1]) + " is no infinitive on -en")
			}
			if len(fields) == 3 {
				// The past is written out: a strong verb's is another word (slapen: sliep).
				forms = append(forms, strings.Fields(fields[2])...)
			}
			into := l.verbForms
			if kind == "state" {
				into = l.stateForms
			}
			for _, f := range forms {
				into[f] = true
			}
		case "negator", "negator-back", "without", "contrast", "sarcasm", "wish", "hope", "number", "question", "question-verb", "pronoun",
			"concedes-phrase", "concedes", "concedes-at-start", "concedes-before-verb", "concedes-if-at-start", "affirms",
			"topic", "elsewhere", "than", "whereas", "contrast-at-start", "contrast-keeps":
			if len(fields) != 2 {
				return bad("two fields expected")
			}
			r := rule{kind: map[string]ruleKind{"negator": negator, "negator-back": negator, "without": negator, "contrast": contrast,
				"contrast-at-start": contrast, "contrast-keeps": contrast, "sarcasm": sarcasm, "wish": wishes, "hope": wishes, "number": number, "question": asks, "question-verb": asksIf, "pronoun": person,
				"concedes-phrase": concedes, "concedes": concedes, "concedes-at-start": concedes, "concedes-before-verb": concedes,
				"affirms": affirms, "concedes-if-at-start": concedes, "topic": topic, "elsewhere": elsewhere, "than": than,
				"whereas": whereas}[kind], factor: 1}
			switch kind {
			case "concedes-phrase":
				r.factor = concedesPhrase
			case "concedes":
				r.factor = concedesClause
			case "concedes-at-start":
				r.factor = concedesAtStart
			case "concedes-before-verb":
				r.factor = concedesBeforeVerb
			case "concedes-if-at-start":
				r.factor = concedesIfAtStart
			case "without":
				r.factor = 0 // zonder, without: turns what follows, complains of nothing alone
			case "negator-back":
				r.back = true // niet after its verb: "het helpt niet"
			case "contrast-at-start":
				r.atStart = true // toch: within its clause a particle
			case "contrast-keeps":
				r.keeps = true // alleen: what came before stands
			case "hope":
				r.hopes = true
			}
			l.rules[fields[1]] = r
		case "booster", "excess", "lang", "level":
			if len(fields) != 3 {
				return bad("three fields expected")
			}
			v, err := num(fields[1])
			if err != nil {
				return err
			}
			switch kind {
			case "lang":
				l.detectWt[fields[2]] = v
			case "level":
				l.levels[fields[2]] = v
			case "excess":
				l.rules[fields[2]] = rule{kind: excess, factor: v}
			default:
				l.rules[fields[2]] = rule{kind: booster, factor: v}
			}
		default:
			if len(fields) != 2 {
				return bad("two fields expected")
			}
			v, err := num(fields[0])
			if err != nil {
				return err
			}
			var stems []string
			surface := ""
			for _, t := range z.tokenize(strings.ReplaceAll(fields[1], "#", "0")) {
				if t.kind == word {
					stems = append(stems, l.stemOf(t.text))
					surface = t.text
				}
			}
			if len(stems) == 0 {
				return bad("no word in " + strconv.Quote(fields[1]))
			}
			if len(stems) == 1 {
				// The word as written and every word of its stem: ours wins over the
				// general lexicon's entry for either.
				l.surface[surface] = v
				l.words[stems[0]] = v
				continue
			}
			l.phrases[stems[0]] = append(l.phrases[stems[0]], phrase{stems: stems, weight: v})
		}
	}
	return sc.Err()
}

func set(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
