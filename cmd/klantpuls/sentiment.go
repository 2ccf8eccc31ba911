package main

import (
	"bufio"
	"fmt"
	"math"
	"strings"

	"github.com/klantpuls/klantpuls/internal/metric"
	"github.com/klantpuls/klantpuls/internal/text"
)

type sentimentCmd struct {
	Lang string `help:"Language of the texts: nl, en, or auto (detect per line)." enum:"nl,en,auto" default:"auto"`
}

// maxLine bounds one text; a longer line is refused with its number rather than cut.
const maxLine = 1 << 20

// Run scores each line of standard input, one text per line, and prints label<TAB>score for
// it (metrics.md section 4: positive above 0.05, negative below −0.05, else neutral; the score
// in [−1, 1] with three decimals). It reads no database: the model is built in.
func (c *sentimentCmd) Run(e *env) error {
	lang := c.Lang
	if lang == "auto" {
		lang = ""
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSuffix(sc.Text(), "\r")
		score := text.Score(line, lang)
		shown := math.Round(score*1000) / 1000
		if shown == 0 {
			shown = 0 // no "-0.000"
		}
		fmt.Fprintf(out, "%s\t%.3f\n", metric.SentimentLabel(score), shown)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s", msgSentimentLine.In(e.lang, n+1, err, e.number(maxLine, 0)))
	}
	return out.Flush()
}
