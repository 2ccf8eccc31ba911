package text

// The Dutch stemmer: the Snowball Dutch algorithm of Martin Porter as published at
// https://snowballstem.org/algorithms/dutch/stemmer.html until Snowball 3.0 (2025), which
// renamed it "Dutch (Porter variant)" (dutch_porter) when a new algorithm took the name. This
// variant is the one the Dutch Pattern lexicon's keys were stemmed with (nlp.js stemmer-nl.js),
// so a word stemmed here finds its lexicon entry. Written from the published description; the
// step names below are the description's.

// dutchStem stems one lower-case word. It works on runes so that è (a vowel) and the accented
// letters the prelude removes count as one letter each.
func dutchStem(word string) string {
	var buf [64]rune
	w := buf[:0]
	for _, r := range word {
		w = append(w, r)
	}
	// Prelude: remove umlauts and acute accents; è stays, and is a vowel.
	for i, r := range w {
		switch r {
		case 'ä', 'á':
			w[i] = 'a'
		case 'ë', 'é':
			w[i] = 'e'
		case 'ï', 'í':
			w[i] = 'i'
		case 'ö', 'ó':
			w[i] = 'o'
		case 'ü', 'ú':
			w[i] = 'u'
		}
	}
	// Put initial y, y after a vowel, and i between vowels into upper case (non-vowels from here).
	if len(w) > 0 && w[0] == 'y' {
		w[0] = 'Y'
	}
	for i := 1; i < len(w); i++ {
		if !dutchVowel(w[i-1]) {
			continue
		}
		switch {
		case w[i] == 'i' && i+1 < len(w) && dutchVowel(w[i+1]):
			w[i] = 'I'
		case w[i] == 'y':
			w[i] = 'Y'
		}
	}
	p1, p2 := dutchRegions(w)
	s := dutchStemmer{w: w, p1: p1, p2: p2}
	s.step1()
	s.step2()
	s.step3a()
	s.step3b()
	s.step4()
	// Finally, turn I and Y back into lower case.
	out := s.w
	for i, r := range out {
		switch r {
		case 'I':
			out[i] = 'i'
		case 'Y':
			out[i] = 'y'
		}
	}
	return string(out)
}

// dutchVowel: a e i o u y è (after the prelude; upper-case I and Y are not vowels).
func dutchVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'è':
		return true
	}
	return false
}

// dutchRegions finds R1 and R2 "as in German": R1 starts after the first non-vowel that follows
// a vowel (at least 3 letters in), R2 after the next such non-vowel within R1; each is the end
// of the word when there is no such letter.
func dutchRegions(w []rune) (p1, p2 int) {
	after := func(from int) int {
		for i := from; i+1 < len(w); i++ {
			if dutchVowel(w[i]) && !dutchVowel(w[i+1]) {
				return i + 2
			}
		}
		return len(w)
	}
	p1 = after(0)
	p2 = after(p1)
	if p1 < 3 {
		p1 = 3
	}
	return p1, p2
}

type dutchStemmer struct {
	w       []rune
	p1, p2  int
	eRemove bool // step 2 removed an e (the description's "step 2 actually removed an e")
}

func (s *dutchStemmer) hasSuffix(suf string) bool {
	n := len(suf) // every suffix the algorithm names is ASCII
	if len(s.w) < n {
		return false
	}
	for i := 0; i < n; i++ {
		if s.w[len(s.w)-n+i] != rune(suf[i]) {
			return false
		}
	}
	return true
}

// before is the letter before a suffix of n letters, or 0 when there is none.
func (s *dutchStemmer) before(n int) rune {
	if len(s.w)-n-1 < 0 {
		return 0
	}
	return s.w[len(s.w)-n-1]
}

func (s *dutchStemmer) inR1(n int) bool { return len(s.w)-n >= s.p1 }
func (s *dutchStemmer) inR2(n int) bool { return len(s.w)-n >= s.p2 }
func (s *dutchStemmer) cut(n int)       { s.w = s.w[:len(s.w)-n] }

