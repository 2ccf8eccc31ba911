package text

// What the scorer reads of a text's build beside its words: where a question, a concession or
// a comparison starts, which phrase of our lists a token opens, whether a feeling follows.

// opensQuestion: token i, a sentence's first word, opens a question: hoe, wanneer; or kan, is
// followed by a pronoun or article (kan ik, is er, is deze; not "kan niet klagen"). Wat, what
// (the language's whats) before a subject opens what the sentence speaks of, no question ("Wat
// ze beloven is onzin", "What they promise is nonsense"): a question puts its verb there.
func (l *language) opensQuestion(toks []token, i int) bool {
	r, ok := l.rules[toks[i].text]
	if !ok || l.whats[toks[i].text] && i+1 < len(toks) && toks[i+1].kind == word && l.subjects[toks[i+1].text] {
		return false
	}
	switch r.kind {
	case asks:
		return true
	case asksIf:
		if i+1 < len(toks) && toks[i+1].kind == word {
			next, ok := l.rules[toks[i+1].text]
			return ok && next.kind == person
		}
	}
	return false
}

// tagAt: the words of a tag at token i (the language's tags: toch, hè, niet; right, isn't it)
// that a single ? ends after words of its sentence ("Goed geregeld toch?", "Netjes opgelost,
// niet?", "Great service, right?"): the writer asks for agreement with what they told, no
// question of their own. A tag that opens with a negation follows a comma ("het werkt niet?"
// asks whether it does not). 0 when none is there.
func (l *language) tagAt(toks []token, i int) int {
	n := l.tags.at(toks, i)
	if n == 0 || i == 0 || i+n >= len(toks) || toks[i+n].kind != qmark || i+n+1 < len(toks) && (toks[i+n+1].kind == qmark || toks[i+n+1].kind == bang) {
		return 0
	}
	before := toks[i-1].kind
	if r, ok := l.ruleOf(toks[i].text); ok && r.kind == negator && before != comma || before != word && before != comma {
		return 0
	}
	return n
}

// Concessions, by their rule's factor: a preposition that concedes a noun phrase (ondanks,
// despite); a conjunction that opens a clause anywhere (hoewel, although); one that does so at
// a clause's start or after even and is a contrast elsewhere ("Though late, …", "even though";
// "slow though"); one that does so at a clause's start before a verb ("Al was het duur, …",
// not "al een week"); a condition at a clause's start (Als het misgaat, …; not "als een
// zonnetje").
const (
	concedesPhrase = iota
	concedesClause
	concedesAtStart
	concedesBeforeVerb
	concedesIfAtStart
)

// opensConcession: the concessive word at token i, of the given kind, opens a clause.
func (l *language) opensConcession(toks []token, i int, kind float64) bool {
	start := i == 0 || toks[i-1].kind != word
	switch kind {
	case concedesClause:
		return true
	case concedesAtStart:
		return start || toks[i-1].text == "even"
	case concedesIfAtStart:
		return start || toks[i-1].text == "even" || toks[i-1].text == "ook" || toks[i-1].text == "zelfs"
	case concedesBeforeVerb:
		if !start || i+1 >= len(toks) || toks[i+1].kind != word {
			return false
		}
		r, ok := l.rules[toks[i+1].text]
		return ok && r.kind == asksIf
	}
	return false
}

// opensCondition: als, if at token i, within a sentence, opens a condition: a subject follows
// (als ik, if they) and no comparison comes before it (net als, zo snel als, just as).
func (l *language) opensCondition(toks []token, i int) bool {
	if i+1 >= len(toks) || toks[i+1].kind != word || !l.subjects[toks[i+1].text] {
		return false
	}
	if i > 0 && toks[i-1].kind == word {
		switch toks[i-1].text {
		case "net", "zoals", "zo", "even", "as", "just":
			return false
		}
	}
	return true
}

// A mark given in a text weighs by where it stands on its scale: out of ten, 6 is the pass mark
// of Dutch schools and weighs nothing, 10 weighs as "top" (3); out of five, 3 stars weigh nothing,
// 5 as much as 10 out of 10.
const (
	markPerPoint10, markPass10 = 0.75, 6
	markPerStar, markPassStars = 1.5, 3
)

// rating reads a mark at token i: "8/10" (tokenized 8 10), "4/5", "2 sterren", "5 stars",
// standing on its own (nothing or a mark before it, or nothing or a mark after it: not the date
// in "besteld op 5/10 en …"). It returns how many tokens the mark takes and its weight.
func (l *language) rating(toks []token, i int) (int, float64) {
	n, ok := smallInt(toks[i].text)
	if !ok || i+1 >= len(toks) || toks[i+1].kind != word {
		return 0, 0
	}
	v := 0.0
	switch next := toks[i+1].text; {
	case l.stars[next] && n <= 5:
		v = markPerStar * float64(n-markPassStars)
	case next == "10" && n <= 10:
		v = markPerPoint10 * float64(n-markPass10)
	case next == "5" && n <= 5:
		v = markPerStar * float64(n-markPassStars)
	default:
		return 0, 0
	}
	if i > 0 && toks[i-1].kind == word && i+2 < len(toks) && toks[i+2].kind == word {
		return 0, 0
	}
	return 2, v
}

