package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestConnectionSecretSealed makes a connection in a SQLite file, reads its secret back through
// another App on the same file (a restart, or a second node), and finds the secret nowhere in
// the file: it is kept sealed. A sealed secret moved onto another connection does not open.
func TestConnectionSecretSealed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	a, err := Open(ctx, sqlitetest.FreshUnlessThere(t, path), config.Default())
	if err != nil {
		t.Fatal(err)
	}
	const secret = "shpss_0123456789abcdef0123456789abcdef"
	c := cx.Connection{Source: "shopify", Name: "Webwinkel", Kinds: []cx.Kind{cx.KindOrders}, Actor: "anouk@shop.nl"}
	if err := a.CreateConnection(ctx, &c, secret, ""); err != nil {
		t.Fatal(err)
	}
	if len(c.ID) != 16 {
		t.Errorf("id %q: want 16 URL-safe characters (12 random bytes)", c.ID)
	}
	a.Close()

	b, err := Open(ctx, path, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	got, opened, err := b.Connection(ctx, c.ID)
	if err != nil || string(opened) != secret || got.Name != "Webwinkel" {
		t.Fatalf("Connection = %+v, %q, %v; want Webwinkel with its secret", got, opened, err)
	}
	for _, f := range []string{path, path + "-wal"} {
		raw, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte(secret)) || bytes.Contains(raw, []byte("0123456789abcdef0123")) {
			t.Errorf("%s holds the secret in plain", filepath.Base(f))
		}
	}
	key, err := b.connectionKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sealed := seal(key, c.ID, []byte(secret))
	if _, err := open(key, "another", sealed); err == nil {
		t.Error("a sealed secret opened for another connection")
	}
}

// TestCreateConnectionRefuses names the field of each thing a connection cannot be made with.
func TestCreateConnectionRefuses(t *testing.T) {
	ctx := context.Background()
	a, err := Open(ctx, sqlitetest.New(t), config.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	long := NewConnectionSecret()
	tests := []struct {
		name   string
		c      cx.Connection
		secret string
		token  string
	}{
		{"no name", cx.Connection{Name: "  ", Kinds: []cx.Kind{cx.KindOrders}}, long, ""},
		{"no kinds", cx.Connection{Name: "x"}, long, ""},
		{"a kind that is none", cx.Connection{Name: "x", Kinds: []cx.Kind{"Orders"}}, long, ""},
		{"a secret of 15 characters", cx.Connection{Name: "x", Kinds: []cx.Kind{cx.KindOrders}}, "123456789012345", ""},
		// An API token goes into an Authorization header: a space or line break would split it.
		{"an API token with a space", cx.Connection{Name: "x", Kinds: []cx.Kind{cx.KindTickets}}, long, "Bearer abc"},
		{"an API token with a line break", cx.Connection{Name: "x", Kinds: []cx.Kind{cx.KindTickets}}, long, "abc\r\nX-Evil: 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.Source, tt.c.Actor = "klantpuls", "cli:test"
			if err := a.CreateConnection(ctx, &tt.c, tt.secret, tt.token); cx.ErrorCode(err) != cx.EINVALID {
				t.Errorf("err = %v, want EINVALID", err)
			}
		})
	}
	if all, err := a.Connections(ctx); err != nil || len(all) != 0 {
		t.Errorf("Connections = %+v, %v; want none made", all, err)
	}
}

// TestConnectionAPITokenSealed: a connection's API token is read back opened by another App on
// the same file and is nowhere in it in plain; it opens only as that connection's token (not as
// its secret, not for another connection); a connection without one has none.
func TestConnectionAPITokenSealed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "klantpuls.db")
	a, err := Open(ctx, path, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	const token = "trengo-personal-access-token-0123456789"
	desk := cx.Connection{Source: "trengo", Name: "Trengo", Kinds: []cx.Kind{cx.KindTickets}, Actor: "cli:test"}
	shop := cx.Connection{Source: "shopify", Name: "Webwinkel", Kinds: []cx.Kind{cx.KindOrders}, Actor: "cli:test"}
	if err := a.CreateConnection(ctx, &desk, NewConnectionSecret(), token); err != nil {
		t.Fatal(err)
	}
	if err := a.CreateConnection(ctx, &shop, NewConnectionSecret(), ""); err != nil {
		t.Fatal(err)
	}
	a.Close()
	b, err := Open(ctx, path, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got, err := b.ConnectionToken(ctx, desk.ID); err != nil || string(got) != token {
		t.Errorf("ConnectionToken = %q, %v; want %q", got, err, token)
	}
	if got, err := b.ConnectionToken(ctx, shop.ID); err != nil || got != nil {
		t.Errorf("ConnectionToken of a connection without one = %q, %v", got, err)
	}
	c, keys, err := b.DeliveryConnection(ctx, desk.ID, time.Now())
	if err != nil || !c.APIToken || string(keys.APIToken) != token || len(keys.Secret) == 0 {
		t.Errorf("DeliveryConnection = %+v, %q, %v", c, keys.APIToken, err)
	}
	for _, f := range []string{path, path + "-wal"} {
		raw, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte("personal-access-token")) {
			t.Errorf("%s holds the API token in plain", filepath.Base(f))
		}
	}
	key, _ := b.connectionKey(ctx)
	sealed := seal(key, tokenData(desk.ID), []byte(token))
	if _, err := open(key, desk.ID, sealed); err == nil {
		t.Error("a sealed API token opened as the connection's secret")
	}
}

// A connection's id goes on command lines (klantpuls connection remove ID): none may start with
// "-", which one base64url draw in 64 would. 2,000 draws hold about 31 such starts by chance.
func TestConnectionIDNoFlag(t *testing.T) {
	for range 2000 {
		if id := newConnectionID(); id[0] == '-' || len(id) != 16 {
			t.Fatalf("id %q", id)
		}
	}
}
