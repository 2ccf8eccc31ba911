package app

import (
	"slices"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// FuzzWallChoice: whatever the tokens page's wall form sends, a wall screen is refused or gets a
// trimmed name of at most 100 bytes and known pages, each once.
func FuzzWallChoice(f *testing.F) {
	f.Add(" Hal ", "", "")
	f.Add("tv", cx.WallPages[0], cx.WallPages[0])
	f.Add("", "dash", "nope")
	f.Fuzz(func(t *testing.T, name, p1, p2 string) {
		var pages []string
		for _, p := range []string{p1, p2} {
			if p != "" {
				pages = append(pages, p)
			}
		}
		got, chosen, err := wallChoice(name, pages)
		if err != nil {
			if cx.ErrorCode(err) != cx.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if got == "" || len(got) > 100 || got != strings.TrimSpace(got) || len(chosen) == 0 {
			t.Fatalf("wallChoice(%q, %q) = %q, %q", name, pages, got, chosen)
		}
		for i, p := range chosen {
			if !slices.Contains(cx.WallPages, p) || slices.Contains(chosen[:i], p) {
				t.Fatalf("pages %q from %q", chosen, pages)
			}
		}
	})
}
