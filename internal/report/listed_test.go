package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/pdftest"
)

// namesDoc is a report by agent whose groups come as the engine gives them, sorted by key
// byte for byte (data.md section 4).
func namesDoc() *Document {
	return testDoc(engine.ByAgent, "", "Agent 10", "Agent 9", "Zwart", "anna", "Öztürk", "Łukasz")
}

// listedAgents are namesDoc's agents in the order every list of names is read in (nameorder),
// written by hand: numbers by their value, case ignored, Ö as O and Ł after L, the agent-less
// group, "(geen)", last.
var listedAgents = []string{"Agent 9", "Agent 10", "anna", "Łukasz", "Öztürk", "Zwart", "(geen)"}

// TestJSONKeepsGroupsByKey: the JSON is the contract (data.md section 4, "groups are sorted by
// key") and the CSV writes it a figure a row: both keep the groups as the engine sorts them.
func TestJSONKeepsGroupsByKey(t *testing.T) {
	want := []string{"", "Agent 10", "Agent 9", "Zwart", "anna", "Öztürk", "Łukasz"}
	var b bytes.Buffer
	if err := JSON(&b, namesDoc()); err != nil {
		t.Fatal(err)
	}
	var got struct{ Groups []struct{ Key string } }
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, g := range got.Groups {
		keys = append(keys, g.Key)
	}
	if !slices.Equal(keys, want) {
		t.Errorf("JSON groups %q, want %q", keys, want)
	}
	rows := csvRows(t, namesDoc())
	keys = nil
	for _, row := range rows[1:] {
		if len(keys) == 0 || keys[len(keys)-1] != row[3] {
			keys = append(keys, row[3])
		}
	}
	if !slices.Equal(keys, want) {
		t.Errorf("CSV groups %q, want %q", keys, want)
	}
}

// TestReadFormatsListNamesInOneOrder: what a person reads — the table, the PDF, the workbook —
// lists the groups in the order of every other list of names.
func TestReadFormatsListNamesInOneOrder(t *testing.T) {
	export := func() *Export {
		return &Export{Title: "Team", Lang: Dutch, Currency: "EUR", From: "2026-03-01", To: "2026-03-31",
			Timezone: "UTC", Tables: []ExportTable{{Name: "Medewerkers", Doc: namesDoc(), Metrics: []string{"csat", "nps"}}}}
	}
	t.Run("table", func(t *testing.T) {
		var b bytes.Buffer
		if err := Table(&b, namesDoc(), Dutch); err != nil {
			t.Fatal(err)
		}
		var got []string
		for line := range strings.Lines(b.String()) {
			if name, ok := strings.CutPrefix(strings.TrimSpace(line), labels[Dutch]["agent"]+": "); ok {
				got = append(got, name)
			}
		}
		if !slices.Equal(got, listedAgents) {
			t.Errorf("table's groups %q, want %q", got, listedAgents)
		}
	})
	t.Run("workbook", func(t *testing.T) {
		var b bytes.Buffer
		if err := XLSX(&b, export()); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("Medewerkers")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, row := range rows {
			if len(row) > 0 && slices.Contains(listedAgents, row[0]) {
				got = append(got, row[0])
			}
		}
		if !slices.Equal(got, listedAgents) {
			t.Errorf("sheet's rows %q, want %q", got, listedAgents)
		}
	})
	t.Run("PDF", func(t *testing.T) {
		var b bytes.Buffer
		if err := PDF(&b, export()); err != nil {
			t.Fatal(err)
		}
		text := pdftest.Squeeze(pdftest.Text(t, b.Bytes()))
		at := -1
		for _, name := range listedAgents {
			i := strings.Index(text, name+" ")
			if i < 0 {
				t.Fatalf("no %q in %s", name, text)
			}
			if i < at {
				t.Errorf("%q before the agent listed before it; want %q in:\n%s", name, listedAgents, text)
			}
			at = i
		}
	})
}
