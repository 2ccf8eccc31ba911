package engine

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestSnapshotForgetsErasedWords: the words of a comment and a mention, stored as terms when
// applied, leave the engine's snapshot once the texts are erased (stored again without them)
// or deleted, in any case of letters; the other texts' figures survive the rebuilt dictionary.
func TestSnapshotForgetsErasedWords(t *testing.T) {
	e := newEngine(t)
	e.Apply(whyRecords()...)
	secret := []*cx.Response{
		{ID: "RZ", Survey: cx.SurveyCSAT, Score: 1, SubmittedAt: at("2026-03-20 10:00"),
			Comment: "Wilhelmina Zwanenburg hier: het pakket van Grootmoedershuis kwam kapot aan", Language: "nl"},
		{ID: "RY", Survey: cx.SurveyNPS, Score: 2, SubmittedAt: at("2026-03-21 10:00"),
			Comment: "Zwanenburgstraat 12, nooit bezorgd", Language: "nl"},
	}
	e.Apply(secret[0], secret[1], &cx.Mention{ID: "MZ", Source: "x", At: at("2026-03-20 11:00"),
		Text: "Wilhelmina Zwanenburg is boos op de bezorger"})
	before := marchWhy(t, e, nil)
	if snap := snapshotOf(t, e); !strings.Contains(snap, "zwanenburg") {
		t.Fatal("the words are not in the snapshot to begin with: the test would prove nothing")
	}

	erased := *secret[0]
	erased.Comment = ""
	e.Apply(&erased, cx.Deletion{Of: cx.KindResponses, ID: "RY"}, &cx.Mention{ID: "MZ", Source: "x", At: at("2026-03-20 11:00")})
	snap := snapshotOf(t, e)
	for _, word := range []string{"wilhelmina", "zwanenburg", "grootmoedershuis", "zwanenburgstraat"} {
		if strings.Contains(strings.ToLower(snap), word) {
			t.Errorf("%q is still in the snapshot", word)
		}
	}

	// The texts left are read as before: the same figures from the engine and its restored copy
	// as from an engine that never had the erased texts.
	clean := newEngine(t)
	clean.Apply(whyRecords()...)
	e.Apply(&cx.Response{ID: "RW", Survey: cx.SurveyCSAT, Score: 5, SubmittedAt: at("2026-03-22 10:00"),
		Comment: "Het pakket was snel bezorgd, top", Language: "nl"}) // a new text after the rebuild
	clean.Apply(&erased, &cx.Response{ID: "RW", Survey: cx.SurveyCSAT, Score: 5, SubmittedAt: at("2026-03-22 10:00"),
		Comment: "Het pakket was snel bezorgd, top", Language: "nl"}, &cx.Mention{ID: "MZ", Source: "x", At: at("2026-03-20 11:00")})
	want := marchWhy(t, clean, nil)
	restored, _, err := Restore(testOptions(), strings.NewReader(snapshotOf(t, e)))
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]*Why{"engine": marchWhy(t, e, nil), "restored": marchWhy(t, restored, nil)} {
		if !reflect.DeepEqual(got.Themes, want.Themes) || !reflect.DeepEqual(got.Emerging, want.Emerging) {
			t.Errorf("%s: themes %+v\nemerging %+v\nwant %+v\n%+v", name, got.Themes, got.Emerging, want.Themes, want.Emerging)
		}
	}
	if len(before.Themes) == 0 {
		t.Error("no themes before the erasure")
	}
}

func snapshotOf(t *testing.T, e *Engine) string {
	t.Helper()
	var b bytes.Buffer
	if err := e.Snapshot(&b, 1); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