// smallInt reads "0" to "10".
func smallInt(s string) (int, bool) {
	switch {
	case len(s) == 1 && s[0] >= '0' && s[0] <= '9':
		return int(s[0] - '0'), true
	case s == "10":
		return 10, true
	}
	return 0, false
}

// improvable: the words of a comparative of praise at token i (comparativeAt: "beter",
// "faster", "more helpful") after a modal verb of its clause, with at most improvableGap words
// between that leave it a verdict (roomBetween), and nothing after it but modals and particles
// until the clause ends: "kan beter", "mag wel wat sneller", "had beter gekund", "kan beter
// hoor", "could be more helpful", "could be better though" (a though that ends a clause, as in
// "slow though") tell room for improvement; 0 when the words tell none. A word after it ("kan
// beter zelf bellen") makes it another sentence, unless the comparative is denied and sought
// (noneBetter: ask, wish; vragen, wensen; get, find said of anyone): then up to nounWords words
// after it, to the clause's end, are its noun and where one would look for it, and the
// comparative says there is none better to be had ("you can't ask for better service",
// "couldn't ask for better customer service", "you can't get better service anywhere", "je
// kunt geen betere service vragen"), its article before it the noun's ("I couldn't have asked
// for a better experience"). After another verb a denied comparative with its noun is a
// refusal or a failure, none better to give or get ("they couldn't offer better prices", "we
// couldn't get better seats", "ze konden geen betere prijs bieden"), and not denied it tells no
// verdict on what there is ("we could use faster servers": a suggestion, as after an article):
// their comparatives are words of their own.
// After a modal of duty (should: the language's duties) a comparative with its noun is what
// there should be and is not, room for improvement as "support should respond faster" is ("they
// should hire better staff", "you should offer faster delivery").
func (l *language) improvable(toks []token, i int, denied bool) int {
	// The modal first: a map lookup or two, where the comparative is a lexicon search. A degree
	// counts as one word between (roomBetween), so the modal may stand as many words further
	// back as a degree has beyond one.
	m := wordAt(toks, i-1, i-2-improvableGap-l.degreeWords.longest, func(j int) bool { return l.modals[toks[j].text] })
	if m < 0 && denied {
		m = l.anyoneGets(toks, i)
	}
	if m < 0 || !l.roomBetween(toks, m, i, denied) {
		return 0
	}
	n := l.comparativeAt(toks, i)
	noun := 0
	if n > 0 && (denied && l.noneBetter(toks, m, i, n) || !denied && l.duties[toks[m].text]) {
		noun = l.nounReach(toks, i+n)
	}
	if noun == 0 && l.articles[toks[i-1].text] {
		return 0 // an article before a denied comparative is its noun's: one sought, or none
	}
	for j := i + n; n > 0 && j < len(toks) && toks[j].kind == word; j++ {
		r, ok := l.rules[toks[j].text]
		particle := ok && (r.kind == sarcasm || r.kind == booster || r.kind == affirms || r.kind == concedes && r.factor == concedesAtStart)
		if !l.modals[toks[j].text] && !particle && j >= i+n+noun && !l.becomingAfter(toks, i, m, j) {
			return 0
		}
	}
	return n
}

// becomingAfter: token j, after the comparative at token i and its modal at token m, is a verb
// of becoming (the language's becomes, became: worden, gaan, geworden) that closes the clause,
// as Dutch puts it: "Het moet beter worden", "Het moet sneller gaan" are room for improvement
// as "moet beter" is. After a modal said of anyone the verb is one of its own, advice ("Je
// kunt beter gaan", as getsBetter's "Je gaat beter naar de winkel").
func (l *language) becomingAfter(toks []token, i, m, j int) bool {
	return (l.becomes[toks[j].text] || l.became[toks[j].text]) && (j+1 == len(toks) || toks[j+1].kind != word) &&
		!l.advisesAt(toks, i, m, 0)
}

