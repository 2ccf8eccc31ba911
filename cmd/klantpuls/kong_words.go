package main

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/alecthomas/kong"

	"github.com/klantpuls/klantpuls/internal/importer"
)

// kong words its refusals of a command line in English, as plain errors of fmt.Errorf: it has
// no catalogue nor an error type per kind. parseRefusal recognises the kinds a user meets (a
// mistyped flag or command, a flag or argument left out, a value kong cannot read) by their
// sentence in kong v1.17.0 and says them in Dutch, naming the same flag or argument; in
// English kong's own sentence is the message. A sentence not listed (a rarer kind, or one an
// upgrade of kong rewords) is said in kong's English: TestParseRefusalInDutch fails on an
// upgrade that rewords a listed one.
var kongRefusals = []struct {
	sentence *regexp.Regexp
	nl       string // the Dutch, with the sentence's groups in order
}{
	{regexp.MustCompile(`^unknown flag (\S+)$`), "onbekende optie %s"},
	{regexp.MustCompile(`^unexpected argument (.+)$`), "onverwacht argument %s"},
	{regexp.MustCompile(`^missing flags: (.+, .+)$`), "deze opties ontbreken: %s"},
	{regexp.MustCompile(`^missing flags: (.+)$`), "deze optie ontbreekt: %s"},
	{regexp.MustCompile(`^missing positional arguments (.+ .+)$`), "deze argumenten ontbreken: %s"},
	{regexp.MustCompile(`^missing positional arguments (.+)$`), "dit argument ontbreekt: %s"},
	{regexp.MustCompile(`^expected one of (.+)$`), "geef een van %s"},
	{regexp.MustCompile(`^expected (".+")$`), "geef %s"},
	{regexp.MustCompile(`^(\S+) must be one of (.+) but got (".*")$`), "%s moet een van %s zijn, niet %s"},
	{regexp.MustCompile(`^(\S+): expected \S+ value but got "EOL" \(<EOL>\)$`), "%s: de waarde ontbreekt"},
	{regexp.MustCompile(`^(\S+): expected \S+ value but got (".*") \(.*\); perhaps try (.+)\?$`),
		"%s: de waarde ontbreekt (%s is een optie); bedoelt u %s?"},
	{regexp.MustCompile(`^(\S+): expected duration but got (".*?")(?:: .*)?$`),
		"%s: %s is geen tijdsduur (zoals 30s, 5m of 1h)"},
	{regexp.MustCompile(`^(\S+): expected an? (?:valid \d+ bit )?u?int but got (".*?")(?: \(.*\))?$`),
		"%s: %s is geen geheel getal"},
	{regexp.MustCompile(`^(--\S+) and (--\S+) can't be used together$`), "%s en %s gaan niet samen: geef er één"},
}

// kong's suggestion after an unknown flag or command: ", did you mean …?".
var kongSuggestion = regexp.MustCompile(`^(.*), did you mean (one of )?(.+)\?$`)

// parseLanguage is the language of kong's refusal err: the command's it names (commandLanguage,
// its --lang too), the locale's when kong did not get as far as a command.
func parseLanguage(err error) importer.Lang {
	if p := (*kong.ParseError)(nil); errors.As(err, &p) && p.Context != nil {
		return commandLanguage(p.Context)
	}
	return importer.Lang(language(""))
}

// kongRefusalIn is kong's sentence in lang (kongRefusals): English, and a sentence not listed,
// as kong words it.
func kongRefusalIn(sentence string, lang importer.Lang) string {
	if lang != importer.Dutch {
		return sentence
	}
	if m := kongSuggestion.FindStringSubmatch(sentence); m != nil {
		if m[2] != "" {
			return fmt.Sprintf("%s; bedoelt u een van %s?", kongRefusalIn(m[1], lang), m[3])
		}
		return fmt.Sprintf("%s; bedoelt u %s?", kongRefusalIn(m[1], lang), m[3])
	}
	for _, r := range kongRefusals {
		if m := r.sentence.FindStringSubmatch(sentence); m != nil {
			args := make([]any, 0, len(m)-1)
			for _, g := range m[1:] {
				args = append(args, g)
			}
			return fmt.Sprintf(r.nl, args...)
		}
	}
	return sentence
}
