package docs

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// Mapping writes docs/mapping.md: the format of a mapping file, a full example run through the
// mapping engine itself (so the rows shown are the rows klantpuls makes), the messages of a few
// mistakes as Parse gives them, and the embedded presets.
func Mapping() ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, generatedBy, "internal/docs/mappingdoc.go, the mapping engine (internal/importer/mapping) and its presets")
	b.WriteString(mappingIntro)
	b.WriteString(mappingFormat)
	fmt.Fprintf(&b, "\n## A full example\n\n%s\n```toml\n%s```\n\nThe export it reads, `tickets.csv`:\n\n```csv\n%s```\n\n", exampleIntro, exampleMap, exampleSource)
	m, err := mapping.Parse("zendesk-eigen.toml", []byte(exampleMap))
	if err != nil {
		return nil, fmt.Errorf("the example map: %w", err)
	}
	files, err := mapExample(m, exampleSource)
	if err != nil {
		return nil, err
	}
	b.WriteString("What klantpuls reads from it, in the account's time zone Europe/Amsterdam, as a canonical file of each kind (see [import.md](import.md) for what the columns mean):\n")
	for _, kind := range cx.Kinds {
		if f, ok := files[kind]; ok {
			fmt.Fprintf(&b, "\n%s:\n\n```csv\n%s```\n", kind, f)
		}
	}
	b.WriteString("\n## Mistakes and the messages they give\n\nA mapping file is checked whole before any row is read; the message names the file, the line, the key and what to write instead, in the import's language (Dutch unless `--lang en` or an English locale; these are the English ones).\n")
	for _, mk := range mappingMistakes {
		_, err := mapping.Parse("mijn-export.toml", []byte(mk.text))
		if err == nil {
			return nil, fmt.Errorf("the mistake %q is no mistake to Parse", mk.what)
		}
		fmt.Fprintf(&b, "\n**%s**\n\n```toml\n%s```\n\n```\n%v\n```\n", mk.what, mk.text, err)
	}
	b.WriteString("\n## Presets\n\n`--preset NAME` reads a tool's export with the map klantpuls carries for it. Each was written from the documentation listed.\n\n| preset | reads | recognised by the columns | from |\n|---|---|---|---|\n")
	for _, p := range mapping.Presets() {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", p.Name, p.Title, "`"+strings.Join(p.Recognise, "`, `")+"`", strings.Join(p.Docs, "<br>"))
	}
	return b.Bytes(), nil
}

// mapExample runs a source through a map as the importer does and writes each kind's rows.
func mapExample(m *mapping.Map, src string) (map[cx.Kind]string, error) {
	rows, err := csv.NewReader(strings.NewReader(src)).ReadAll()
	if err != nil {
		return nil, err
	}
	zone, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return nil, err
	}
	e, errs := m.Start(rows[:m.HeaderRows], mapping.Options{File: "tickets.csv", Account: zone})
	if errs != nil {
		return nil, fmt.Errorf("the example's header: %v", errs)
	}
	out := map[cx.Kind][][]string{}
	for _, o := range e.Outputs() {
		out[o.Kind] = [][]string{o.Header}
	}
	// Each mapped row must be a valid canonical row: the example shows what imports.
	cfg := config.Default()
	cfg.Timezone = zone
	add := func(recs []mapping.Record, errs []mapping.RowError) error {
		if errs != nil {
			return fmt.Errorf("the example's rows: %v", errs)
		}
		for _, r := range recs {
			if _, errs := importer.ParseValues(r.Kind, cfg, out[r.Kind][0], r.Cells); errs != nil {
				return fmt.Errorf("the example's %s row of line %d is no valid canonical row: %v", r.Kind, r.Line, errs)
			}
			out[r.Kind] = append(out[r.Kind], r.Cells)
		}
		return nil
	}
	for i, row := range rows[m.HeaderRows:] {
		if err := add(e.Row(m.HeaderRows+i+1, row)); err != nil {
			return nil, err
		}
	}
	if err := add(e.Flush()); err != nil {
		return nil, err
	}
	files := map[cx.Kind]string{}
	for k, rows := range out {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		if err := w.WriteAll(rows); err != nil {
			return nil, err
		}
		files[k] = b.String()
	}
	return files, nil
}
