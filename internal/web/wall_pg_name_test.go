package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
)

// TestNameNotUTF8RefusedOnPostgreSQL: a wall screen's or a token's name that is not UTF-8 (a
// form posted by hand: a browser sends UTF-8) is refused naming the field, in the page's
// language, as a name too long is — PostgreSQL refuses such text, so it reached the database
// and came back as a 500 that said only that something went wrong.
func TestNameNotUTF8RefusedOnPostgreSQL(t *testing.T) {
	ts := &testServer{t: t, dbPath: postgrestest.Fresh(t), logs: &syncBuffer{}, tokens: map[string]string{}}
	ts.open()
	if _, err := ts.app.CreateUser(context.Background(), "admin@example.com", testPassword, cx.RoleAdmin, "", "", time.Now()); err != nil {
		t.Fatal(err)
	}
	admin := ts.login("admin@example.com")
	for _, form := range []struct {
		path string
		v    url.Values
		want string
	}{
		{"/tokens/walls?lang=nl", url.Values{"name": {"Muur \xff"}, "pages": {"overview"}}, "Geef het wandscherm een naam van hoogstens 100 tekens."},
		{"/tokens?lang=nl", url.Values{"name": {"Token \xff"}, "scope": {"read"}}, "Geef het token een naam van hoogstens 100 tekens."},
	} {
		if res := admin.form("POST", form.path, form.v); res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, form.want) {
			t.Errorf("%s with a name that is not UTF-8: %d, want 422 saying %q", form.path, res.status, form.want)
		}
	}
}
