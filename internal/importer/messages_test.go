package importer

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// Every message of the catalogues (the importer's, its cells' and its mapping's) has an
// English and a Dutch text with the same verbs in the same order, so no argument is lost or
// misplaced in either language.
func TestCatalogueComplete(t *testing.T) {
	verbs := regexp.MustCompile(`%(\[\d+\])?[-+# 0]*[\d.]*[a-zA-Z%]`)
	n := 0
	for _, file := range catalogues {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(node ast.Node) bool { return checkMessage(t, node, verbs, &n) })
	}
	if n < 50 {
		t.Errorf("found %d messages; the catalogues have more", n)
	}
}

// ingest's adds the words of a JSON body's shape to these, in the same Message type.
var catalogues = []string{"messages.go", "cells/messages.go", "mapping/messages.go", "mapping/mistakes.go", "../ingest/messages.go"}

// checkMessage checks a composite literal of a message type; n counts them.
func checkMessage(t *testing.T, node ast.Node, verbs *regexp.Regexp, n *int) bool {
	lit, ok := node.(*ast.CompositeLit)
	if !ok {
		return true
	}
	if id, isIdent := lit.Type.(*ast.Ident); !isIdent || id.Name != "msg" && id.Name != "Message" {
		return true
	}
	var texts []string
	for _, e := range lit.Elts {
		if kv, keyed := e.(*ast.KeyValueExpr); keyed { // Message{EN: …, NL: …}, as a Count's are
			e = kv.Value
		}
		if b, ok := e.(*ast.BasicLit); ok {
			s, _ := strconv.Unquote(b.Value)
			texts = append(texts, s)
		}
	}
	*n++
	if len(texts) != 2 || texts[0] == "" || texts[1] == "" {
		t.Errorf("a message without both texts: %q", texts)
		return true
	}
	if en, nl := verbs.FindAllString(texts[0], -1), verbs.FindAllString(texts[1], -1); !slices.Equal(en, nl) {
		t.Errorf("verbs differ: %q %v, %q %v", texts[0], en, texts[1], nl)
	}
	return true
}

// Read in Dutch, every message is Dutch, names FILE:LINE: column, and says what to do.
func TestReadInDutch(t *testing.T) {
	tests := []struct {
		kind cx.Kind
		file string
		want string
	}{
		{cx.KindTickets, "ticket_id;created_at\nT1;gisteren\n",
			`in.csv:2: created_at: "gisteren" is geen tijdstip: schrijf 2026-03-13 17:30, 13-03-2026 17:30 of 2026-03-13T17:30:00+01:00`},
		{cx.KindTickets, "ticket_id;created_at\nT1;29-03-2026 02:30\n",
			"in.csv:2: created_at: 29-03-2026 02:30 bestaat niet in Europe/Amsterdam (de klok gaat die nacht van 02:00 naar 03:00): geef een verschil met UTC zoals +01:00, of importeer met --timezone"},
		{cx.KindOrders, "order_id;customer_id;ordered_at;amount\nO1;C1;2026-03-02 10:00;1,250\n",
			`in.csv:2: amount: "1,250" kan 1250 zijn (een komma tussen duizendtallen) of 1.250 (een decimale komma): schrijf 1250 of 1.250`},
		{cx.KindTickets, "ticket_id;channel\nT1;mail\n",
			"in.csv:1: created_at: verplichte kolom ontbreekt (een bestand met tickets heeft ticket_id, created_at nodig): voeg hem toe, of hernoem de kolom waar het in staat"},
		{cx.KindTickets, "ticket_id;created_at\nT1;2026-03-02 10:00\nT1;2026-03-02 11:00\n",
			`in.csv:3: ticket_id: dubbele sleutel "T1" (eerst op regel 2)`},
		{cx.KindTickets, "ticket_id;created_at;reopens\nT1;2026-03-02 10:00;-1\n",
			"in.csv:2: reopens: -1 is negatief: alleen 0 of meer kan"},
		{cx.KindTickets, "ticket_id;created_at;complaint\nT1;2026-03-02 10:00;misschien\n",
			`in.csv:2: complaint: "misschien" is geen ja/nee-waarde`},
		{cx.KindTickets, "ticket_id;created_at\nT1;2026-03-02 10:00;x\n", "in.csv:2: de regel heeft 3 cellen, de kopregel 2"},
		{cx.KindTickets, "ticket_id;created_at;category\nT1;2026-03-02 10:00;27\" scherm\n", `in.csv:2: een " in een cel die er niet mee begint`},
		{cx.KindTickets, "", "in.csv:1: het bestand is leeg"},
		{cx.KindOrders, "order_id;customer_id;ordered_at;amount\nO1;C1;2026-03-02 10:00;2e12\n",
			"in.csv:2: amount: 2e12 is meer dan 1000000000000, het grootste bedrag dat klantpuls aanneemt"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			rd := &Reader{Kind: tt.kind, File: "in.csv", Config: config.Default(), Lang: Dutch}
			_, err := rd.Read(strings.NewReader(tt.file), func(cx.Record) error { return nil })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %q", err, tt.want)
			}
		})
	}
	// The count of errors past the first 100.
	file := "ticket_id,created_at\n" + strings.Repeat("T,x\n", 102)
	rd := &Reader{Kind: cx.KindTickets, File: "in.csv", Config: config.Default(), Lang: Dutch}
	if _, err := rd.Read(strings.NewReader(file), func(cx.Record) error { return nil }); err == nil || !strings.HasSuffix(err.Error(), "… en nog 103 fouten") {
		t.Errorf("the count: %v", err)
	}
}

// TestMoreErrorsCount: the count of the errors not listed is written as its language writes a
// number, with a thousands dot in Dutch and a thousands comma in English, as the commands
// write their counts; one is singular.
func TestMoreErrorsCount(t *testing.T) {
	for _, tt := range []struct {
		lang Lang
		more int
		want string
	}{
		{Dutch, 12345, "… en nog 12.345 fouten"},
		{English, 12345, "… and 12,345 more errors"},
		{Dutch, 1, "… en nog 1 fout"},
		{English, 1234567, "… and 1,234,567 more errors"},
	} {
		errs := &Errors{List: []RowError{{File: "in.csv", Line: 2, Reason: "x"}}, Total: 1 + tt.more, Lang: tt.lang}
		if got, want := errs.Error(), "in.csv:2: x\n"+tt.want; got != want {
			t.Errorf("%s, %d more: %q, want %q", tt.lang, tt.more, got, want)
		}
	}
}
