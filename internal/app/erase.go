package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Deleting a record and erasing a customer are writes like any other (DESIGN.md: "erasure is a
// write too"): they go through the store's change sequence — a tombstone, or a record stored
// again without its text — so the engine, every other node and a node restarted from a
// snapshot end the same.

// Delete deletes one stored record: from the store (a tombstone other nodes follow) and from
// the engine; an answer with its follow-up (deleteRecord). A record that is not stored is
// cx.ENOTFOUND. The audit log records who deleted what (ActingAs), and that a follow-up went
// with it, in the deletion's transaction: no deletion without its line.
func (a *App) Delete(ctx context.Context, kind cx.Kind, id string) error {
	if _, err := cx.ParseKind(string(kind)); err != nil {
		return err
	}
	_, err := a.commit(ctx, func(tx store.Tx) ([]cx.Record, error) {
		// As a source's deletion: the record's version is kept, so a late delivery of an older
		// change does not bring back what a person deleted, and a newer change does (deleteStored).
		found, followUp, err := deleteRecord(tx, cx.Deletion{Of: kind, ID: id})
		if err != nil || !found {
			return nil, cmp.Or(err, cx.NotFound(kind, id, " to delete"))
		}
		var words []cx.AuditPhrase
		if followUp {
			words = append(words, cx.Phrase("with_followup"))
		}
		if err := a.auditIn(ctx, tx, cx.AuditRecordDelete, recordSubject(kind, id), words...); err != nil {
			return nil, err
		}
		return []cx.Record{cx.Deletion{Of: kind, ID: id}}, nil
	})
	return err
}

// EraseResult tells what erasing a customer changed. It names no erased text.
type EraseResult struct {
	CustomerID string `json:"customer_id"`
	// Pseudonym is the id the customer's records name now (erase_keys.go): their id may be
	// their e-mail address.
	Pseudonym string `json:"pseudonym"`
	Purged    bool   `json:"purged"`
	// Erased counts the records stored again without the customer's text or id; Deleted those
	// deleted (purge).
	Erased  int `json:"erased"`
	Deleted int `json:"deleted"`
	// Invitations counts the survey invitations whose e-mail address was removed, FollowUps
	// the follow-ups of their answers: whose reply was removed, or with purge deleted whole.
	Invitations int `json:"invitations"`
	FollowUps   int `json:"follow_ups"`
	// Scrub says what the database did so that no copy of the old rows stays in its files.
	Scrub string `json:"scrub"`
	// Leftovers are files outside the database that still hold the customer's name, e-mail
	// address or id: the rejects files of imports, which klantpuls does not rewrite. Whoever
	// erases must remove them (or the lines naming the customer).
	Leftovers []string `json:"leftovers"`
}

// Erase erases a customer (the GDPR's right to erasure): their name, e-mail address and
// attributes; the comments and free text (attrs) of their answers, those to invitations sent to
// their address included; the text, author and link of the mentions they wrote (by name or
// e-mail address, or attrs customer_id); the free text of their orders, tickets with their
// messages, reviews of their tickets and events. The records stay, so their scores and counts
// stay in every figure; with purge they are deleted instead and leave the figures. Every record
// naming the customer's id names a pseudonym instead (erase_keys.go): an id may be an e-mail
// address. Afterwards the database rewrites its files (store.Erasure.Scrub) and the engine's
// snapshot is written again. A customer that nothing names — no record, invitation or entry of
// the audit log — is cx.ENOTFOUND (a mistyped id; an erasure asked twice with purge is, the
// third time): EraseAhead erases one all the same.
func (a *App) Erase(ctx context.Context, customerID string, purge bool) (EraseResult, error) {
	return a.erase(ctx, customerID, purge, false)
}

// EraseAhead is Erase also of a customer nothing names yet: the erasure is remembered, so that
// their records written later (the order a shop sends after its customers/redact, an import
// of last year) are stored without their text, under the pseudonym.
func (a *App) EraseAhead(ctx context.Context, customerID string, purge bool) (EraseResult, error) {
	return a.erase(ctx, customerID, purge, true)
}

// errNothingNamed stops an erasure's transaction that found no record of the customer.
var errNothingNamed = errors.New("app: no record names the customer")

func (a *App) erase(ctx context.Context, customerID string, purge, ahead bool) (EraseResult, error) {
	res := EraseResult{CustomerID: customerID, Purged: purge, Leftovers: []string{}}
	if strings.TrimSpace(customerID) == "" {
		return res, cx.Errorf(cx.EINVALID, "erase: which customer? the id is empty")
	}
	if !cx.IsText(customerID) {
		// No record can name it (the store holds no such text), nor will one: PostgreSQL
		// refused the look-up of its invitations.
		return res, cx.NotFound(cx.KindCustomers, customerID, ": no record names it")
	}
	// A redaction of ANNA@example.nl erases anna@example.nl, as a preset stored her.
	stored, err := a.StoredCustomerID(ctx, customerID)
	if err != nil {
		return res, err
	}
	customerID, res.CustomerID = stored, stored
	res.Pseudonym = customerID
	var key []byte
	if !isPseudonym(customerID) {
		var err error
		if key, err = a.installKey(ctx, eraseKeySetting, &a.eraseKey); err != nil {
			return res, err
		}
		res.Pseudonym = pseudonymOf(erasedHash(key, customerID))
	}
	var found *customerData
	var touched []cx.Kind
	committed, err := a.commit(ctx, func(tx store.Tx) ([]cx.Record, error) {
		var err error
		if found, err = a.customerData(ctx, customerID); err != nil {
			return nil, err
		}
		if found.none() && res.Pseudonym != customerID {
			// Erased before, so the records name the pseudonym: an erasure asked again (with
			// purge, say) by the id the asker knows.
			again, err := a.customerData(ctx, res.Pseudonym)
			if err != nil {
				return nil, err
			}
			if !again.none() {
				found = again
			}
		}
		if found.none() && !ahead {
			return nil, errNothingNamed
		}
		found.pseudonym = res.Pseudonym
		if hash, ok := strings.CutPrefix(res.Pseudonym, pseudonymPrefix); ok && res.Pseudonym != customerID {
			// Remembered with the records, so that no write after them brings the id back.
			etx, ok := tx.(store.ErasureTx)
			if !ok {
				return nil, cx.Errorf(cx.EINTERNAL, "app: this store remembers no erasures")
			}
			if err := etx.RememberErasure(hash, time.Now(), purge); err != nil {
				return nil, err
			}
			// And the authors they wrote mentions as: a mention names no customer id.
			for _, author := range found.authors() {
				if err := etx.RememberErasedAuthor(erasedHash(key, author), time.Now()); err != nil {
					return nil, err
				}
			}
		}
		if res.Pseudonym != customerID {
			// A customer's row deleted before keeps the version of the id, which may be the address.
			vtx, err := versions(tx)
			if err == nil {
				err = vtx.ForgetDeletedVersion(cx.KindCustomers, customerID)
			}
			if err != nil {
				return nil, err
			}
		}
		var written []cx.Record
		if written, touched, res.FollowUps, err = found.erase(tx, purge); err != nil || purge {
			return written, err
		}
		// Without purge their answers stay, and so do their follow-ups, without the reply.
		res.FollowUps, err = forgetFollowUps(tx, found.responseIDs())
		return written, err
	})
	if errors.Is(err, errNothingNamed) {
		// No record, but their invitations or the audit log (their row deleted before) may
		// name them still: then they are erased as one whose records are still to come.
		named, err := a.forgetOutsideRecords(ctx, &res, found)
		if err != nil {
			return res, err
		}
		if !named {
			return res, cx.NotFound(cx.KindCustomers, customerID, ": no record names it")
		}
		again, err := a.erase(ctx, customerID, purge, true)
		again.Invitations += res.Invitations
		return again, err
	}
	if err != nil {
		return res, err
	}
	if e := a.engine.Load(); e != nil && res.Pseudonym != customerID {
		// The emptied row under the old id would keep it in memory and engine files.
		e.ForgetCustomer(customerID, forgottenAs(res.Pseudonym))
	}
	if purge { // else the one deletion is of the customer's row under its old key, put again
		res.Deleted = committed.Deleted
	}
	res.Erased = committed.Written - committed.Deleted
	if _, err := a.forgetOutsideRecords(ctx, &res, found); err != nil {
		return res, err
	}
	if res.Scrub, err = a.erasure.Scrub(ctx, touched); err != nil {
		return res, err
	}
	if a.snapshot != "" && a.engine.Load() != nil {
		if err := a.SaveSnapshot(a.snapshot); err != nil {
			return res, fmt.Errorf("app: the customer is erased, but the engine's snapshot was not written again: %w", err)
		}
	} else if a.snapshot != "" {
		// Not loaded (DeferEngine): the file still holds the customer; the next load reads
		// the database instead.
		if err := RemoveEngineFile(a.snapshot); err != nil {
			return res, fmt.Errorf("app: the customer is erased, but the engine's snapshot was not removed: %w", err)
		}
	}
	if res.Leftovers, err = a.rejectsNaming(ctx, found.needles()); err != nil {
		return res, err
	}
	followUps := cx.Phrase("followup_replies_removed", strconv.Itoa(res.FollowUps))
	if purge {
		followUps = cx.Phrase("followups_deleted", strconv.Itoa(res.FollowUps))
	}
	words := []cx.AuditPhrase{cx.Phrase("erased", strconv.Itoa(res.Erased), strconv.Itoa(res.Deleted),
		strconv.Itoa(res.Invitations)), followUps, cx.Phrase("scrub", res.Scrub)}
	if len(res.Leftovers) > 0 {
		words = append(words, cx.Phrase("rejects_name_customer", strconv.Itoa(len(res.Leftovers))))
	}
	// The entry names the pseudonym: the id erased may be the address.
	return res, a.auditAs(ctx, cx.AuditErase, "customer "+res.Pseudonym, words...)
}

// forgetOutsideRecords removes the customer's address from their invitations and unsubscribes
// and their id from the audit log, which are no records: the invitations made for them or sent
// to one of their addresses, the unsubscribe of one (kept as a keyed hash), and the deletion or
// changes of their row before the erasure (record_delete, record_patch "customers <id>"). It
// counts the invitations in res, and tells whether anything named the customer.
func (a *App) forgetOutsideRecords(ctx context.Context, res *EraseResult, found *customerData) (bool, error) {
	emails := found.addresses()
	if isAddress(res.CustomerID) {
		emails = append(emails, res.CustomerID) // erased before: the records name the pseudonym
	}
	n, err := a.erasure.ForgetInvitations(ctx, found.id, emails, res.Pseudonym)
	if err != nil {
		return false, err
	}
	res.Invitations += n
	named := n > 0
	if len(emails) > 0 {
		// Their unsubscribe stays, so that the address is not mailed again, as a keyed hash.
		key, err := a.installKey(ctx, eraseKeySetting, &a.eraseKey)
		if err != nil {
			return false, err
		}
		for _, e := range emails {
			found, err := a.erasure.HashUnsubscribe(ctx, e, unsubscribedAs(key, e))
			if err != nil {
				return false, err
			}
			named = named || found
		}
	}
	if res.Pseudonym == res.CustomerID {
		return named, nil
	}
	audited, err := a.erasure.ForgetInAudit(ctx, recordSubject(cx.KindCustomers, res.CustomerID),
		recordSubject(cx.KindCustomers, res.Pseudonym))
	return named || audited > 0, err
}

// recordSubject is how the audit log names the record of kind with key that a person deleted or
// changed (record_delete, record_patch): "customers C1", a review's row "reviews V1, criterion
// toon" (cx.ShownKey). An erasure renames a customer's by it.
func recordSubject(kind cx.Kind, key string) string {
	return string(kind) + " " + cx.ShownKey(kind, key)
}

// forgetFollowUps removes in tx the team's replies to the customer's answers (they answer, and
// may quote, what the customer wrote), keeping who owned them and their state: with the
// records, so that an erasure is stored whole or not at all.
func forgetFollowUps(tx store.Tx, responseIDs []string) (int, error) {
	if len(responseIDs) == 0 {
		return 0, nil
	}
	ftx, err := followUpsIn(tx)
	if err != nil {
		return 0, err
	}
	// Read in tx, locked: what is written back is the follow-up as it stands, its reply gone.
	follows, err := ftx.FollowUps(responseIDs)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, f := range follows {
		if f.Reply == "" {
			continue
		}
		// The reply's score goes with it: it is shown beside the reply only, and counts nowhere.
		f.Reply, f.ReplySentiment = "", nil
		if err := ftx.SetFollowUp(&f); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

type actingKey struct{}

// ActingAs tells the writes that record their own lines in the audit log — Delete, Erase, a
// reply noted (MarkReplied), a follow-up saved or assigned — who acts: the Actor, UserID,
// TokenID, From and At of e. Without it the entry names "system".
func ActingAs(ctx context.Context, e cx.AuditEntry) context.Context {
	return context.WithValue(ctx, actingKey{}, e)
}

// acting is the entry of action on subject by whoever ctx says acts (ActingAs), cleaned.
func acting(ctx context.Context, action, subject string, words []cx.AuditPhrase) cx.AuditEntry {
	e, _ := ctx.Value(actingKey{}).(cx.AuditEntry)
	if e.Actor == "" {
		e.Actor = "system"
	}
	e.ID, e.Action, e.Subject, e.Detail, e.Words = 0, action, subject, "", words
	return cleaned(e)
}

// auditIn records action on subject in the audit log in tx, the transaction of records that
// makes the change: both commit or neither does. Who acts is ctx's (ActingAs).
func (a *App) auditIn(ctx context.Context, tx store.Tx, action, subject string, words ...cx.AuditPhrase) error {
	atx, ok := tx.(store.AuditTx)
	if !ok {
		return cx.Errorf(cx.EINTERNAL, "app: this store writes no audit lines with records")
	}
	e := acting(ctx, action, subject, words)
	return atx.AddAudit(&e)
}

// auditAs records action on subject in the audit log after the change, by whoever ctx says
// acts: for an erasure only, whose line tells what came after its transaction of records (the
// invitations forgotten, the database's scrub, the rejects files left), and which is no one
// transaction anyway.
func (a *App) auditAs(ctx context.Context, action, subject string, words ...cx.AuditPhrase) error {
	e := acting(ctx, action, subject, words)
	// The write is done: its record must be too, also when the caller has gone away.
	if err := a.audit.AddAudit(context.WithoutCancel(ctx), &e); err != nil {
		return errors.Join(errors.New("app: done, but the audit log was not written"), err)
	}
	return nil
}
