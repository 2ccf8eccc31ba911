package text

import (
	"fmt"
	"strconv"
	"strings"
)

// readEmoji reads emoji.txt: `WEIGHT<TAB>emoji…` (several emoji of one weight on a line).
func readEmoji() error {
	b, err := domainFS.ReadFile("emoji.txt")
	if err != nil {
		return err
	}
	emojis = map[string]float64{}
	var z tokenizer
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		w, list, ok := strings.Cut(line, "\t")
		v, err := strconv.ParseFloat(w, 64)
		if !ok || err != nil {
			return fmt.Errorf("emoji.txt:%d: want WEIGHT<TAB>emoji…", n+1)
		}
		for _, t := range z.tokenize(list) {
			if t.kind == emoji {
				emojis[t.text] = v
			}
		}
	}
	return nil
}
