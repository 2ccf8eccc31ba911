package text

import "strings"

// wordRuns: runs of one or more words ("lot", "great deal", "could finally"), by their first
// word, and the number of words of the longest.
type wordRuns struct {
	byFirst map[string][][]string
	longest int
}

func (r *wordRuns) add(words string) {
	f := strings.Fields(words)
	if r.byFirst == nil {
		r.byFirst = map[string][][]string{}
	}
	r.byFirst[f[0]] = append(r.byFirst[f[0]], f)
	r.longest = max(r.longest, len(f))
}

// at: the number of words of the longest run that starts at token j, 0 when none does.
func (r *wordRuns) at(toks []token, j int) int {
	if j >= len(toks) || toks[j].kind != word {
		return 0
	}
	best := 0
	for _, run := range r.byFirst[toks[j].text] {
		k := 1
		for k < len(run) && j+k < len(toks) && toks[j+k].kind == word && toks[j+k].text == run[k] {
			k++
		}
		if k == len(run) && k > best {
			best = k
		}
	}
	return best
}
