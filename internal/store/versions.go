package store

import (
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// VersionTx is a write transaction (Tx) that keeps the version of a deleted record (its source's
// last change, cx.SourceVersion, or the change that deleted it): the record is gone, and a
// delivery of it older than that, arriving late, must not bring it back (app, deleteStored and
// complete). Both databases' stores are one.
type VersionTx interface {
	// DeletedVersion reads the version kept of the deleted record of kind with key; zero when
	// none is kept.
	DeletedVersion(kind cx.Kind, key string) (time.Time, error)
	// KeepDeletedVersion keeps at as that version, in place of one kept before.
	KeepDeletedVersion(kind cx.Kind, key string, at time.Time) error
	// ForgetDeletedVersion removes the version kept of the record of kind with key, if any: an
	// erased customer's id (an e-mail address) is kept nowhere.
	ForgetDeletedVersion(kind cx.Kind, key string) error
}
