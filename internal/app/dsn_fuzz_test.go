package app

import (
	"strings"
	"testing"
)

// FuzzShownDSN: whatever a --db value holds, CheckDSN answers without a panic, and a value in
// PostgreSQL's keyword form or a URL shows no password it carries (ShownDSN, which every
// refusal of --db prints).
func FuzzShownDSN(f *testing.F) {
	for _, s := range []string{"klantpuls.db", "postgres://kp:geheim@db/kp", "postgress://kp:geheim@db/kp",
		"host=db password=geheim dbname=kp", "host=db password='ge heim' dbname=kp", "password = geheim"} {
		f.Add(s, "geheim")
	}
	f.Fuzz(func(t *testing.T, dsn, secret string) {
		_ = CheckDSN(dsn)
		shown := ShownDSN(dsn)
		if len(secret) < 4 || strings.ContainsAny(secret, " '\\\t\n\r\v\f:@/?#%") || !strings.Contains(dsn, secret) {
			return
		}
		if (pgKeywords.MatchString(dsn) && strings.Contains(dsn, "password="+secret)) ||
			strings.Contains(dsn, "://kp:"+secret+"@") {
			if strings.Contains(shown, secret) && strings.Count(dsn, secret) == 1 {
				t.Errorf("ShownDSN(%q) = %q shows the password %q", dsn, shown, secret)
			}
		}
	})
}
