package app

import (
	"context"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Held is what a database holds, or has held, of its user's own. A database with any of it is
// theirs even when no record is left (all deleted or erased): its history, users and audit log
// are real, and fictional records (klantpuls demo) must not be mixed into them.
type Held struct {
	Records   int  // stored now
	Deletions int  // records deleted or erased, counted when none is left (see Held)
	Erased    int  // customers erased
	Imports   bool // an import ran
	Users     int
	Audit     bool // the audit log has an entry
}

// Any tells whether the database is its user's: it holds or has held any of their data.
func (h Held) Any() bool {
	return h.Records > 0 || h.Deletions > 0 || h.Erased > 0 || h.Imports || h.Users > 0 || h.Audit
}

// Held reads what the database holds or has held of its user's own. Deletions are counted only
// when no record is left: the change log then holds nothing but them, so reading it is cheap,
// and a database with records is its user's without them.
func (a *App) Held(ctx context.Context) (Held, error) {
	var h Held
	for _, kind := range cx.Kinds {
		n, err := a.store.Count(ctx, kind)
		if err != nil {
			return h, err
		}
		h.Records += n
	}
	if h.Records == 0 {
		for _, kind := range cx.Kinds {
			if _, err := a.store.Changes(ctx, kind, 0, func(cx.Record) error { h.Deletions++; return nil }); err != nil {
				return h, err
			}
		}
	}
	if a.erasure != nil {
		erased, err := a.erasure.ErasedCustomers(ctx)
		if err != nil {
			return h, err
		}
		h.Erased = len(erased)
	}
	runs, err := a.imports.ImportHistory(ctx, 0, 1)
	if err != nil {
		return h, err
	}
	h.Imports = len(runs) > 0
	if h.Users, err = a.accounts.CountUsers(ctx); err != nil {
		return h, err
	}
	entries, err := a.audit.AuditLog(ctx, store.AuditQuery{Limit: 1})
	h.Audit = len(entries) > 0
	return h, err
}
