package cx

import (
	"encoding/json"
	"time"
)

// Writes are records, patches and tombstones (DESIGN.md, "Growing the product"): a record
// replaces the stored one with the same key, a Patch changes some fields of a stored record and
// keeps the others, a Deletion removes one. All three travel through the store's change
// sequence, so every node, snapshot and engine sees the same history.

// Patch changes some fields of the stored record of Of with key ID: Doc is a JSON merge patch
// (RFC 7396) in the record's field names as data.md section 2 names them (ticket_id,
// solved_at, …); null removes an optional field.
type Patch struct {
	Of  Kind
	ID  string
	Doc json.RawMessage
	// At is when the source made the change (a ticket's updated_at), zero when it says not: a
	// patch older than the stored record's version (Older) is not applied, and one applied
	// sets that version (Doc carries it as the attribute SourceVersion).
	At time.Time
	// Lang is the language a refusal of the patched record is said in ("nl" or "en"; "" is
	// English): the API's caller's. It changes no outcome, only the words.
	Lang string
}

// Deletion is a tombstone: the record of Of with key ID is deleted. It is a Record so it
// travels where records go (Store.Changes, Engine.Apply).
type Deletion struct {
	Of Kind
	ID string
	// At is when the source made the change that deletes the record (a cancelled order's
	// updated_at), zero when it says not: a deletion older than the stored record's version
	// (Older) deletes nothing, and the version of what it deleted is kept, so that an older
	// change delivered late does not bring the record back (app, deleteStored).
	At time.Time
}

// RecordKind is the kind of the deleted record.
func (d Deletion) RecordKind() Kind { return d.Of }

// Stored is the deletion as the store's change sequence gives it back (without the source's
// time): what a write hands its engine, so that the engine holds what another process reads.
func (d Deletion) Stored() Deletion { return Deletion{Of: d.Of, ID: d.ID} }

// Key is the deleted record's key.
func (d Deletion) Key() string { return d.ID }
