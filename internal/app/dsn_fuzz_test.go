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

// TestShownDSN: a --db value's password is never shown, whether Go's URL parser reads the value
// or refuses it; by hand.
func TestShownDSN(t *testing.T) {
	for _, tt := range []struct{ dsn, want string }{
		{"klantpuls.db", "klantpuls.db"},
		{"postgres://kp:geheim@db/kp", "postgres://kp:xxxxx@db/kp"},
		{"postgres://kp@db/kp", "postgres://kp@db/kp"},
		{"postgres://db:5432/kp", "postgres://db:5432/kp"},
		{"host=db password='ge heim' dbname=kp", "host=db password=xxxxx dbname=kp"},
		// Refused by url.Parse: a scheme must start with a letter, a port must be a number.
		{"0://kp:geheim@", "0://kp:xxxxx@"},
		{"1postgres://kp:geheim@db/kp", "1postgres://kp:xxxxx@db/kp"},
		{"postgres://kp:ge%zzheim@db/kp", "postgres://kp:xxxxx@db/kp"},
		{"postgres://kp:ge@heim@db:54x2/kp", "postgres://kp:xxxxx@db:54x2/kp"},
		// A parameter, as libpq's URIs allow.
		{"postgres://kp@db/kp?password=geheim", "postgres://kp@db/kp?password=xxxxx"},
		{"postgres://db/kp?sslmode=require&Password=geheim&x=1", "postgres://db/kp?sslmode=require&Password=xxxxx&x=1"},
	} {
		if got := ShownDSN(tt.dsn); got != tt.want {
			t.Errorf("ShownDSN(%q) = %q, want %q", tt.dsn, got, tt.want)
		}
	}
}
