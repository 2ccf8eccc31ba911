package digest

import (
	"strconv"
	"strings"
	"testing"
)

func TestToken(t *testing.T) {
	secret := []byte("secret of the account")
	tok := Token(secret, 42, "Lead@Example.nl")
	cases := []struct {
		name   string
		secret []byte
		token  string
		id     int64
		email  string
		want   bool
	}{
		{"its own", secret, tok, 42, "Lead@Example.nl", true},
		{"address in another case", secret, tok, 42, "lead@example.nl", true},
		{"address changed since", secret, tok, 42, "other@example.nl", false},
		{"another user", secret, tok, 43, "Lead@Example.nl", false},
		{"id swapped in the token", secret, "43" + tok[2:], 43, "Lead@Example.nl", false},
		{"another account's secret", []byte("another"), tok, 42, "Lead@Example.nl", false},
		{"no secret", nil, Token(nil, 42, "Lead@Example.nl"), 42, "Lead@Example.nl", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Verify(c.secret, c.token, c.id, c.email); got != c.want {
				t.Errorf("Verify = %v, want %v", got, c.want)
			}
		})
	}
	if id, err := TokenUser(tok); err != nil || id != 42 {
		t.Errorf("TokenUser = %d, %v", id, err)
	}
	for _, bad := range []string{"", "42", ".abc", "-1.abc", "0.abc", "x.abc", "99999999999999999999.abc"} {
		if _, err := TokenUser(bad); err == nil {
			t.Errorf("TokenUser(%q) accepted", bad)
		}
	}
}

// FuzzTokenUser: no text makes TokenUser panic, and an id it reads is positive and is the
// token's prefix.
func FuzzTokenUser(f *testing.F) {
	f.Add(Token([]byte("k"), 7, "a@b.nl"))
	f.Add("1.")
	f.Add("-3.x")
	f.Fuzz(func(t *testing.T, token string) {
		id, err := TokenUser(token)
		if err != nil {
			return
		}
		if id <= 0 || !strings.HasPrefix(token, strconv.FormatInt(id, 10)+".") && !strings.HasPrefix(token, "+") && !strings.HasPrefix(token, "0") {
			t.Errorf("TokenUser(%q) = %d", token, id)
		}
	})
}