// roomBetween: the words between a modal at token m and a comparative at token i leave the
// comparative a verdict on what there is, and are at most improvableGap, a degree counted as
// one ("could have been a whole lot better"). A subject right after a modal that asks (asksAt)
// makes it another sentence ("kan ik beter zien", "can I better call"); after one that does
// not it is Dutch's verb second ("Eerlijk gezegd mag de levering wel wat sneller", "volgens mij
// kan het wel wat sneller"), the subject after the verb. A pronoun or the after
// a verb is that verb's object ("you should answer the phone sooner", "the agent could have
// explained it better"). A condition (als het, if they) opens a clause of its own: what it
// supposes is no verdict of the modal's ("het zou fijn zijn als het sneller kon"). An article
// makes the comparative a noun's ("could use a cleaner, simpler design", "a much cleaner"),
// what one could use a suggestion, unless a degree follows it (degreeAt: "a bit", "a whole
// lot"). After a modal of what one can do (English can, and could finally: the language's
// abilities) only the between words may stand there (English: be, have, do, made and a few
// adverbs, besides negations and intensifiers: "can be a lot faster"): any other word is a verb
// of its own, which tells what one can do now ("we can order more quickly", "now I can sleep
// better", "we could finally pay more quickly"). After the other modals, can't among them, a
// verb of its own is what one should or could do better ("support should respond faster", "the
// app could load faster", "the app might load faster") or, denied, that it could be no better
// ("couldn't ask for better", "you can't order more quickly"); Dutch lists no abilities, as its
// verb closes the clause ("mag wel wat sneller").
func (l *language) roomBetween(toks []token, m, i int, denied bool) bool {
	able := l.abilities.at(toks, m)
	first := m + max(able, 1)
	// The words of an ability (could finally) count as words between, as they did when
	// improvable's search for the modal alone kept the gap; a negation right after the modal is
	// the modal's, as in couldn't ("could not have made it any easier").
	words := first - m
	if first < i && l.rules[toks[first].text].kind == negator {
		words--
	}
	for j := first; j < i; j, words = j+1, words+1 {
		w := toks[j].text
		r, ok := l.rules[w]
		switch {
		case words > improvableGap:
			return false
		case ok && r.kind == person && j == first && l.asksAt(toks, m):
			return false
		case ok && r.kind == concedes && r.factor == concedesIfAtStart && l.opensCondition(toks, j):
			return false
		case l.articles[w] && denied && j == i-1:
			// A denied comparative's noun may follow it, its article before it (noneBetter,
			// in improvable).
		case l.articles[w]:
			n := l.degreeAt(toks, j)
			if n == 0 || j+n > i {
				return false
			}
			j += n - 1
		case able == 0 || l.between[w] || ok && (r.kind == booster || r.kind == negator):
		default:
			return false
		}
	}
	return true
}

// asksAt: the modal at token m, with a subject after it, asks: it opens its clause ("Kan de
// levering sneller", "can I better call"), a question word stands before it in its clause (hoe,
// wanneer: the language's question words; waarom, why: its whys), or a question mark ends its
// sentence ("Misschien kan de levering sneller?"). Else words before it put its subject after
// it, as Dutch does after any first word ("Eerlijk gezegd mag de levering …").
func (l *language) asksAt(toks []token, m int) bool {
	if m == 0 || toks[m-1].kind != word {
		return true
	}
	asking := wordAt(toks, m-1, -1, func(j int) bool {
		r, ok := l.rules[toks[j].text]
		return ok && r.kind == asks || l.whys[toks[j].text]
	})
	if asking >= 0 {
		return true
	}
	for j := m + 1; j < len(toks) && toks[j].kind != boundary && toks[j].kind != bang; j++ {
		if toks[j].kind == qmark {
			return true
		}
	}
	return false
}

// degreeAt: the words of a degree at token j, an indefinite article and the words after it
// that say how much ("a bit", "a lot", "a whole lot", "a great deal"; the language's degree
// lines), 0 when none is there. Before a comparative its words are no noun's and no feeling of
// their own: "could be a great deal better" is room for improvement, no praise of great
// (inDegree).
func (l *language) degreeAt(toks []token, j int) int {
	if toks[j].kind != word || !l.articles[toks[j].text] {
		return 0
	}
	if n := l.degreeWords.at(toks, j+1); n > 0 {
		return n + 1
	}
	return 0
}

// inDegree: token i is a word of a degree before a comparative ("great" in "a great deal
// better", "a good deal more helpful"): it says how much, it praises nothing.
func (l *language) inDegree(toks []token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-l.degreeWords.longest; j-- {
		if n := l.degreeAt(toks, j); n > 0 && j+n > i {
			k := j + n
			return k < len(toks) && toks[k].kind == word && (l.more[toks[k].text] || l.comparativeOfPraise(toks[k].text))
		}
	}
	return false
}

// comparativeAt: the words of a comparative of praise at token i, 0 when none is: one
// (comparativeOfPraise), or two when a word that makes a comparative of the next ("more")
// stands before a word of praise ("more helpful", as English compares most words of praise),
// and two more for each word of praise joined to it by and, or: more compares each ("more
// friendly and helpful", "couldn't have been more friendly or helpful").
func (l *language) comparativeAt(toks []token, i int) int {
	if !l.more[toks[i].text] {
		if l.comparativeOfPraise(toks[i].text) {
			return 1
		}
		return 0
	}
	n := 0
	for j := i + 1; j < len(toks) && toks[j].kind == word; j += 2 {
		if v, ok := l.baseWeight(toks[j].text); !ok || v <= 0 {
			break
		}
		n = j - i + 1
		if j+1 >= len(toks) || toks[j+1].kind != word || toks[j+1].text != "and" && toks[j+1].text != "or" {
			break
		}
	}
	return n
}

