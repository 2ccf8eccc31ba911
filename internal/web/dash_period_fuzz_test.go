package web

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/report"
)

// FuzzPeriodProblem: a custom period's from and to, as the period picker or a hand-edited URL
// sends them, are read or said wrong in the page's language, never a panic: the sentence names
// the picker's field at fault (Van / Tot, From / To) and holds no verb left unfilled.
func FuzzPeriodProblem(f *testing.F) {
	for _, s := range [][2]string{{"2026-03-01", "2026-04-01"}, {"", ""}, {"2026-03-01", ""}, {"1-3-2026", "2026-04-01"},
		{"2026-04-01", "2026-03-01"}, {"2026-03-01", "2026-03-01"}, {"%!s", "%d"}, {"2026-02-30", "x"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		_, _, err := report.ParsePeriod(from, to, time.UTC)
		var pe *report.PeriodError
		if !errors.As(err, &pe) {
			return
		}
		for _, l := range []report.Lang{report.Dutch, report.English} {
			said := periodProblem(l, pe)
			w := words[string(l)]
			field := map[string]string{"from": w["from"], "to": w["to_excl"]}[pe.Field]
			if !strings.Contains(said, field) || strings.Count(said, "%!") > strings.Count(from+to, "%!") {
				t.Errorf("from %q, to %q said in %s as %q: no field %q, or a verb left", from, to, l, said, field)
			}
		}
	})
}
