package importer

import (
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// KindsOf returns the kinds of canonical file a header could be: those whose required columns
// it holds every one of (names compared trimmed and in any case), in the order of cx.Kinds. A
// browser import offers them when no preset recognises the file; most headers fit one kind,
// and a header that fits none gets none.
func KindsOf(header []string) []cx.Kind {
	have := map[string]bool{}
	for _, h := range header {
		have[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = true
	}
	var out []cx.Kind
	for _, kind := range cx.Kinds {
		fits := true
		for _, c := range Columns(kind) {
			if c.Required && !have[c.Name] {
				fits = false
				break
			}
		}
		if fits {
			out = append(out, kind)
		}
	}
	return out
}
