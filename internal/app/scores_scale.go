package app

import (
	"fmt"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// ScoresOnScale refuses an engine holding scores outside the scale cfg now gives them
// (engine.ScoresOffScale): a review criterion's scale narrowed, or the criterion taken out of
// the file (back to 1–5), or [surveys.csat] or [surveys.ces] narrowed, after scores were
// stored on a wider one. metrics.md reads a score on the scale the configuration gives, so such
// a score would make a wrong figure (a 10 stored on 1–10 read on 1–5: an IQS of 225, a CSAT
// mean of 10 on 1–5); leaving it out instead would change the figure without anyone having
// asked. The message names the scale, how many stored scores fall outside and of which
// records, and the two ways out: widen the scale, or delete those rows. An import refuses such
// a score in the first place (importer), so only the configuration can make one.
func ScoresOnScale(cfg *config.Config, e *engine.Engine) error {
	if e == nil {
		return nil
	}
	var problems []string
	var ways []string // one way out per scale, in the order of problems
	for _, off := range e.ScoresOffScale() {
		var where, what, records string
		switch off.Kind {
		case cx.KindReviews:
			where = fmt.Sprintf("criterion %q is not in [[scorecards.criteria]] and so runs %d..%d", off.Name, off.Min, off.Max)
			if i := cfg.CriterionPlace(off.Name); i > 0 {
				where = fmt.Sprintf("scorecards.criteria[%d] (%q) runs %d..%d", i, cfg.Criteria[i-1].Name, off.Min, off.Max)
			}
			what, records = "rating", "review"
			ways = appendNew(ways, "Widen the scale (min, max) in [[scorecards.criteria]] to take them, "+
				"or delete those rows (klantpuls delete --kind reviews --id REVIEW --criterion NAME)")
		default:
			where = fmt.Sprintf("[surveys.%s] runs %d..%d", off.Name, off.Min, off.Max)
			what, records = off.Name+" answer", "response"
			ways = appendNew(ways, fmt.Sprintf("Widen the scale (min, max) in [surveys.%s] to take them, "+
				"or delete those answers (klantpuls delete --kind responses --id RESPONSE)", off.Name))
		}
		problems = append(problems, fmt.Sprintf("%s, but %s outside it (%s %s)",
			where, storedCount(off.N, what), plural(len(off.IDs), records), ids(off)))
	}
	if len(problems) == 0 {
		return nil
	}
	return cx.Errorf(cx.EINVALID, "the configuration does not fit the stored scores: %s; "+
		"each is read on the scale the configuration gives, so they would make wrong figures (an IQS outside 0..100, "+
		"a CSAT or CES answer on the wrong side and a mean off the scale). %s",
		strings.Join(problems, "; "), strings.Join(ways, ". "))
}

// storedCount is "1 stored rating lies" or "2 stored ratings lie".
func storedCount(n int, what string) string {
	return counted(n, "stored "+what+" lies", "stored "+what+"s lie")
}

// plural is word, with an s when n is not 1.
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// counted is n with its noun, as the command line's English says it: "1 record", "2 records".
func counted(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ids names the records of off, and how many more there are.
func ids(off engine.OffScale) string {
	s := strings.Join(off.IDs, ", ")
	if more := off.N - len(off.IDs); more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}

// appendNew appends s to list when list does not hold it yet.
func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
