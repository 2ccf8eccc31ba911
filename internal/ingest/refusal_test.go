package ingest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestRefusalCountsItsFields: a refusal's detail counts its invalid fields in English a reader
// can quote — "1 invalid field", not "1 invalid fields" — and names how many it lists when it
// lists fewer than it found (100, as the CSV import lists rows).
func TestRefusalCountsItsFields(t *testing.T) {
	cfg := config.Default()
	response := func(id, score string) string {
		return `{"response_id":"` + id + `","survey":"nps","score":` + score + `,"submitted_at":"2026-12-01 10:00"}`
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = response(fmt.Sprintf("R%d", i), "11")
	}
	for _, tc := range []struct{ name, body, detail string }{
		{"one", response("R1", "11"), "1 invalid field; nothing was stored"},
		{"two", "[" + response("R1", "11") + "," + response("R2", "12") + "]", "2 invalid fields; nothing was stored"},
		{"more than are listed", "[" + strings.Join(many, ",") + "]", "101 invalid fields (the first 100 listed); nothing was stored"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(cx.KindResponses, cfg, []byte(tc.body))
			var p *Error
			if !errors.As(err, &p) || p.Detail != tc.detail {
				t.Errorf("got %v, want %q", err, tc.detail)
			}
		})
	}
	t.Run("a patch", func(t *testing.T) {
		recs, err := Read(cx.KindResponses, cfg, []byte(response("R1", "9")))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Patch(cx.KindResponses, cfg, recs[0], []byte(`{"comment":"a","Comment":"b"}`))
		var p *Error
		if !errors.As(err, &p) || p.Detail != "1 invalid field; nothing was stored" {
			t.Errorf("got %v, want %q", err, "1 invalid field; nothing was stored")
		}
	})
}

