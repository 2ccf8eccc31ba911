package web

import (
	"io/fs"
	"regexp"
	"sort"
	"testing"
)

// TestWordsInBothLanguages: every word of the pages is in Dutch and in English, and every word
// a template asks for by a fixed key exists, so no page shows an empty label in either language.
func TestWordsInBothLanguages(t *testing.T) {
	for _, pair := range [][2]string{{"nl", "en"}, {"en", "nl"}} {
		var missing []string
		for k := range words[pair[0]] {
			if _, ok := words[pair[1]][k]; !ok {
				missing = append(missing, k)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("in %s but not in %s: %v", pair[0], pair[1], missing)
		}
	}
	used := regexp.MustCompile(`\.T "([a-z_/]+)"`)
	err := fs.WalkDir(templateFiles, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFiles, path)
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			if _, ok := words["nl"][m[1]]; !ok {
				t.Errorf("%s asks for the word %q, which is not in the catalogue", path, m[1])
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBusinessHoursOneWord: the hours a team is open are "werkuren" / "business hours" on every
// page (the service, team and targets pages say so), never "werktijd" / "business time" on
// another, which reads as a second thing.
func TestBusinessHoursOneWord(t *testing.T) {
	for lang, other := range map[string]*regexp.Regexp{"nl": regexp.MustCompile(`(?i)werktijd`), "en": regexp.MustCompile(`(?i)business time`)} {
		var keys []string
		for k, w := range words[lang] {
			if other.MatchString(w) {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		if len(keys) > 0 {
			t.Errorf("%s: %v say %q where the other pages say werkuren / business hours", lang, keys, other)
		}
	}
}
