package app

import (
	"context"
	"fmt"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/ingest"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Write commits whole records and patches in one transaction and then applies what they made
// to the engine (when loaded): all or nothing. Records come first, then the patches in order,
// so a patch of a key given whole in recs, or patched before in patches, changes that version.
// A patch reads the stored record inside the transaction (store.Tx.Get), so a write of another
// node between the read and the commit cannot be lost, and is checked by ingest.Patch with the
// rules of a record sent whole: an invalid field refuses the whole call with an *ingest.Error
// naming it. Derived values (business seconds, first reply from messages) follow, because the
// engine is given the patched record whole, as if it had been imported.
func (a *App) Write(ctx context.Context, recs []cx.Record, patches []cx.Patch) (WriteResult, error) {
	res, _, err := a.write(ctx, nil, recs, patches, nil)
	return res, err
}

// WriteResult tells what a write changed (store.Result) and how many of its records named an
// erased customer, and were stored under their pseudonym without their text (erase_forget.go).
type WriteResult struct {
	store.Result
	Forgotten int
}

// WriteChanges is Write with deletions after the records and patches, all in one transaction:
// what one webhook delivery carries. A deletion of a record that is not stored is done already
// (a tool may report deleting what it never sent), unlike App.Delete's, which tells.
func (a *App) WriteChanges(ctx context.Context, recs []cx.Record, patches []cx.Patch, deletes []cx.Deletion) (WriteResult, error) {
	res, _, err := a.write(ctx, nil, recs, patches, deletes)
	return res, err
}

// write is WriteChanges, returning the records written too: recs, then what each patch made,
// then the deletions. first, when not nil, runs first in the transaction, and may write there
// what it reads there (written.reply); when it returns true nothing more is written (a
// delivery seen before, WriteDelivery).
func (a *App) write(ctx context.Context, first func(*written) (bool, error), recs []cx.Record, patches []cx.Patch,
	deletes []cx.Deletion) (WriteResult, []cx.Record, error) {
	var w written
	res, err := a.commit(ctx, func(tx store.Tx) ([]cx.Record, error) {
		w = written{tx: tx, at: map[recordKey]int{}}
		var err error
		if w.erased, err = a.erasedIDs(ctx); err != nil {
			return nil, err
		}
		if first != nil {
			if skip, err := first(&w); err != nil || skip {
				return w.recs, err
			}
		}
		for _, r := range recs {
			if err := w.put(r); err != nil {
				return nil, err
			}
		}
		for _, p := range patches {
			if _, _, err := w.applyPatch(a, p); err != nil {
				return nil, err
			}
		}
		for _, d := range deletes {
			if err := w.delete(d); err != nil {
				return nil, err
			}
		}
		return w.recs, nil
	})
	out := WriteResult{Result: res, Forgotten: w.erased.forgotten()}
	if err != nil {
		return out, nil, err
	}
	if res.Written > 0 {
		for _, f := range a.observers {
			f(ctx, w.recs)
		}
	}
	return out, w.recs, nil
}

// recordKey names a record across kinds.
type recordKey struct {
	kind cx.Kind
	key  string
}

// written is what one Write has put so far: every record in order, and by key the latest, which
// a later patch of the key changes.
type written struct {
	tx     store.Tx
	recs   []cx.Record
	at     map[recordKey]int // index in recs of a key's latest version
	erased *erasedIDs
}

func (w *written) put(rec cx.Record) error {
	score(rec) // sentiment is derived here, once, before the commit (sentiment.go)
	// Before complete: a supplement of an erased customer completes the pseudonym's record.
	rec, err := w.erased.forget(w.tx, rec)
	if err != nil {
		return err
	}
	rec, ok, err := complete(w.tx, rec)
	if err != nil || !ok {
		return err
	}
	if err := w.tx.Put(rec); err != nil {
		return err
	}
	w.at[recordKey{rec.RecordKind(), rec.Key()}] = len(w.recs)
	w.recs = append(w.recs, rec)
	return nil
}

// complete is the record a write stores of rec, read against the stored one of its key in tx:
// rec itself; of a cx.Supplement (the customer of an order, the rating column of a ticket
// export) its record completed from the stored one, so that it fills what is stored rather than
// blanking it; and of a cx.Versioned (an orders/updated delivery) nothing (ok false) when the
// stored record holds a later change of the resource, which the older one delivered late would
// undo — or, when none is stored, the record was deleted by a later change (deletedVersion).
// Every write path calls it before tx.Put, puts nothing when ok is false, and gives the engine
// what it returns: what the engine holds is what is stored. Only a supplement or a versioned
// record costs a read.
func complete(tx store.Tx, rec cx.Record) (_ cx.Record, ok bool, err error) {
	v, versioned := rec.(*cx.Versioned)
	if versioned {
		rec = v.Record
	}
	s, supplement := rec.(*cx.Supplement)
	if !versioned && !supplement {
		return rec, true, nil
	}
	stored, err := tx.Get(rec.RecordKind(), rec.Key())
	notFound := cx.ErrorCode(err) == cx.ENOTFOUND
	switch {
	case notFound && versioned:
		deleted, err := deletedVersion(tx, rec.RecordKind(), rec.Key())
		if err != nil || cx.Older(v.At, deleted) {
			return nil, false, err
		}
	case err != nil && !notFound:
		return nil, false, err
	case versioned && v.Stale(stored):
		return nil, false, nil
	}
	switch {
	case notFound && supplement:
		return s.Record, true, nil
	case supplement:
		return s.Complete(stored), true, nil
	}
	return rec, true, nil
}

// reply notes that the team replied at at to the comment or mention of kind with key id, on
// the record as it stands now: read in the transaction, locked until it ends (store.Tx.Get),
// so that only the reply time is written onto it, and a change another request or process
// committed after the caller's own reads — a comment or score corrected, the text erased —
// stays, in the store and the engine. It tells whether that changed the record (replied): a
// reply noted meanwhile stays, and the caller writes no line for it.
func (w *written) reply(kind cx.Kind, id string, at time.Time) (changed bool, err error) {
	rec, err := w.tx.Get(kind, id)
	if err != nil {
		return false, err
	}
	if changed, err = replied(rec, id, at); err != nil || !changed {
		return false, err
	}
	return true, w.put(rec)
}

// delete deletes d's record, an answer with its follow-up (deleteRecord); one that is not
// stored is deleted already.
func (w *written) delete(d cx.Deletion) error {
	found, _, err := deleteRecord(w.tx, d)
	if found && err == nil {
		w.deleted(d)
	}
	return err
}

// clearReply stores the removal of a reply (removesReply) as the deletion d of its record,
// which is put again at once: an answer keeps its follow-up (deleteStored, not deleteRecord).
func (w *written) clearReply(d cx.Deletion) error {
	found, err := deleteStored(w.tx, d)
	if found && err == nil {
		w.deleted(d)
	}
	return err
}

// deleted notes that d's record was deleted.
func (w *written) deleted(d cx.Deletion) {
	delete(w.at, recordKey{d.Of, d.ID})
	w.recs = append(w.recs, d.Stored())
}

// deleteRecord deletes d's record as a person or its source deletes it (deleteStored): an answer
// takes its follow-up with it — the team's reply may quote the customer, and nothing shows or
// counts a follow-up of no answer — and followUp tells that it had one. The audit log keeps the
// follow-up's entries (its owner, that it was replied to), which name no text.
func deleteRecord(tx store.Tx, d cx.Deletion) (found, followUp bool, err error) {
	if found, err = deleteStored(tx, d); !found || err != nil {
		return found, false, err
	}
	followUp, err = deleteFollowUpOf(tx, d)
	return found, followUp, err
}

// deleteFollowUpOf deletes in tx the follow-up of the answer d deletes (owner, reply and state),
// and tells whether it had one; a deletion of another kind has none. Every deletion of an answer
// takes its follow-up through it: a person's, a source's (deleteRecord) and a purge's (erase).
func deleteFollowUpOf(tx store.Tx, d cx.Deletion) (bool, error) {
	if d.Of != cx.KindResponses {
		return false, nil
	}
	ftx, err := followUpsIn(tx)
	if err != nil {
		return false, err
	}
	return ftx.DeleteFollowUp(d.ID)
}

// deleteStored deletes d's record in tx and tells whether one was stored: a deletion of a key
// not stored is done already (a tool reporting what it never sent, an order cancelled before
// any import saw it open), not an error. A deletion older than the stored record (cx.Older: a
// cancel delivered after the order was restored) deletes nothing. The version of what is
// deleted — the later of the stored record's and the deletion's own — is kept, so that a
// versioned record older than it, delivered late, is not written again (complete); a newer one
// is. So it is for every deletion, a person's with the API's DELETE or klantpuls delete too: the
// record comes back only with a change its source made after the one klantpuls had.
func deleteStored(tx store.Tx, d cx.Deletion) (found bool, err error) {
	stored, err := tx.Get(d.Of, d.ID)
	if cx.ErrorCode(err) == cx.ENOTFOUND {
		return false, keepDeletedVersion(tx, d.Of, d.ID, d.At)
	} else if err != nil {
		return false, err
	}
	version, _ := cx.VersionOf(stored)
	if cx.Older(d.At, version) {
		return false, nil
	}
	if err := tx.Delete(d.Of, d.ID); err != nil {
		return false, err
	}
	if version.IsZero() || cx.Older(version, d.At) {
		version = d.At
	}
	return true, keepDeletedVersion(tx, d.Of, d.ID, version)
}

// versions is tx as the store's keeper of deleted records' versions.
func versions(tx store.Tx) (store.VersionTx, error) {
	vtx, ok := tx.(store.VersionTx)
	if !ok {
		return nil, cx.Errorf(cx.EINTERNAL, "app: this store keeps no versions of deleted records")
	}
	return vtx, nil
}

// deletedVersion is the version kept of the deleted record of kind with key (zero for none).
func deletedVersion(tx store.Tx, kind cx.Kind, key string) (time.Time, error) {
	vtx, err := versions(tx)
	if err != nil {
		return time.Time{}, err
	}
	return vtx.DeletedVersion(kind, key)
}

// keepDeletedVersion keeps at as the version of the deleted record of kind with key, unless a
// later one is kept already (cx.Older) or at is none.
func keepDeletedVersion(tx store.Tx, kind cx.Kind, key string, at time.Time) error {
	if at.IsZero() {
		return nil
	}
	vtx, err := versions(tx)
	if err != nil {
		return err
	}
	kept, err := vtx.DeletedVersion(kind, key)
	if err != nil || !kept.IsZero() && !cx.Older(kept, at) {
		return err
	}
	return vtx.KeepDeletedVersion(kind, key, at)
}

// applyPatch puts the record p makes of the latest version of its key (patch), and returns that
// version and the record as put (put may forget an erased customer's text in it): put nil when
// p is older than that version, and nothing was put.
func (w *written) applyPatch(a *App, p cx.Patch) (stored, put cx.Record, err error) {
	stored, rec, err := w.patch(a, p)
	if err != nil || rec == nil {
		return stored, nil, err
	}
	if removesReply(stored, rec) {
		if err := w.clearReply(cx.Deletion{Of: p.Of, ID: p.ID}); err != nil {
			return nil, nil, err
		}
	}
	n := len(w.recs)
	if err := w.put(rec); err != nil || len(w.recs) == n {
		return stored, nil, err
	}
	return stored, w.recs[n], nil
}

// patch returns the latest version of p's key — put earlier in this Write, or else stored — and
// the record p makes of it: none (nil) when p is a change older than that version's (cx.Older),
// which would undo a later one (a "solved" delivered after the "reopened" that followed it).
func (w *written) patch(a *App, p cx.Patch) (stored, rec cx.Record, err error) {
	if i, ok := w.at[recordKey{p.Of, p.ID}]; ok {
		stored = w.recs[i]
	}
	// A record put without replied_at kept the stored one (sqldb columns.kept): that version is
	// the store's.
	if at, ok := repliedAt(stored); stored == nil || ok && at.IsZero() {
		if stored, err = w.tx.Get(p.Of, p.ID); cx.ErrorCode(err) == cx.ENOTFOUND {
			return nil, nil, patchOfNothing(p)
		} else if err != nil {
			return nil, nil, err
		}
	}
	if version, _ := cx.VersionOf(stored); cx.Older(p.At, version) {
		return stored, nil, nil
	}
	cfg := a.Config
	if cfg == nil { // an App opened without one (tests, tools) reads as the defaults say
		cfg = config.Default()
	}
	rec, err = ingest.PatchIn(ingest.Lang(p.Lang), p.Of, cfg, stored, p.Doc)
	if err == nil {
		keepScore(stored, rec)
	}
	return stored, rec, err
}

// repliedAt is when the team replied to rec, a comment or mention (ok false for other kinds).
func repliedAt(rec cx.Record) (at time.Time, ok bool) {
	switch r := rec.(type) {
	case *cx.Response:
		return r.RepliedAt, true
	case *cx.Mention:
		return r.RepliedAt, true
	}
	return time.Time{}, false
}

// removesReply tells whether rec, a patch of stored, removed its replied_at. The stores keep a
// reply that a record put again does not carry (sqldb columns.kept), so that removal is
// stored as a deletion and the record put again: the changes then tell every node and copy
// to drop the reply, as the deletion clears it in the engine.
func removesReply(stored, rec cx.Record) bool {
	was, _ := repliedAt(stored)
	now, ok := repliedAt(rec)
	return ok && now.IsZero() && !was.IsZero()
}

// patchOfNothing is the rule for a patch of a record that is not stored: it is refused, not
// kept until the rest arrives. A kept patch would be a second kind of stored state, to be
// carried through the change sequence to every node and snapshot, expired when its record never
// comes, and reported nowhere meanwhile, for the sake of an ordering that senders avoid anyway:
// the help desks and shops send the whole record when it is made (ticket created, order
// placed) and redeliver a webhook that was refused, so a patch that overtook its record is
// sent again after it. A refusal says plainly what to do instead.
func patchOfNothing(p cx.Patch) error {
	return cx.NotFound(p.Of, p.ID, fmt.Sprintf(" to patch: a patch changes a stored record, so send the whole record first (POST /api/v1/%s)", p.Of))
}
