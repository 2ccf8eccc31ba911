package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"hash"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// An erasure is remembered (store.ErasureTx): otherwise the next order update from the shop, a
// file imported again or a sync would write the erased customer's name back under their address.
// Every write path — Write and its kin (webhooks, the API, syncs), Import, Bulk — reads the
// erased ids once per transaction (erasedIDs) and stores a record naming one under its
// pseudonym, without what erasure removes (withoutText): the record counts, the person is gone.

// erasedIDs are the erased customers as one write transaction found them: the keyed hashes of
// their ids and the key. Nil, when none was ever erased, forgets nothing at no cost.
type erasedIDs struct {
	hashes  map[string]bool
	mac     hash.Hash // HMAC under the installation's key, used by one goroutine at a time
	changed int       // the records forget changed
}

// erasedIDs reads the erased customers, in the write turn (after Begin): an erasure committed
// before is seen, and on SQLite none can commit meanwhile. On PostgreSQL an erasure on another
// node committing during this transaction is not seen by it.
func (a *App) erasedIDs(ctx context.Context) (*erasedIDs, error) {
	er, ok := a.store.(store.Erasure)
	if !ok {
		return nil, nil
	}
	hashes, err := er.ErasedCustomers(ctx)
	if err != nil || len(hashes) == 0 {
		return nil, err
	}
	key, err := a.installKey(ctx, eraseKeySetting, &a.eraseKey)
	if err != nil {
		return nil, err
	}
	e := &erasedIDs{hashes: make(map[string]bool, len(hashes)), mac: hmac.New(sha256.New, key)}
	for _, h := range hashes {
		e.hashes[h] = true
	}
	return e, nil
}

// pseudonym is the pseudonym of id when id is erased.
func (e *erasedIDs) pseudonym(id string) (string, bool) {
	if e == nil || id == "" || isPseudonym(id) {
		return "", false
	}
	h := keyedHash(e.mac, id)
	if !e.hashes[h] {
		return "", false
	}
	return pseudonymOf(h), true
}

// forget is rec as a write stores it: of an erased customer, without their text and under their
// pseudonym; a customer referred by an erased one, naming that one's pseudonym; any other rec
// itself. A supplement stays one, so that it completes the pseudonym's stored record.
func (e *erasedIDs) forget(rec cx.Record) cx.Record {
	if e == nil {
		return rec
	}
	if v, ok := rec.(*cx.Versioned); ok {
		if f := e.forget(v.Record); f != v.Record {
			return &cx.Versioned{Record: f, At: v.At}
		}
		return rec
	}
	if s, ok := rec.(*cx.Supplement); ok {
		if f := e.forget(s.Record); f != s.Record {
			return &cx.Supplement{Record: f, Earliest: s.Earliest, Carries: s.Carries}
		}
		return rec
	}
	out := rec
	if id := subjectOf(rec); id != "" {
		if to, ok := e.pseudonym(id); ok {
			if w := withoutText(out); w != nil {
				out = w
			}
			if m := moved(out, id, to); m != nil {
				out = m
			}
		}
	}
	if c, ok := out.(*cx.Customer); ok {
		if to, ok := e.pseudonym(c.ReferredBy); ok {
			out = moved(c, c.ReferredBy, to)
		}
	}
	if out != rec {
		e.changed++
	}
	return out
}

// forgotten is how many records e changed (0 for nil).
func (e *erasedIDs) forgotten() int {
	if e == nil {
		return 0
	}
	return e.changed
}
