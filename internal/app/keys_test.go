package app

import (
	"context"
	"encoding/hex"
	"path/filepath"
	"sync"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestInstallKeysOneAcrossNodes: two nodes (two Apps on one database file) that ask for an
// installation's key at once — two serve processes started together on a new database — get
// the one key stored. A node keeps its copy in memory and signs with it (the digests' runner,
// the survey mailer), while another checks links against the stored one: a node that kept a
// key overwritten by the other sends links every node calls "ongeldig".
func TestInstallKeysOneAcrossNodes(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		setting string
		key     func(*App) ([]byte, error)
	}{
		{digestKeySetting, func(a *App) ([]byte, error) { return a.DigestKey(ctx) }},
		{signingKeySetting, func(a *App) ([]byte, error) { return a.SigningKey(ctx) }},
	} {
		for round := range 10 {
			path := filepath.Join(t.TempDir(), "klantpuls.db")
			var apps []*App
			for range 2 {
				a, err := Open(ctx, sqlitetest.FreshUnlessThere(t, path), config.Default())
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { a.Close() })
				apps = append(apps, a)
			}
			keys := make([][]byte, len(apps))
			errs := make([]error, len(apps))
			var start, done sync.WaitGroup
			start.Add(1)
			for i, a := range apps {
				done.Add(1)
				go func() {
					defer done.Done()
					start.Wait()
					keys[i], errs[i] = c.key(a)
				}()
			}
			start.Done()
			done.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			settings, err := apps[0].Settings(ctx)
			if err != nil {
				t.Fatal(err)
			}
			stored, err := hex.DecodeString(settings[c.setting])
			if err != nil || len(stored) != 32 {
				t.Fatalf("%s: stored %q is no 32-byte key in hex", c.setting, settings[c.setting])
			}
			for i, k := range keys {
				if hex.EncodeToString(k) != hex.EncodeToString(stored) {
					t.Fatalf("%s, round %d: node %d signs with a key that is not the stored one: its links are refused", c.setting, round, i)
				}
			}
		}
	}
}
