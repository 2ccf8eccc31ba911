package app

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// One secret, one connection. A delivery is checked against the secret of the connection its URL
// names and written under that connection's kinds; two connections sharing a secret would let a
// delivery captured on its way to one be sent to the other's URL and pass there, written with
// what the other may write. So a secret another connection has is refused when a connection is
// made (CreateConnection), and connections an older release let share one are named on the
// Koppelingen page and by `connection list` (SharedSecrets). Their deliveries are still taken:
// refusing them would stop a running shop's data on upgrade for a risk that needs a captured
// delivery; the admin gives one of them a secret of its own.
//
// Secrets are sealed under a random nonce, so equal secrets seal to different bytes and the
// store cannot find one by its secret: app opens each connection's (there are a handful) and
// compares. Each comparison is of SHA-256 digests in constant time (crypto/subtle), so neither
// how much of a secret matches nor its length shows in the time a refusal takes.

// secretDigest is what secrets are compared by: equal length, whatever their length.
func secretDigest(secret []byte) [sha256.Size]byte { return sha256.Sum256(secret) }

// sameSecret tells whether two digests are equal, in constant time.
func sameSecret(a, b [sha256.Size]byte) bool { return subtle.ConstantTimeCompare(a[:], b[:]) == 1 }

// connectionSecrets reads every connection with the digest of its secret, oldest first. A secret
// that does not open (a damaged row, a key replaced) is left out: it verifies no delivery, so no
// delivery can be replayed onto its connection either.
func (a *App) connectionSecrets(ctx context.Context, conns store.Connections, key []byte) ([]cx.Connection, [][sha256.Size]byte, error) {
	all, err := conns.Connections(ctx)
	if err != nil {
		return nil, nil, err
	}
	var kept []cx.Connection
	var digests [][sha256.Size]byte
	for _, c := range all {
		_, sealed, err := conns.Connection(ctx, c.ID)
		if cx.ErrorCode(err) == cx.ENOTFOUND {
			continue // removed since the list was read
		} else if err != nil {
			return nil, nil, err
		}
		secret, err := open(key, c.ID, sealed)
		if err != nil {
			continue
		}
		kept, digests = append(kept, c), append(digests, secretDigest(secret))
		clear(secret)
	}
	return kept, digests, nil
}

// refuseSharedSecret refuses secret when another connection has it, naming that connection (never
// the secret). Every connection is compared, the first match kept, so the time taken does not
// tell which one matched.
func (a *App) refuseSharedSecret(ctx context.Context, conns store.Connections, key []byte, secret string) error {
	all, digests, err := a.connectionSecrets(ctx, conns, key)
	if err != nil {
		return err
	}
	want := secretDigest([]byte(secret))
	var holder *cx.Connection
	for i := range all {
		if sameSecret(digests[i], want) && holder == nil {
			holder = &all[i]
		}
	}
	if holder != nil {
		return cx.Refuse(cx.EINVALID, "secret", "conn_secret_in_use", "connection '%s' uses this secret already; give each connection "+
			"a secret of its own (a delivery to one would otherwise be taken by the other too)", holder.Name)
	}
	return nil
}

// SharedSecrets returns the connections that share a secret, a group of two or more per secret,
// each oldest first: made before a release refused that (refuseSharedSecret), or both before it
// ran. Nothing when each connection has its own.
func (a *App) SharedSecrets(ctx context.Context) ([][]cx.Connection, error) {
	conns, err := a.connections()
	if err != nil {
		return nil, err
	}
	key, err := a.connectionKey(ctx)
	if err != nil {
		return nil, err
	}
	all, digests, err := a.connectionSecrets(ctx, conns, key)
	if err != nil {
		return nil, err
	}
	var groups [][]cx.Connection
	grouped := make([]bool, len(all))
	for i := range all {
		if grouped[i] {
			continue
		}
		group := []cx.Connection{all[i]}
		for j := i + 1; j < len(all); j++ {
			if !grouped[j] && sameSecret(digests[i], digests[j]) {
				group, grouped[j] = append(group, all[j]), true
			}
		}
		if len(group) > 1 {
			groups = append(groups, group)
		}
	}
	return groups, nil
}
