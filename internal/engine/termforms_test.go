package engine

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestWhyTermForms: emerging terms are shown as customers wrote them, counted by their stems.
// February: 40 texts "prima service". March: 40 texts, of which
//
//	2 × "Waar blijft het leveren? Nog steeds niet bezorgd."   (first, so "leveren" is seen first)
//	1 × "Waar blijft het leveren, nog steeds niet bezorgd."
//	8 × "Jullie levering is nog steeds niet bezorgd"
//	29 × "prima service"
//
// Stems (Snowball Dutch): leveren, levering → lever; steeds → sted; bezorgd; blijft; is, nog,
// niet, het are stop words; jullie and waar are function words, no terms. So:
//
//	lever          11 texts, written "leveren" 3 times and "levering" 8: shown "levering"
//	sted, bezorgd  11 texts: "steeds", "bezorgd"
//	sted bezorgd   11 texts: "steeds niet bezorgd" (the stop word between kept)
//	lever sted      8 texts: "levering is nog steeds" — not in the other 3, where a question
//	                mark or a comma stands between "leveren" and "nog steeds"
//	blijft          3 texts: too few. jullie, jullie lever: no terms.
//
// G² of 11 of 40 against 0 of 40: E = 5.5, 34.5, 5.5, 34.5;
// 2·(11·ln 2 + 29·ln(29/34.5) + 40·ln(40/34.5)) = 2·(7.62462 − 5.03623 + 5.91679) = 17.0104.
// Of 8 of 40: E = 4, 36; 2·(8·ln 2 + 32·ln(32/36) + 40·ln(40/36)) = 2·(5.54518 − 3.76906 + 4.21442)
// = 11.9811. Equal G² go by stem. The restored snapshot shows the same.
func TestWhyTermForms(t *testing.T) {
	e := newEngine(t)
	for i := range 40 {
		feb := &cx.Mention{ID: fmt.Sprintf("F%d", i), Source: "x", At: at("2026-02-01 08:00").Add(time.Duration(i) * time.Hour), Text: "prima service"}
		mar := &cx.Mention{ID: fmt.Sprintf("M%02d", i), Source: "x", At: at("2026-03-01 08:00").Add(time.Duration(i) * time.Hour), Text: "prima service"}
		switch {
		case i < 2:
			mar.Text = "Waar blijft het leveren? Nog steeds niet bezorgd."
		case i < 3:
			mar.Text = "Waar blijft het leveren, nog steeds niet bezorgd."
		case i < 11:
			mar.Text = "Jullie levering is nog steeds niet bezorgd"
		}
		e.Apply(feb, mar)
	}
	want := []EmergingTerm{
		{Term: "bezorgd", Stem: "bezorgd", Count: 11, G2: 17.0104},
		{Term: "levering", Stem: "lever", Count: 11, G2: 17.0104},
		{Term: "steeds", Stem: "sted", Count: 11, G2: 17.0104},
		{Term: "steeds niet bezorgd", Stem: "sted bezorgd", Count: 11, G2: 17.0104},
		{Term: "levering is nog steeds", Stem: "lever sted", Count: 8, G2: 11.9811},
	}
	var buf bytes.Buffer
	if err := e.Snapshot(&buf, 1); err != nil {
		t.Fatal(err)
	}
	restored, _, err := Restore(testOptions(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	for name, e := range map[string]*Engine{"applied": e, "restored": restored} {
		got := marchWhy(t, e, nil).Emerging
		if len(got) != len(want) {
			t.Fatalf("%s: emerging %+v, want %d terms", name, got, len(want))
		}
		for k, x := range got {
			w := want[k]
			if x.Term != w.Term || x.Stem != w.Stem || x.Count != w.Count || x.PrevCount != 0 || math.Abs(x.G2-w.G2) > 1e-4 {
				t.Errorf("%s: term %d is %q (%q) in %d texts, G² %.4f; want %q (%q) in %d, G² %.4f",
					name, k+1, x.Term, x.Stem, x.Count, x.G2, w.Term, w.Stem, w.Count, w.G2)
			}
		}
	}
}

// TestWhyTermsWrittenAlike: a name stems one way in Dutch and another in English
// (PakketExpres: pakketexpres, pakketexpr), so it is two terms; the page shows it once, as the
// stronger. March: 8 Dutch comments "PakketExpres!", 7 English ones "PakketExpres!", 5 "prima
// service", against 20 "prima service" in February. Dutch 8 of 20 against 0 of 20: E = 4, 16;
// G² = 2·(8·ln 2 + 12·ln(12/16) + 20·ln(20/16)) = 13.1117. English 7 of 20: E = 3.5, 16.5;
// G² = 2·(7·ln 2 + 13·ln(13/16.5) + 20·ln(20/16.5)) = 11.2002, significant too, but written alike.
func TestWhyTermsWrittenAlike(t *testing.T) {
	e := newEngine(t)
	for i := range 20 {
		feb := &cx.Response{ID: fmt.Sprintf("F%d", i), Survey: cx.SurveyCSAT, Score: 4,
			SubmittedAt: at("2026-02-01 08:00").Add(time.Duration(i) * time.Hour), Comment: "prima service", Language: "nl"}
		mar := &cx.Response{ID: fmt.Sprintf("M%02d", i), Survey: cx.SurveyCSAT, Score: 2,
			SubmittedAt: at("2026-03-01 08:00").Add(time.Duration(i) * time.Hour), Comment: "PakketExpres!", Language: "nl"}
		switch {
		case i < 7:
			mar.Language = "en"
		case i >= 15:
			mar.Comment, mar.Score = "prima service", 4
		}
		e.Apply(feb, mar)
	}
	got := marchWhy(t, e, nil).Emerging
	if len(got) != 1 || got[0].Term != "pakketexpres" || got[0].Stem != "pakketexpres" || got[0].Count != 8 ||
		math.Abs(got[0].G2-13.1117) > 1e-4 {
		t.Errorf("emerging %+v, want one term pakketexpres (stem pakketexpres) in 8 texts, G² 13.1117", got)
	}
}

// TestTermFormsVote: the majority form wins whatever the order (Boyer–Moore); forms replaced
// over and over are dropped from the arena once they outweigh the current ones.
func TestTermFormsVote(t *testing.T) {
	var f termForms
	for _, form := range []string{"leveren", "leveren", "leveringen", "levering", "levering", "levering", "levering"} {
		f.vote(0, []byte(form))
	}
	if got := string(f.form(0)); got != "levering" {
		t.Errorf("form %q, want levering (4 of 7)", got)
	}
	// Three forms of 100 bytes in turn, no majority: every second vote adopts a new form.
	forms := []string{strings.Repeat("a", 100), strings.Repeat("b", 100), strings.Repeat("c", 100)}
	for i := range 3000 {
		f.vote(1, []byte(forms[i%3]))
	}
	if len(f.arena) > 1<<16+200 {
		t.Errorf("arena %d bytes after 1500 replaced forms, want compacted below 64 KiB", len(f.arena))
	}
	if got := string(f.form(0)); got != "levering" {
		t.Errorf("after compacting, term 0's form %q, want levering", got)
	}
	if got := string(f.form(1)); got != forms[0] && got != forms[1] && got != forms[2] {
		t.Errorf("term 1's form %q, want one of those written", got)
	}
}
