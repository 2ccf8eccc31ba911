package app

import (
	"fmt"
	"strings"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// RatingsOnScale refuses an engine holding review ratings outside their criterion's scale in
// cfg: a scale narrowed, or a criterion taken out of the file (back to 1–5), after ratings
// were stored on a wider one. metrics.md section 4 scores a rating (r − min)/(max − min), so
// such a rating would make an IQS above 100 or below 0 (a 10 stored on 1–10, read on 1–5:
// 225); leaving it out instead would change the figure without anyone having asked. The
// message names the criterion, its scale, how many stored ratings fall outside and in which
// reviews, and the two ways out: widen the scale, or delete those rows. An import refuses such
// a rating in the first place (importer), so only the configuration can make one.
func RatingsOnScale(cfg *config.Config, e *engine.Engine) error {
	if e == nil {
		return nil
	}
	var problems []string
	for _, off := range e.RatingsOffScale() {
		where := fmt.Sprintf("criterion %q is not in [[scorecards.criteria]] and so runs %d..%d", off.Criterion, off.Min, off.Max)
		if i := cfg.CriterionPlace(off.Criterion); i > 0 {
			where = fmt.Sprintf("scorecards.criteria[%d] (%q) runs %d..%d", i, cfg.Criteria[i-1].Name, off.Min, off.Max)
		}
		reviews := strings.Join(off.Reviews, ", ")
		if more := off.N - len(off.Reviews); more > 0 {
			reviews += fmt.Sprintf(" and %d more", more)
		}
		ratings := "ratings lie"
		if off.N == 1 {
			ratings = "rating lies"
		}
		in := "review"
		if len(off.Reviews) > 1 {
			in = "reviews"
		}
		problems = append(problems, fmt.Sprintf("%s, but %d stored %s outside it (%s %s)", where, off.N, ratings, in, reviews))
	}
	if len(problems) == 0 {
		return nil
	}
	return cx.Errorf(cx.EINVALID, "the configuration does not fit the stored quality reviews: %s; "+
		"IQS would read them outside 0..100. Widen the scale (min, max) in [[scorecards.criteria]] to take them, "+
		"or delete those rows (klantpuls delete --kind reviews --id REVIEW --criterion NAME)", strings.Join(problems, "; "))
}
