package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// customerData is every record that is about one customer: their customer row, orders, tickets
// with the tickets' messages, answers and reviews, their events, and the mentions they wrote;
// the customers they referred, whose rows name them too; and their survey invitations. It is
// the one reader of what klantpuls holds about a customer: the erasure erases it, the API's
// customer answer (App.CustomerData) shows it.
type customerData struct {
	id        string
	pseudonym string       // what the records will name the customer by (erase_keys.go)
	customer  *cx.Customer // nil when records name the customer but no row exists
	recs      []cx.Record
	referred  []cx.Record
	// invitations are the survey invitations made for them or sent to their addresses.
	invitations []cx.Invitation
	// authorKeys are authors(), read once for the many mentions wrote is asked about.
	authorKeys []string
}

// customerData reads what is stored about customer id; none() when nothing is. The store's
// customer history has all but messages, events, mentions and the answers to invitations sent
// to their address, which have no index by customer: those kinds are read through once (an
// erasure is rare; a million messages take about a second).
func (a *App) customerData(ctx context.Context, id string) (*customerData, error) {
	cr, err := a.store.CustomerRecords(ctx, id)
	if cx.ErrorCode(err) == cx.ENOTFOUND {
		// Events, mentions and answers to their address may name them still.
		cr, err = &store.CustomerRecords{}, nil
	}
	if err != nil {
		return nil, err
	}
	d := &customerData{id: id, customer: cr.Customer}
	if cr.Customer != nil {
		d.recs = append(d.recs, cr.Customer)
	}
	tickets := map[string]bool{}
	for i := range cr.Orders {
		d.recs = append(d.recs, &cr.Orders[i])
	}
	for i := range cr.Tickets {
		d.recs = append(d.recs, &cr.Tickets[i])
		tickets[cr.Tickets[i].ID] = true
	}
	answers := map[string]bool{}
	for i := range cr.Responses {
		d.recs = append(d.recs, &cr.Responses[i])
		answers[cr.Responses[i].ID] = true
	}
	for i := range cr.Reviews {
		d.recs = append(d.recs, &cr.Reviews[i])
	}
	if a.erasure != nil {
		if d.invitations, err = a.erasure.InvitationsOf(ctx, id, d.addresses()); err != nil {
			return nil, err
		}
	}
	invited := map[string]bool{}
	for _, inv := range d.invitations {
		invited[inv.ID] = true
	}
	keep := map[cx.Kind]func(cx.Record) bool{
		cx.KindMessages: func(r cx.Record) bool { return tickets[r.(*cx.Message).TicketID] },
		cx.KindEvents:   func(r cx.Record) bool { return r.(*cx.Event).CustomerID == id },
		cx.KindMentions: func(r cx.Record) bool { return d.wrote(r.(*cx.Mention)) },
		// An answer to an invitation sent to their address that named no customer (the
		// surveys page's list of addresses): the one who answered read their mail.
		cx.KindResponses: func(r cx.Record) bool {
			resp := r.(*cx.Response)
			return resp.CustomerID == "" && !answers[resp.ID] && invited[resp.Attrs["invitation"]]
		},
	}
	kinds := []cx.Kind{cx.KindMessages, cx.KindEvents, cx.KindMentions}
	if len(invited) > 0 {
		kinds = append(kinds, cx.KindResponses)
	}
	for _, kind := range kinds {
		err := a.store.Stream(ctx, kind, func(r cx.Record) error {
			if keep[kind](r) {
				d.recs = append(d.recs, r)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	err = a.store.Stream(ctx, cx.KindCustomers, func(r cx.Record) error {
		if r.(*cx.Customer).ReferredBy == id {
			d.referred = append(d.referred, r)
		}
		return nil
	})
	return d, err
}

// none tells whether no record is about the customer.
func (d *customerData) none() bool { return len(d.recs) == 0 && len(d.referred) == 0 }

// wrote tells whether the customer wrote a mention: its author is their name or e-mail address
// (authors), or its attrs name them as customer_id. A name alone can be shared by two people; a
// mention's author is what the source shows, so it is all there is to go by.
func (d *customerData) wrote(m *cx.Mention) bool {
	if m.Attrs["customer_id"] == d.id {
		return true
	}
	if d.authorKeys == nil {
		d.authorKeys = d.authors()
	}
	return m.Author != "" && slices.Contains(d.authorKeys, cx.NameKey(m.Author))
}

// authors are the mention authors that are the customer, compared as names are (cx.NameKey):
// their name and e-mail addresses. An erasure remembers their keyed hashes, so that a mention
// of theirs written again is forgotten too (erase_forget.go).
func (d *customerData) authors() []string {
	out := []string{}
	add := func(s string) {
		if k := cx.NameKey(s); k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	if d.customer != nil {
		add(d.customer.Name)
	}
	for _, e := range d.addresses() {
		add(e)
		add(cx.AddressKey(e)) // "Jan <jan@example.nl>" writes, and unsubscribes, as jan@example.nl
	}
	return out
}

// erase deletes every record (purge) or stores it again without the customer's text, in tx; both
// ways every record left naming the customer, the customers they referred included, names the
// pseudonym instead. The customer's row is deleted and put again under it: the tombstone of the
// old key takes it out of every engine, engine file and ClickHouse that follows the changes.
// An answer deleted (purge) takes its follow-up with it, owner and state too: a purge leaves no
// row about the customer. It returns what it wrote, for the engine, the kinds it changed and
// how many follow-ups it deleted.
func (d *customerData) erase(tx store.Tx, purge bool) (written []cx.Record, kinds []cx.Kind, followUps int, err error) {
	write := func(w cx.Record) error {
		var err error
		if del, ok := w.(cx.Deletion); ok {
			err = tx.Delete(del.Of, del.ID)
			var had bool
			if err == nil {
				had, err = deleteFollowUpOf(tx, del)
			}
			if had {
				followUps++
			}
		} else {
			err = tx.Put(w)
		}
		if err != nil {
			return err
		}
		written = append(written, w)
		if !slices.Contains(kinds, w.RecordKind()) {
			kinds = append(kinds, w.RecordKind())
		}
		return nil
	}
	for _, r := range d.recs {
		var ws []cx.Record
		if purge {
			ws = []cx.Record{cx.Deletion{Of: r.RecordKind(), ID: r.Key()}}
		} else {
			ws = d.rewritten(r)
		}
		for _, w := range ws {
			if err := write(w); cx.ErrorCode(err) == cx.ENOTFOUND {
				continue // deleted meanwhile by another process, its follow-up with it
			} else if err != nil {
				return nil, nil, 0, err
			}
		}
	}
	for _, r := range d.referred {
		if w := d.rekeyed(r); w != nil {
			if err := write(w); err != nil {
				return nil, nil, 0, err
			}
		}
	}
	return written, kinds, followUps, nil
}

// rewritten is what erasing without purge writes of r: r without the customer's text and naming
// the pseudonym; for the customer's row, the deletion of its old key first. None when r has
// neither text nor the customer's id.
func (d *customerData) rewritten(r cx.Record) []cx.Record {
	w := withoutText(r)
	if w == nil {
		w = r
	}
	if m := d.rekeyed(w); m != nil {
		if c, ok := r.(*cx.Customer); ok && c.ID == d.id {
			return []cx.Record{cx.Deletion{Of: cx.KindCustomers, ID: d.id}, m}
		}
		return []cx.Record{m}
	}
	if w == r {
		return nil
	}
	return []cx.Record{w}
}

// rekeyed is r naming the pseudonym where it named the customer, nil when it did not (or the
// customer is known by a pseudonym already).
func (d *customerData) rekeyed(r cx.Record) cx.Record {
	if d.pseudonym == d.id {
		return nil
	}
	return moved(r, d.id, d.pseudonym)
}

// withoutText returns a copy of r without the customer's text, or nil when r has none. What
// counts (scores, instants, amounts, channels, teams, agents, ids) stays. It is the one list of
// what is personal in each kind: erasure and the write paths after it (erase_forget.go) read it.
func withoutText(r cx.Record) cx.Record {
	switch r := r.(type) {
	case *cx.Customer:
		if r.Name == "" && r.Email == "" && len(r.Attrs) == 0 {
			return nil
		}
		c := *r
		c.Name, c.Email, c.Attrs = "", "", nil
		return &c
	case *cx.Response:
		if r.Comment == "" && len(r.Attrs) == 0 {
			return nil
		}
		c := *r
		c.Comment, c.Attrs = "", nil
		return &c
	case *cx.Mention:
		if r.Text == "" && r.Author == "" && r.URL == "" && len(r.Attrs) == 0 {
			return nil
		}
		c := *r
		c.Text, c.Author, c.URL, c.Attrs = "", "", "", nil
		return &c
	case *cx.Order:
		return withoutAttrs(r, func(c *cx.Order) *cx.Attrs { return &c.Attrs })
	case *cx.Ticket:
		return withoutAttrs(r, func(c *cx.Ticket) *cx.Attrs { return &c.Attrs })
	case *cx.Message:
		return withoutAttrs(r, func(c *cx.Message) *cx.Attrs { return &c.Attrs })
	case *cx.Review:
		return withoutAttrs(r, func(c *cx.Review) *cx.Attrs { return &c.Attrs })
	case *cx.Event:
		return withoutAttrs(r, func(c *cx.Event) *cx.Attrs { return &c.Attrs })
	}
	return nil
}

// withoutAttrs returns a copy of r without its free text (attrs), or nil when it has none. A
// copy: a write path hands over records it may still read (erase_forget.go).
func withoutAttrs[T any, P interface {
	*T
	cx.Record
}](r P, attrs func(P) *cx.Attrs) cx.Record {
	if len(*attrs(r)) == 0 {
		return nil
	}
	c := P(new(T))
	*c = *r
	*attrs(c) = nil
	return c
}

// responseIDs are the customer's answers.
func (d *customerData) responseIDs() []string {
	var ids []string
	for _, r := range d.recs {
		if r.RecordKind() == cx.KindResponses {
			ids = append(ids, r.Key())
		}
	}
	return ids
}

// addresses are the customer's e-mail addresses: their row's, and their id when it is one (the
// Shopify and WooCommerce presets key a customer by address and leave the e-mail field empty).
func (d *customerData) addresses() []string {
	var out []string
	if d.customer != nil && strings.TrimSpace(d.customer.Email) != "" {
		out = append(out, d.customer.Email)
	}
	if isAddress(d.id) && !slices.ContainsFunc(out, func(e string) bool { return cx.NameKey(e) == cx.NameKey(d.id) }) {
		out = append(out, d.id)
	}
	return out
}

// isAddress tells whether a customer id is an e-mail address, as the surveys page tells a line
// of addresses from one of customer ids: it has an @.
func isAddress(id string) bool { return strings.Contains(id, "@") && !isPseudonym(id) }

// needles are the customer's texts to look for outside the database: name, e-mail address,
// comments and mention texts of three characters or more.
func (d *customerData) needles() [][]byte {
	texts := d.addresses()
	if d.customer != nil {
		texts = append(texts, d.customer.Name)
	}
	for _, r := range d.recs {
		switch r := r.(type) {
		case *cx.Response:
			texts = append(texts, r.Comment)
		case *cx.Mention:
			texts = append(texts, r.Text)
		}
	}
	var out [][]byte
	for _, t := range texts {
		if t = strings.TrimSpace(t); len(t) >= 3 {
			out = append(out, []byte(t))
		}
	}
	return out
}

// rejectsNaming lists what the import history keeps that holds one of needles: rejects files
// (refused rows, written beside the import) and error messages, which quote a value at times.
// The history is a record of what happened and is not rewritten; the operator is told instead.
func (a *App) rejectsNaming(ctx context.Context, needles [][]byte) ([]string, error) {
	out := []string{}
	if len(needles) == 0 {
		return out, nil
	}
	has := func(b []byte) bool {
		return slices.ContainsFunc(needles, func(n []byte) bool { return bytes.Contains(b, n) })
	}
	for before := int64(0); ; {
		runs, err := a.imports.ImportHistory(ctx, before, store.MaxImportPage)
		if err != nil {
			return out, err
		}
		for _, run := range runs {
			if has([]byte(run.Error)) {
				out = append(out, fmt.Sprintf("import %d: its error message", run.ID))
			}
			if run.Rejects == "" {
				continue
			}
			b, err := os.ReadFile(run.Rejects)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			} else if err != nil {
				return out, fmt.Errorf("app: reading the rejects of import %d: %w", run.ID, err)
			}
			if has(b) {
				out = append(out, run.Rejects)
			}
		}
		if len(runs) < store.MaxImportPage {
			return out, nil
		}
		before = runs[len(runs)-1].ID
	}
}