// validEnEnding: the letter before is a non-vowel, and the word before the suffix does not end
// in gem.
func (s *dutchStemmer) validEnEnding(n int) bool {
	b := s.before(n)
	if b == 0 || dutchVowel(b) {
		return false
	}
	k := len(s.w) - n
	return !(k >= 3 && s.w[k-3] == 'g' && s.w[k-2] == 'e' && s.w[k-1] == 'm')
}

// undouble removes the last letter when the word ends kk, dd or tt.
func (s *dutchStemmer) undouble() {
	if s.hasSuffix("kk") || s.hasSuffix("dd") || s.hasSuffix("tt") {
		s.cut(1)
	}
}

// enEnding deletes en (or ene) in R1 after a valid en-ending and undoubles: step 1(b).
func (s *dutchStemmer) enEnding(n int) bool {
	if !s.inR1(n) || !s.validEnEnding(n) {
		return false
	}
	s.cut(n)
	s.undouble()
	return true
}

// step1 takes the longest of heden, en/ene, s/se.
func (s *dutchStemmer) step1() {
	switch {
	case s.hasSuffix("heden"):
		if s.inR1(5) {
			s.cut(5)
			s.w = append(s.w, 'h', 'e', 'i', 'd')
		}
	case s.hasSuffix("ene"):
		s.enEnding(3)
	case s.hasSuffix("en"):
		s.enEnding(2)
	case s.hasSuffix("se"):
		s.sEnding(2)
	case s.hasSuffix("s"):
		s.sEnding(1)
	}
}

// sEnding deletes s or se in R1 after a valid s-ending (a non-vowel other than j).
func (s *dutchStemmer) sEnding(n int) {
	b := s.before(n)
	if s.inR1(n) && b != 0 && !dutchVowel(b) && b != 'j' {
		s.cut(n)
	}
}

// eEnding deletes a final e in R1 after a non-vowel, then undoubles: step 2.
func (s *dutchStemmer) eEnding() bool {
	s.eRemove = false
	if !s.hasSuffix("e") || !s.inR1(1) {
		return false
	}
	if b := s.before(1); b == 0 || dutchVowel(b) {
		return false
	}
	s.cut(1)
	s.eRemove = true
	s.undouble()
	return true
}

func (s *dutchStemmer) step2() { s.eEnding() }

// step3a deletes heid in R2 when not after c, then treats a preceding en as step 1(b).
func (s *dutchStemmer) step3a() {
	if !s.hasSuffix("heid") || !s.inR2(4) || s.before(4) == 'c' {
		return
	}
	s.cut(4)
	if s.hasSuffix("en") {
		s.enEnding(2)
	}
}

// step3b takes the longest of the d-suffixes end, ing, ig, lijk, baar, bar.
func (s *dutchStemmer) step3b() {
	switch {
	case s.hasSuffix("end"), s.hasSuffix("ing"):
		if !s.inR2(3) {
			return
		}
		s.cut(3)
		if s.hasSuffix("ig") && s.inR2(2) && s.before(2) != 'e' {
			s.cut(2)
		} else {
			s.undouble()
		}
	case s.hasSuffix("ig"):
		if s.inR2(2) && s.before(2) != 'e' {
			s.cut(2)
		}
	case s.hasSuffix("lijk"):
		if s.inR2(4) {
			s.cut(4)
			s.eEnding()
		}
	case s.hasSuffix("baar"):
		if s.inR2(4) {
			s.cut(4)
		}
	case s.hasSuffix("bar"):
		if s.inR2(3) && s.eRemove {
			s.cut(3)
		}
	}
}

// step4 undoubles a vowel: a word ending CVD, C a non-vowel, V one of aa ee oo uu, D a non-vowel
// other than I, loses one of the vowels (maan → man).
func (s *dutchStemmer) step4() {
	n := len(s.w)
	if n < 4 {
		return
	}
	d, v1, v2, c := s.w[n-1], s.w[n-2], s.w[n-3], s.w[n-4]
	if dutchVowel(d) || d == 'I' || v1 != v2 || dutchVowel(c) {
		return
	}
	switch v1 {
	case 'a', 'e', 'o', 'u':
		s.w = append(s.w[:n-2], d)
	}
}
