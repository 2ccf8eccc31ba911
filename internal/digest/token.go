package digest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// An unsubscribe link carries a token that names the user and is signed with the account's
// secret, so unsubscribing needs no login (the link is opened from a mail client) and nobody can
// unsubscribe another user by changing a number. The token is "<user id>.<signature>"; the
// signature covers the id and the address, so a link stops working when the address changes.

// Token returns the unsubscribe token of user id with address email.
func Token(secret []byte, id int64, email string) string {
	return strconv.FormatInt(id, 10) + "." + sign(secret, id, email)
}

func sign(secret []byte, id int64, email string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("digest-unsubscribe\x00" + strconv.FormatInt(id, 10) + "\x00" + strings.ToLower(email)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// TokenUser reads the user id a token names, before it is checked (the address to check it
// against is the user's).
func TokenUser(token string) (int64, error) {
	idText, _, ok := strings.Cut(token, ".")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil || id <= 0 {
		return 0, cx.Errorf(cx.EINVALID, "token: not an unsubscribe token")
	}
	return id, nil
}

// Verify tells whether token is the unsubscribe token of user id with address email.
func Verify(secret []byte, token string, id int64, email string) bool {
	want := Token(secret, id, email)
	return len(secret) > 0 && hmac.Equal([]byte(token), []byte(want))
}

// UnsubscribePath is the dashboard route of the unsubscribe page.
const UnsubscribePath = "/digest/unsubscribe"

// unsubscribeLinks are the page a person opens (GET shows a confirm button) and the address a
// mail client POSTs to with "List-Unsubscribe=One-Click" (RFC 8058): the same URL.
func (b *Builder) unsubscribeLinks(r Recipient) (page, post string) {
	u := b.BaseURL + UnsubscribePath + "?" + url.Values{"token": {Token(b.Secret, r.UserID, r.Email)}, "lang": {r.Lang}}.Encode()
	return u, u
}