// improvableGap: the most words between a modal and its comparative ("mag wel wat sneller",
// "kan echt een stuk beter").
const improvableGap = 4

// comparativeOfPraise: w is beter (goed's, listed) or a word of praise with a comparative's
// ending ("sneller", "vriendelijker", "happier", "friendlier"); not a word that only ends so
// ("super", "lekker").
func (l *language) comparativeOfPraise(w string) bool {
	if l.comparatives[w] {
		return true
	}
	for _, e := range l.comparing {
		if base, ok := e.cut(w); ok {
			v, ok := l.baseWeight(base)
			return ok && v > 0
		}
	}
	return false
}

// comparedTo: "dan", "than" stands within three words before token i ("goedkoper dan bij de
// concurrent").
func (l *language) comparedTo(toks []token, i int) bool {
	return wordAt(toks, i-1, i-4, func(j int) bool {
		r, ok := l.rules[toks[j].text]
		return ok && r.kind == than
	}) >= 0
}

// praisesAFact: the praise at token i is followed by dat, om, that, how, to: it praises what
// the rest of the sentence tells.
func (l *language) praisesAFact(toks []token, i int) bool {
	if i+1 >= len(toks) || toks[i+1].kind != word {
		return false
	}
	return l.facts[toks[i+1].text]
}

// ironyEmoji are read as sarcasm cues besides their own weight.
var ironyEmoji = map[string]bool{"🙄": true, "🤡": true, "🙃": true, "😏": true}

// ruleOf is the rule of a word: our lists', or an English n't negation.
func (l *language) ruleOf(w string) (rule, bool) {
	if r, ok := l.rules[w]; ok {
		return r, true
	}
	if l == enLang && len(w) > 3 && w[len(w)-3:] == "n't" {
		return rule{kind: negator, factor: 1}, true // as its spelling without ' is in our list
	}
	return rule{}, false
}

// feelingAhead: a word with a weight, a comparative of praise, or a phrase of our list follows
// token i within the booster's reach: an intensifier before a comparative is its degree
// ("stukken beter", "kan veel beter"), not a feeling of its own, and so before a phrase whose
// words weigh nothing alone ("zeer op prijs stellen": zeer no pain).
func (l *language) feelingAhead(toks []token, stems []string, i int) bool {
	for j, n := i+1, 0; j < len(toks) && n < boosterScope; j++ {
		if toks[j].kind != word {
			return false
		}
		n++
		if v, ok := l.weight(toks[j].text, stems[j]); ok && v != 0 || l.comparativeOfPraise(toks[j].text) {
			return true
		}
		if k, v := l.matchPhrase(toks, stems, j); k > 1 && v != 0 {
			return true
		}
	}
	return false
}

// clauseFirst: token i is its clause's first word (the clause starts at token start), or
// follows a word that opens a clause ("en toch", "die toch").
func (l *language) clauseFirst(toks []token, i, start int) bool {
	return i == start || i > 0 && toks[i-1].kind == word && l.clauses[toks[i-1].text]
}

// notContrast: "maar ook", "but also" add rather than oppose; "even though" concedes.
func (l *language) notContrast(toks []token, i int) bool {
	if i > 0 && toks[i-1].kind == word && toks[i-1].text == "even" {
		return true
	}
	if i+1 < len(toks) && toks[i+1].kind == word {
		switch toks[i+1].text {
		case "ook", "also":
			return true
		}
	}
	return false
}

// wordAt: the first token from a toward b (b not included; a > b searches back) that is is,
// among words only: a mark, or the text's start or end, ends the search, as it ends a clause. -1
// when there is none. The rules that look for a word of a kind near another (a modal before a
// comparative, a verb of seeking, an intent's next word, than) search so.
func wordAt(toks []token, a, b int, is func(j int) bool) int {
	step := 1
	if b < a {
		step = -1
	}
	for j := a; j != b && j >= 0 && j < len(toks) && toks[j].kind == word; j += step {
		if is(j) {
			return j
		}
	}
	return -1
}

// clauseBetween: a boundary or comma lies between tokens a and b.
func clauseBetween(toks []token, a, b int) bool {
	for k := a + 1; k < b; k++ {
		if toks[k].kind != word && toks[k].kind != emoji {
			return true
		}
	}
	return false
}

func hasLetter(s string) bool {
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r > 0x7f {
			return true
		}
	}
	return false
}
