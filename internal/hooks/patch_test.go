package hooks

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// The placeholders make a valid row of every kind, so a patch's own fields are read into a
// record (and written canonically) whatever kind it patches.
func TestPlaceholdersMakeAValidRow(t *testing.T) {
	for _, kind := range cx.Kinds {
		names, values := []string{}, []string{}
		for _, c := range importer.Columns(kind) {
			if c.Required || c.Key {
				names, values = append(names, c.Name), append(values, placeholder(c.Name))
			}
		}
		if rec, errs := importer.ParseValues(kind, config.Default(), names, values); rec == nil || len(errs) > 0 {
			t.Errorf("%s: %v", kind, errs)
		}
	}
}

func TestMakePatchWritesCanonicalValues(t *testing.T) {
	for _, c := range []struct {
		kind          cx.Kind
		names, values []string
		want          string
	}{
		// A local time is the account's (Europe/Amsterdam, +01:00 in March), written in UTC.
		{cx.KindTickets, []string{"Solved_At", "reopens"}, []string{"2026-03-13 17:20", "2"}, `{"reopens":2,"solved_at":"2026-03-13T16:20:00Z"}`},
		{cx.KindTickets, []string{"agent", "plaats"}, []string{"", "Zwolle"}, `{"agent":null,"plaats":"Zwolle"}`},
		{cx.KindMessages, []string{"agent"}, []string{"Piet"}, `{"agent":"Piet"}`},
		{cx.KindResponses, []string{"score"}, []string{"4"}, `{"score":4}`},
	} {
		p, err := makePatch(c.kind, "K-1", c.names, c.values, nil, nil, config.Default())
		if err != nil || string(p.Doc) != c.want || p.ID != "K-1" || p.Of != c.kind {
			t.Errorf("%s %q: got %+v (%s), %v; want %s", c.kind, c.names, p, p.Doc, err, c.want)
		}
	}
}
