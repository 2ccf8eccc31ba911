package text

import (
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// readingsOf is the fingerprint of each ScorerVersion's readings: the scores, to six
// decimals, of every text of testdata/sentiment/*.tsv, each in its file's language, and of
// TestDutchReadings' sentences (and, from version 2, TestEnglishReadings'). Six decimals: far
// above the last bits a platform's fused multiply-add may change, far below any change of a
// reading.
var readingsOf = map[int]string{
	1:  "856deb8597295379d29cf639",
	2:  "7563313c21c1be5cd33d5c46",
	3:  "4b0554ff1c37934eb9ad1705",
	4:  "a818d40aad4b1091cf4d7089",
	5:  "eb4c2ceb79fb637fac95bb94",
	6:  "e2a231bab92aee930cc5bb61",
	7:  "883e3df3b6068815ae459393",
	8:  "09eb6dafaaaa290b8ce8cae9",
	9:  "611f8118b0a0914df8bf9672",
	10: "6fd0b601853b5552e13b6048",
	11: "7355dbc1ab4068b67b479f0c",
	12: "15df9cb339f23268a4e34d29",
}

// TestScorerVersionNamesItsReadings fails when Score reads a text of the sets otherwise than
// ScorerVersion's fingerprint says: a change of readings must raise ScorerVersion, or the
// texts stored before it keep the older reading (app's rescore). Raise it, and add the new
// version's fingerprint, which the failure gives.
func TestScorerVersionNamesItsReadings(t *testing.T) {
	paths, err := filepath.Glob("testdata/sentiment/*.tsv")
	if err != nil || len(paths) == 0 {
		t.Fatalf("the sets: %v, %v", paths, err)
	}
	h := sha256.New()
	for _, path := range paths {
		lang, _, _ := strings.Cut(filepath.Base(path), "-")
		for _, r := range readDevSet(t, path) {
			fmt.Fprintf(h, "%.6f\n", Score(r.text, lang))
		}
	}
	for _, r := range dutchReadings() {
		fmt.Fprintf(h, "%.6f\n", Score(r.in, Dutch))
	}
	for _, r := range englishReadings() {
		fmt.Fprintf(h, "%.6f\n", Score(r.in, English))
	}
	got := fmt.Sprintf("%x", h.Sum(nil)[:12])
	if want := readingsOf[ScorerVersion]; got != want {
		t.Errorf("the scorer reads the sets otherwise than version %d did (fingerprint %s, was %q): "+
			"raise ScorerVersion and give the new version this fingerprint in readingsOf", ScorerVersion, got, want)
	}
}
