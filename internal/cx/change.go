package cx

import "encoding/json"

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
}

// Deletion is a tombstone: the record of Of with key ID is deleted. It is a Record so it
// travels where records go (Store.Changes, Engine.Apply).
type Deletion struct {
	Of Kind
	ID string
}

// RecordKind is the kind of the deleted record.
func (d Deletion) RecordKind() Kind { return d.Of }

// Key is the deleted record's key.
func (d Deletion) Key() string { return d.ID }
