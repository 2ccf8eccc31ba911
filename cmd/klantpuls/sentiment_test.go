package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestSentimentCommand runs `klantpuls sentiment` as a process (the test binary is klantpuls
// itself, TestMain) with texts on its real standard input, and reads label<TAB>score lines from
// its standard output: one line out per line in, the label by metrics.md section 4.
func TestSentimentCommand(t *testing.T) {
	cases := []struct {
		name, lang, in string
		want           []string // labels, in order
	}{
		{"Dutch, detected", "auto", "Super snel geholpen, aanrader!\nPakket nooit ontvangen.\nWanneer gaan jullie open?\n", []string{"positive", "negative", "neutral"}},
		{"English, named", "en", "Great service, thanks!\r\nStill waiting for my refund\n\n", []string{"positive", "negative", "neutral"}},
		{"empty input", "nl", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "sentiment", "--lang", c.lang)
			cmd.Env = append(os.Environ(), "KLANTPULS_RUN_MAIN=1")
			cmd.Stdin = strings.NewReader(c.in)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v: %s", err, stderr.String())
			}
			lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
			if stdout.Len() == 0 {
				lines = nil
			}
			if len(lines) != len(c.want) {
				t.Fatalf("%d lines out for %d in: %q", len(lines), len(c.want), stdout.String())
			}
			for i, l := range lines {
				label, score, ok := strings.Cut(l, "\t")
				if !ok || label != c.want[i] || len(score) < 5 || score[len(score)-4] != '.' {
					t.Errorf("line %d: %q, want %s<TAB>score with three decimals", i+1, l, c.want[i])
				}
			}
		})
	}
}

func TestSentimentCommandRefusesLanguage(t *testing.T) {
	inEnglish(t) // the parser's words; TestParseRefusalInDutch has them in Dutch
	out, errOut, code := newProject(t).run("sentiment", "--lang", "de")
	if code != exitUsage || !strings.Contains(errOut, `--lang must be one of "nl","en","auto"`) {
		t.Errorf("code %d, stdout %q, stderr %q", code, out, errOut)
	}
}
