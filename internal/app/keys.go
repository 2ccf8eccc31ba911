package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync/atomic"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// The installation's keys: each made once, at first use, and kept in the settings, so what it
// signs or seals stays valid across restarts and on every node sharing the database.

// digestKeySetting names the setting that holds the key signing unsubscribe links (hex, 32 bytes).
const digestKeySetting = "secret.digests"

// signingKeySetting names the setting that holds the key of signed links in e-mails, such as a
// survey invitation's (hex, 32 bytes).
const signingKeySetting = "secret.signing"

// DigestKey returns the key that signs the digests' unsubscribe links.
func (a *App) DigestKey(ctx context.Context) ([]byte, error) {
	return a.installKey(ctx, digestKeySetting, &a.digestKey)
}

// SigningKey returns the key of signed links in e-mails (survey invitations, answer links).
func (a *App) SigningKey(ctx context.Context) ([]byte, error) {
	return a.installKey(ctx, signingKeySetting, &a.signingKey)
}

// installKey reads the installation's key kept in setting, making it on first use; two nodes
// making it at once agree on the one stored first (SettingOnce). cache keeps it once read: a
// key never changes.
func (a *App) installKey(ctx context.Context, setting string, cache *atomic.Pointer[[]byte]) ([]byte, error) {
	if key := cache.Load(); key != nil {
		return *key, nil
	}
	conns, err := a.connections()
	if err != nil {
		return nil, err
	}
	fresh := make([]byte, 32)
	rand.Read(fresh)
	stored, err := conns.SettingOnce(ctx, setting, hex.EncodeToString(fresh))
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(stored)
	if err != nil || len(key) != 32 {
		return nil, cx.Errorf(cx.EINTERNAL, "app: setting %s is not a 32-byte key in hex", setting)
	}
	if store.UnitIn(ctx) == nil {
		// Inside an audited change the key is stored only if the change is: kept before its
		// commit, a key rolled back would seal what no restart could open.
		cache.Store(&key)
	}
	return key, nil
}
