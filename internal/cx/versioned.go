package cx

import "time"

// SourceVersion is the attribute that keeps, on a stored record, when its resource last changed
// at the source (RFC 3339, UTC): a Shopify order's updated_at. A later delivery of the resource
// is compared with it (Versioned).
const SourceVersion = "source_updated_at"

// Versioned is a record of a resource its source changes and sends again whole (an order on each
// orders/updated), with the source's time of that change, also kept in its attributes under
// SourceVersion. The tools retry and deliver concurrently, so an older change can arrive after a
// newer one (Shopify says so, and to compare updated_at); stored, it would undo the newer. So a
// write compares it with the stored record of its key (Stale) and skips it when that is later.
// Record is the record itself, or a *Supplement of it. Only a write path sees one: the store and
// the engine are given what it makes, never the Versioned.
type Versioned struct {
	Record
	At time.Time
}

// Stale reports whether stored, the stored record of v's key, holds a later change of the
// resource than v. A change of the same instant is not stale: written again, it changes nothing
// the source would not. A stored record without a version (from an export, or written before
// versions were kept) can tell nothing, so v is not stale.
func (v *Versioned) Stale(stored Record) bool {
	at, _ := VersionOf(stored)
	return Older(v.At, at)
}

// Older is the one rule of which change of a resource is newer, for whole records (Versioned),
// patches (Patch.At) and deletions (Deletion.At) alike: a change made at at, arriving now, is
// older than kept, the version klantpuls keeps of the resource (a stored record's, or a deleted
// one's), when kept is later. Such a change is not written: it would undo the later one. A
// change of the same instant is not older: written again, it changes nothing the source would
// not. A zero time on either side is no version and can tell nothing, so it is not older.
func Older(at, kept time.Time) bool {
	return !at.IsZero() && !kept.IsZero() && kept.After(at)
}

// VersionOf is the source version a record keeps in its attributes; false when it keeps none
// (or one that is no RFC 3339 time, which no comparison can trust).
func VersionOf(r Record) (time.Time, bool) {
	return ParseVersion(attrsOf(r)[SourceVersion])
}

// ParseVersion reads a SourceVersion attribute; false for none.
func ParseVersion(s string) (time.Time, bool) {
	at, err := time.Parse(time.RFC3339Nano, s)
	return at, err == nil
}

// attrsOf is a record's attributes: every kind keeps them in a field Attrs.
func attrsOf(r Record) Attrs {
	switch x := r.(type) {
	case *Customer:
		return x.Attrs
	case *Order:
		return x.Attrs
	case *Ticket:
		return x.Attrs
	case *Message:
		return x.Attrs
	case *Response:
		return x.Attrs
	case *Mention:
		return x.Attrs
	case *Review:
		return x.Attrs
	case *Event:
		return x.Attrs
	}
	return nil
}

// Plain is the record a Versioned or a Supplement carries (rec itself otherwise): the source's
// own values, which a preview shows.
func Plain(rec Record) Record {
	for {
		switch w := rec.(type) {
		case *Versioned:
			rec = w.Record
		case *Supplement:
			rec = w.Record
		default:
			return rec
		}
	}
}
