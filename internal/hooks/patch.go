package hooks

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// makePatch checks the fields of a partial update with exactly the rules of an import row's
// cells (importer.ParseValues), leaving out only the complaint that the row lacks the fields
// the patch does not change, and returns it as a JSON merge patch: each field's value as an
// import file's cell holds it, null for an empty one (the field is removed). The key cannot
// be patched: it names the record. A name the kind does not know is an attribute, as in an
// import file and in the API's PATCH (ingest.Patch).
func makePatch(kind cx.Kind, id string, names, values []string, cfg *config.Config) (cx.Patch, error) {
	id = strings.TrimSpace(id)
	cols := importer.Columns(kind)
	known := map[string]bool{}
	for _, c := range cols {
		known[c.Name] = true
	}
	doc := map[string]any{}
	for i, n := range names {
		if known[cx.NameKey(n)] {
			n = cx.NameKey(n) // as an import file's header is read; another name is an attribute
		}
		if n == cols[0].Name {
			return cx.Patch{}, fmt.Errorf("%s: the key names the record and is not patched", n)
		}
		if values[i] == "" {
			doc[n] = nil
		} else {
			doc[n] = values[i]
		}
		names[i] = n
	}
	if len(doc) == 0 {
		return cx.Patch{}, fmt.Errorf("no fields to change")
	}
	rowNames, rowValues := append([]string{cols[0].Name}, names...), append([]string{id}, values...)
	for _, c := range cols[1:] {
		if c.Required && !slices.Contains(names, c.Name) {
			rowNames, rowValues = append(rowNames, c.Name), append(rowValues, placeholder(c.Name))
		}
	}
	_, errs := importer.ParseValues(kind, cfg, rowNames, rowValues)
	for _, e := range errs {
		if e.Field == cols[0].Name || slices.Contains(names, e.Field) {
			return cx.Patch{}, e
		}
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return cx.Patch{}, err
	}
	return cx.Patch{Of: kind, ID: id, Doc: raw}, nil
}

// placeholder stands in for a required field a patch leaves as it is, so the row parser reads
// the fields it does change; what it says of a placeholder is not the patch's concern. Times
// are early, so a patched time is never refused as before one of them.
func placeholder(name string) string {
	switch {
	case name == "at" || strings.HasSuffix(name, "_at"):
		return "2000-01-01T00:00:00Z"
	case name == "amount" || name == "score":
		return "0"
	case name == "survey":
		return "nps"
	}
	return "x"
}
