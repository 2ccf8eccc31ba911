package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
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
	authors map[string]bool // the keyed hashes of their mention authors (customerData.authors)
	mac     hash.Hash       // HMAC under the installation's key, used by one goroutine at a time
	changed int             // the records forget changed
	// The ticket a message, review or answer was last found on (ofErasedTicket): messages come ticket
	// by ticket, so one read serves a ticket's messages.
	lastTicket string
	lastErased bool
	// Past ticketReads tickets looked up one by one (a large import's answers each name their
	// own), the erased customers' tickets are read once instead (ticketsOf) and kept here, with
	// those this transaction moved to a pseudonym: a read per record of every later import
	// once anyone was erased was the import's cost.
	reads     int
	tickets   map[string]bool
	moved     []string // the tickets this transaction stored under a pseudonym
	ticketsOf func(pseudonyms []string) ([]string, error)
}

// ticketReads is how many tickets a write looks up one by one before it reads the erased
// customers' tickets at once: a webhook's few records read a few, an import reads them once.
var ticketReads = 256

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
	authors, err := er.ErasedAuthors(ctx)
	if err != nil {
		return nil, err
	}
	key, err := a.installKey(ctx, eraseKeySetting, &a.eraseKey)
	if err != nil {
		return nil, err
	}
	e := &erasedIDs{hashes: hashSet(hashes), authors: hashSet(authors), mac: hmac.New(sha256.New, key),
		ticketsOf: func(pseudonyms []string) ([]string, error) { return a.ticketsOfCustomers(ctx, pseudonyms) }}
	return e, nil
}

// hashSet is keys as a set.
func hashSet(keys []string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// erasedAuthor tells whether a mention's author is an erased customer: by name or address,
// compared as customerData.wrote compares them.
func (e *erasedIDs) erasedAuthor(m *cx.Mention) bool {
	key := cx.NameKey(m.Author)
	return key != "" && len(e.authors) > 0 && e.authors[keyedHash(e.mac, key)]
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

// forget is rec as a write stores it in tx: of an erased customer, without their text and under
// their pseudonym; a message, review or answer on a ticket of an erased customer, and a mention
// an erased customer wrote (by its author), without its text; a
// customer referred by an erased one, naming that one's pseudonym; any other rec itself. A
// supplement stays one, so that it completes the pseudonym's stored record.
func (e *erasedIDs) forget(tx store.Tx, rec cx.Record) (cx.Record, error) {
	if e == nil {
		return rec, nil
	}
	if v, ok := rec.(*cx.Versioned); ok {
		f, err := e.forget(tx, v.Record)
		if err != nil || f == v.Record {
			return rec, err
		}
		return &cx.Versioned{Record: f, At: v.At}, nil
	}
	if s, ok := rec.(*cx.Supplement); ok {
		f, err := e.forget(tx, s.Record)
		if err != nil || f == s.Record {
			return rec, err
		}
		return &cx.Supplement{Record: f, Earliest: s.Earliest, Carries: s.Carries}, nil
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
	if ticket := ticketOf(rec); ticket != "" {
		erased, err := e.ofErasedTicket(tx, ticket)
		if err != nil {
			return nil, err
		}
		if w := withoutText(out); erased && w != nil {
			out = w
		}
	}
	if m, ok := out.(*cx.Mention); ok && e.erasedAuthor(m) {
		if w := withoutText(m); w != nil {
			out = w
		}
	}
	if t, ok := out.(*cx.Ticket); ok && isPseudonym(t.CustomerID) {
		e.moved = append(e.moved, t.ID) // not in ticketsOf's reads, which are outside the transaction
		if e.tickets != nil {
			e.tickets[t.ID] = true
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
	return out, nil
}

// ticketOf is the ticket a message, review or answer is on: a message and a review name no
// customer, their ticket does, and an answer on a ticket is about its customer also when it
// names none (a help desk's rating sent with its ticket only) — erasure's customerData reads
// them so. "" for every other kind.
func ticketOf(r cx.Record) string {
	switch r := r.(type) {
	case *cx.Message:
		return r.TicketID
	case *cx.Review:
		return r.TicketID
	case *cx.Response:
		return r.TicketID
	}
	return ""
}

// ofErasedTicket tells whether ticket, as tx holds it (written earlier in this transaction or
// before it), is an erased customer's: it names a pseudonym, or an erased id. A ticket not
// stored tells nothing.
func (e *erasedIDs) ofErasedTicket(tx store.Tx, ticket string) (bool, error) {
	if e.tickets != nil {
		return e.tickets[ticket], nil
	}
	if ticket == e.lastTicket {
		return e.lastErased, nil
	}
	if e.reads++; e.reads > ticketReads {
		if err := e.readTickets(); err != nil {
			return false, err
		}
		return e.tickets[ticket], nil
	}
	rec, err := tx.Get(cx.KindTickets, ticket)
	erased := false
	switch {
	case cx.ErrorCode(err) == cx.ENOTFOUND:
	case err != nil:
		return false, err
	default:
		owner := rec.(*cx.Ticket).CustomerID
		_, named := e.pseudonym(owner)
		erased = isPseudonym(owner) || named
	}
	e.lastTicket, e.lastErased = ticket, erased
	return erased, nil
}

// readTickets reads the tickets of every erased customer, stored under their pseudonyms. Read
// outside the transaction, they lack what it wrote: the tickets forget moved to a pseudonym are
// added (a ticket written naming a pseudonym outright is left to the next transaction: an
// erased customer's records come in naming the id, not the pseudonym).
func (e *erasedIDs) readTickets() error {
	e.tickets = map[string]bool{}
	for _, id := range e.moved {
		e.tickets[id] = true
	}
	pseudonyms := make([]string, 0, len(e.hashes))
	for h := range e.hashes {
		pseudonyms = append(pseudonyms, pseudonymOf(h))
	}
	ids, err := e.ticketsOf(pseudonyms)
	for _, id := range ids {
		e.tickets[id] = true
	}
	return err
}

// ticketsOfCustomers is the ids of the stored tickets of the customers ids, in one read by the
// tickets' customer index (store.SeqRecords), not a customer's whole history each.
func (a *App) ticketsOfCustomers(ctx context.Context, ids []string) ([]string, error) {
	byCustomer, ok := a.store.(store.SeqRecords)
	if !ok {
		return nil, errors.New("app: the store cannot look tickets up by their customer")
	}
	var tickets []string
	err := byCustomer.RecordsSeq(ctx, cx.KindTickets, "customer_id", ids, func(rec cx.Record, _ int64) error {
		tickets = append(tickets, rec.Key())
		return nil
	})
	return tickets, err
}

// forgotten is how many records e changed (0 for nil).
func (e *erasedIDs) forgotten() int {
	if e == nil {
		return 0
	}
	return e.changed
}
