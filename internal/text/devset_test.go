package text

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/metric"
)

var labels = []string{"negative", "neutral", "positive"}

// labelOf is the label of a score by metrics.md section 4's rule, which lives in metric.
func labelOf(score float64) string { return metric.SentimentLabel(score) }

// TestDevSet scores the hand-labelled development set (testdata/sentiment/README.md tells how it
// was made) and fails under 85% accuracy per language (issue 13). The *-test.tsv files were held
// out for two rounds of rules and are development material since the third (the *-heldout.tsv
// files took their place: TestHeldOut); each file's accuracy is logged as well.
// SENTIMENT_ERRORS=1 logs each miss.
func TestDevSet(t *testing.T) {
	for _, lang := range []string{Dutch, English} {
		t.Run(lang, func(t *testing.T) {
			confusion := map[[2]string]int{}  // [want, got]
			byCategory := map[string][2]int{} // right, total
			right, n := 0, 0
			for _, part := range []string{"dev", "test"} {
				path := "testdata/sentiment/" + lang + "-" + part + ".tsv"
				rows := readDevSet(t, path)
				fileRight := 0
				for _, r := range rows {
					got := labelOf(Score(r.text, lang))
					confusion[[2]string{r.label, got}]++
					c := byCategory[r.category]
					c[1]++
					if got == r.label {
						fileRight++
						c[0]++
					} else if os.Getenv("SENTIMENT_ERRORS") == "1" {
						t.Logf("want %s got %s (%+.3f) [%s] %s", r.label, got, Score(r.text, lang), r.category, r.text)
					}
					byCategory[r.category] = c
				}
				t.Logf("%s: n %d, accuracy %.1f%%", path, len(rows), 100*float64(fileRight)/float64(len(rows)))
				right, n = right+fileRight, n+len(rows)
			}
			acc := float64(right) / float64(n)
			t.Logf("%s: n %d, accuracy %.1f%%, macro-F1 %.3f\n%s%s", lang, n, 100*acc, macroF1(confusion),
				confusionTable(confusion), categoryTable(byCategory))
			if acc < 0.85 {
				t.Errorf("accuracy %.1f%% under 85%%", 100*acc)
			}
		})
	}
}

type devRow struct{ label, category, text string }

func readDevSet(t *testing.T, path string) []devRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []devRow
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		parts := strings.SplitN(sc.Text(), "\t", 3)
		if len(parts) != 3 || labelOf(map[string]float64{"positive": 1, "negative": -1, "neutral": 0}[parts[0]]) != parts[0] {
			t.Fatalf("%s:%d: want label<TAB>category<TAB>text with label positive, negative or neutral", path, n)
		}
		rows = append(rows, devRow{parts[0], parts[1], parts[2]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// macroF1 is the mean over the three labels of 2·precision·recall/(precision+recall).
func macroF1(c map[[2]string]int) float64 {
	sum := 0.0
	for _, l := range labels {
		tp, fp, fn := c[[2]string{l, l}], 0, 0
		for _, o := range labels {
			if o != l {
				fp += c[[2]string{o, l}]
				fn += c[[2]string{l, o}]
			}
		}
		if tp > 0 {
			p, r := float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
			sum += 2 * p * r / (p + r)
		}
	}
	return sum / float64(len(labels))
}

func confusionTable(c map[[2]string]int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s %9s %9s %9s   (rows: label, columns: scored)\n", "", labels[0], labels[1], labels[2])
	for _, w := range labels {
		fmt.Fprintf(&b, "%-10s %9d %9d %9d\n", w, c[[2]string{w, labels[0]}], c[[2]string{w, labels[1]}], c[[2]string{w, labels[2]}])
	}
	return b.String()
}

func categoryTable(c map[string][2]int) string {
	var b strings.Builder
	for _, k := range sortedKeys(c) {
		fmt.Fprintf(&b, "  %-11s %3d/%3d\n", k, c[k][0], c[k][1])
	}
	return b.String()
}

func sortedKeys(m map[string][2]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// TestHeldOut scores the held-out set: texts written by two other people about other trades
// (restaurants, garages, gyms, pharmacies, housing, schools, …) while the third round of rules
// was made, never read while making rules (testdata/sentiment/README.md). Measured first on
// 3 December 2026: nl 87.7% (macro-F1 0.876), en 82.0% (0.809). It fails under 80% per
// language: a floor below that first measurement, so a change that makes the scorer generalise
// worse is seen. Tuning on these files would make them development material: write a new set
// instead.
func TestHeldOut(t *testing.T) {
	for _, lang := range []string{Dutch, English} {
		t.Run(lang, func(t *testing.T) {
			rows := readDevSet(t, "testdata/sentiment/"+lang+"-heldout.tsv")
			confusion := map[[2]string]int{}
			right := 0
			for _, r := range rows {
				got := labelOf(Score(r.text, lang))
				confusion[[2]string{r.label, got}]++
				if got == r.label {
					right++
				}
			}
			acc := float64(right) / float64(len(rows))
			t.Logf("%s held out: n %d, accuracy %.1f%%, macro-F1 %.3f\n%s", lang, len(rows), 100*acc, macroF1(confusion), confusionTable(confusion))
			if acc < 0.80 {
				t.Errorf("accuracy %.1f%% under the 80%% floor", 100*acc)
			}
		})
	}
}
