package digest

import (
	"strings"
	"testing"
	"time"
)

// FuzzPeriodName: the key of a sent digest (day:2026-12-02, week:2026-11-23, month:2026-11), read
// back from the database to name it in the list of recent digests, never panics: a key it cannot
// read is shown as it is, and every key PeriodKey writes is read, into the words of its period.
func FuzzPeriodName(f *testing.F) {
	for _, s := range []string{"day:2026-12-02", "week:2026-11-23", "month:2026-11", "month:2026-13", "year:2026", "", ":", "day:"} {
		f.Add(s, int64(1764633600))
	}
	f.Fuzz(func(t *testing.T, key string, unix int64) {
		for _, lang := range []string{"nl", "en"} {
			if name := PeriodName(key, lang); name != key && !strings.HasPrefix(name, words(lang).Every[Daily]) &&
				!strings.HasPrefix(name, words(lang).Every[Weekly]) && !strings.HasPrefix(name, words(lang).Every[Monthly]) {
				t.Fatalf("%s: key %q named %q", lang, key, name)
			}
			from := time.Unix(unix%(400*365*86400), 0).UTC() // years 1570 to 2369
			for _, freq := range []Frequency{Daily, Weekly, Monthly} {
				k := PeriodKey(freq, from)
				if name := PeriodName(k, lang); !strings.HasPrefix(name, words(lang).Every[freq]+" ") {
					t.Errorf("%s: key %q, written for %s, named %q", lang, k, freq, name)
				}
			}
		}
	})
}
