package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// A backup taken before a customer was erased holds their personal data. The database a
// restore replaces keeps no id of those it erased, but it keeps their keyed hashes and the key
// (erase_keys.go): so the restore hashes every customer id the backup names and erases again, in
// the backup's copy before it takes the database's place, each whose hash the replaced database
// erased — by Erase itself, as `klantpuls erase` did, purged when that erasure was.

// erasuresOf reads what the database a restore replaces (a) keeps of its erasures.
func (r *replacedDatabase) erasuresOf(ctx context.Context, a *App) error {
	hashes, err := a.erasure.ErasedCustomers(ctx)
	if err != nil {
		return err
	}
	purged, err := a.erasure.PurgedCustomers(ctx)
	if err != nil {
		return err
	}
	if r.authors, err = a.erasure.ErasedAuthors(ctx); err != nil {
		return err
	}
	settings, err := a.dash.Settings(ctx)
	if err != nil {
		return err
	}
	r.erased, r.purged, r.key = hashSet(hashes), hashSet(purged), settings[eraseKeySetting]
	return nil
}

// ErasedAgain tells what a restore erased again in the backup (eraseAgain).
type ErasedAgain struct {
	// Customers counts the customers erased again, Purged those of them purged.
	Customers, Purged int
}

// eraseAgain erases in a, the copy of a backup that is to replace the database replaced, the
// customers that database erased: each customer id a's records name (customerIDs) whose keyed
// hash, under replaced's key, it erased. The key comes along, and so does every erasure as a
// keyed hash, of the customers the backup does not name too: their records written later are
// stored under their pseudonyms, as they would have been. It returns how many it could not
// redo: without a key (a database that erased no one has none), all the backup does not have.
func (a *App) eraseAgain(ctx context.Context, replaced replacedDatabase) (again ErasedAgain, unerased int, err error) {
	if len(replaced.erased) == 0 {
		return again, 0, nil
	}
	key, err := hex.DecodeString(replaced.key)
	if err != nil || len(key) != 32 {
		kept, err := a.erasure.ErasedCustomers(ctx)
		unerased = len(replaced.erased)
		for _, h := range kept {
			if replaced.erased[h] {
				unerased--
			}
		}
		return again, unerased, err
	}
	if err := a.dash.SetSetting(ctx, eraseKeySetting, replaced.key); err != nil {
		return again, 0, err
	}
	a.eraseKey.Store(&key)
	mac := hmac.New(sha256.New, key)
	ids, err := a.customerIDs(ctx, func(id string) bool { return replaced.erased[keyedHash(mac, id)] })
	if err != nil {
		return again, 0, err
	}
	for _, id := range ids {
		purge := replaced.purged[keyedHash(mac, id)]
		if _, err := a.EraseAhead(ctx, id, purge); err != nil {
			return again, 0, err
		}
		again.Customers++
		if purge {
			again.Purged++
		}
	}
	if len(ids) > 0 {
		// Erase leaves the tombstone of a customer's row under their id for the nodes and
		// engine files following the changes; the restored database has an identity of its
		// own, which none of them follows, so the id need not stay in it.
		if err := a.erasure.ForgetTombstones(ctx, cx.KindCustomers, ids); err != nil {
			return again, 0, err
		}
		if _, err := a.erasure.Scrub(ctx, []cx.Kind{cx.KindCustomers}); err != nil {
			return again, 0, err
		}
	}
	return again, 0, a.rememberErasures(ctx, replaced)
}

// customerIDs returns, in order, the customer ids stored records name that erased tells are
// erased: a record's customer (subjectOf) and who referred a customer — every reference moved
// moves. Pseudonyms are erased already.
func (a *App) customerIDs(ctx context.Context, erased func(id string) bool) ([]string, error) {
	found := map[string]bool{}
	look := func(id string) {
		if id != "" && !isPseudonym(id) && !found[id] && erased(id) {
			found[id] = true
		}
	}
	for _, kind := range []cx.Kind{cx.KindCustomers, cx.KindOrders, cx.KindTickets, cx.KindResponses, cx.KindEvents, cx.KindMentions} {
		err := a.store.Stream(ctx, kind, func(r cx.Record) error {
			look(subjectOf(r))
			if c, ok := r.(*cx.Customer); ok {
				look(c.ReferredBy)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	ids := make([]string, 0, len(found))
	for id := range found {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, nil
}

// rememberErasures keeps every erasure and erased author of replaced in a, as keyed hashes
// under the key they share; one kept already stays.
func (a *App) rememberErasures(ctx context.Context, replaced replacedDatabase) error {
	_, err := a.commit(ctx, func(tx store.Tx) ([]cx.Record, error) {
		etx, ok := tx.(store.ErasureTx)
		if !ok {
			return nil, cx.Errorf(cx.EINTERNAL, "app: this store remembers no erasures")
		}
		now := time.Now()
		for h := range replaced.erased {
			if err := etx.RememberErasure(h, now, replaced.purged[h]); err != nil {
				return nil, err
			}
		}
		for _, h := range replaced.authors {
			if err := etx.RememberErasedAuthor(h, now); err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	return err
}