// TestRefusalInDutch: ReadIn and PatchIn say a refusal in the language asked for — what a body's
// shape adds to an import file's checks in ingest's words (messages.go), a field's value and a
// member missing or given twice in the importer's — and point at the same places as in English.
func TestRefusalInDutch(t *testing.T) {
	cfg := config.Default()
	const answer = `"response_id":"R1","survey":"nps","submitted_at":"2026-12-01 10:00"`
	for _, tc := range []struct{ name, body, detail, pointer, reason string }{
		{"a score off its scale", `{` + answer + `,"score":11}`, "1 ongeldig veld; er is niets opgeslagen",
			"/score", "11 ligt buiten de nps-schaal 0..10"},
		{"a required field missing", `{"response_id":"R1","survey":"nps","score":9}`, "1 ongeldig veld; er is niets opgeslagen",
			"/submitted_at", "verplicht veld ontbreekt"},
		{"a member given twice, differently cased", `{` + answer + `,"score":9,"Score":9}`, "1 ongeldig veld; er is niets opgeslagen",
			"/Score", "twee keer gegeven (namen zijn gelijk zonder spaties eromheen, hoofd- en kleine letters gelijk)"},
		{"a member given twice", `{` + answer + `,"score":9,"score":9}`, "1 ongeldig veld; er is niets opgeslagen",
			"", `dubbel veld "score"`},
		{"an object for a value", `{` + answer + `,"score":{"a":1}}`, "1 ongeldig veld; er is niets opgeslagen",
			"/score", "moet een getal zijn, geen object of array"},
		{"an attribute named as a field", `{` + answer + `,"score":9,"attrs":{"Comment":"x"}}`, "1 ongeldig veld; er is niets opgeslagen",
			"/attrs/Comment", "comment is een veld van responses, geen attribuut: geef het naast attrs"},
		{"an item that is no object", `[{` + answer + `,"score":9},7]`, "1 ongeldig veld; er is niets opgeslagen",
			"/1", "geen JSON-object: elk item van de array is één record {…}"},
		{"a key twice in a batch", `[{` + answer + `,"score":9},{` + answer + `,"score":8}]`, "1 ongeldig veld; er is niets opgeslagen",
			"/1", `dubbele sleutel "R1" (eerst op /0)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadIn(Dutch, cx.KindResponses, cfg, []byte(tc.body))
			var p *Error
			if !errors.As(err, &p) || p.Detail != tc.detail || len(p.Fields) != 1 ||
				p.Fields[0] != (Field{Pointer: tc.pointer, Detail: tc.reason}) {
				t.Fatalf("got %v %+v, want %q and %s: %q", err, p, tc.detail, tc.pointer, tc.reason)
			}
		})
	}
	t.Run("a body that is no records", func(t *testing.T) {
		_, err := ReadIn(Dutch, cx.KindResponses, cfg, []byte(` `))
		if err == nil || err.Error() != "de body is leeg: stuur een JSON-object of een array van objecten" {
			t.Errorf("got %v", err)
		}
	})
	t.Run("a patch changing the key", func(t *testing.T) {
		recs, err := Read(cx.KindResponses, cfg, []byte(`{`+answer+`,"score":9}`))
		if err != nil {
			t.Fatal(err)
		}
		_, err = PatchIn(Dutch, cx.KindResponses, cfg, recs[0], []byte(`{"response_id":"R2"}`))
		var p *Error
		if !errors.As(err, &p) || p.Detail != "een patch kan de sleutel niet wijzigen; er is niets opgeslagen" || len(p.Fields) != 1 ||
			p.Fields[0].Pointer != "/response_id" || !strings.HasPrefix(p.Fields[0].Detail, "de sleutel van ") {
			t.Errorf("got %v %+v", err, p)
		}
	})
}

// TestKeyUnchangingNamesTheRecordInItsLanguage: a patch that changes a record's key is refused
// naming the record as the reader says it — its kind and, for a review's row, the criterion in
// Dutch words in Dutch ("kwaliteitsbeoordeling "V1, criterium toon""), not the English of
// cx.String ("reviews "V1, criterion toon"").
func TestKeyUnchangingNamesTheRecordInItsLanguage(t *testing.T) {
	cfg := config.Default()
	const review = `{"review_id":"V1","criterion":"toon","reviewed_at":"2026-03-03 10:00","agent":"Anouk","rating":3}`
	const order = `{"order_id":"B-7","customer_id":"K1","ordered_at":"2026-03-03 10:00","amount":"12.50"}`
	const unchanging = ` cannot be changed: leave it out of the patch, or send the record whole under its new key`
	const onveranderlijk = ` kan niet worden gewijzigd: laat hem uit de patch, of stuur het record in zijn geheel onder de nieuwe sleutel`
	for _, tc := range []struct {
		name   string
		lang   Lang
		kind   cx.Kind
		body   string
		patch  string
		detail string
	}{
		{"a review's criterion in Dutch", Dutch, cx.KindReviews, review, `{"criterion":"kennis"}`,
			`de sleutel van kwaliteitsbeoordeling "V1, criterium toon"` + onveranderlijk},
		{"a review's criterion in English", English, cx.KindReviews, review, `{"criterion":"kennis"}`,
			`the key of reviews "V1, criterion toon"` + unchanging},
		{"an order's id in Dutch", Dutch, cx.KindOrders, order, `{"order_id":"B-8"}`,
			`de sleutel van bestelling "B-7"` + onveranderlijk},
		{"an order's id in English", English, cx.KindOrders, order, `{"order_id":"B-8"}`,
			`the key of orders "B-7"` + unchanging},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := Read(tc.kind, cfg, []byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			_, err = PatchIn(tc.lang, tc.kind, cfg, recs[0], []byte(tc.patch))
			var p *Error
			if !errors.As(err, &p) || len(p.Fields) != 1 {
				t.Fatalf("got %v, want one field saying %q", err, tc.detail)
			}
			if got := p.Fields[0].Detail; got != tc.detail {
				t.Errorf("got\n%s\nwant\n%s", got, tc.detail)
			}
		})
	}
}

// TestEveryKindHasItsName: shownRecord names a record of every kind in Dutch, and in English
// as cx.String does.
func TestEveryKindHasItsName(t *testing.T) {
	for _, k := range cx.Kinds {
		if w, ok := kindOne[k]; !ok || w.In(English) != string(k) || w.In(Dutch) == "" {
			t.Errorf("%s has no name of one record in both languages: %+v", k, w)
		}
	}
}
