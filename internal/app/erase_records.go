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
// with the tickets' messages, answers and reviews, their events, and the mentions they wrote.
type customerData struct {
	id       string
	customer *cx.Customer // nil when records name the customer but no row exists
	recs     []cx.Record
}

// customerData reads what is stored about customer id. The store's customer history has all
// but messages, events and mentions, which have no index by customer: those kinds are read
// through once (an erasure is rare; a million messages take about a second).
func (a *App) customerData(ctx context.Context, id string) (*customerData, error) {
	cr, err := a.store.CustomerRecords(ctx, id)
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
	for i := range cr.Responses {
		d.recs = append(d.recs, &cr.Responses[i])
	}
	for i := range cr.Reviews {
		d.recs = append(d.recs, &cr.Reviews[i])
	}
	keep := map[cx.Kind]func(cx.Record) bool{
		cx.KindMessages: func(r cx.Record) bool { return tickets[r.(*cx.Message).TicketID] },
		cx.KindEvents:   func(r cx.Record) bool { return r.(*cx.Event).CustomerID == id },
		cx.KindMentions: func(r cx.Record) bool { return d.wrote(r.(*cx.Mention)) },
	}
	for _, kind := range []cx.Kind{cx.KindMessages, cx.KindEvents, cx.KindMentions} {
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
	return d, nil
}

// wrote tells whether the customer wrote a mention: its author is their name or e-mail address
// (compared as names are), or its attrs name them as customer_id. A name alone can be shared by
// two people; a mention's author is what the source shows, so it is all there is to go by.
func (d *customerData) wrote(m *cx.Mention) bool {
	if m.Attrs["customer_id"] == d.id {
		return true
	}
	if d.customer == nil || m.Author == "" {
		return false
	}
	author := cx.NameKey(m.Author)
	return (d.customer.Name != "" && author == cx.NameKey(d.customer.Name)) ||
		(d.customer.Email != "" && author == cx.NameKey(d.customer.Email))
}

// erase deletes every record (purge) or stores it again without the customer's text, in tx. It
// returns what it wrote, for the engine, and the kinds it changed.
func (d *customerData) erase(tx store.Tx, purge bool) (written []cx.Record, kinds []cx.Kind, err error) {
	for _, r := range d.recs {
		var w cx.Record
		if purge {
			w = cx.Deletion{Of: r.RecordKind(), ID: r.Key()}
			if err := tx.Delete(r.RecordKind(), r.Key()); cx.ErrorCode(err) == cx.ENOTFOUND {
				continue // deleted meanwhile by another process
			} else if err != nil {
				return nil, nil, err
			}
		} else if w = withoutText(r); w == nil {
			continue
		} else if err := tx.Put(w); err != nil {
			return nil, nil, err
		}
		written = append(written, w)
		if !slices.Contains(kinds, r.RecordKind()) {
			kinds = append(kinds, r.RecordKind())
		}
	}
	return written, kinds, nil
}

// withoutText returns a copy of r without the customer's text, or nil when r has none. What
// counts (scores, instants, amounts, channels, teams, agents, ids) stays.
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
		return withoutAttrs(r, &r.Attrs)
	case *cx.Ticket:
		return withoutAttrs(r, &r.Attrs)
	case *cx.Message:
		return withoutAttrs(r, &r.Attrs)
	case *cx.Review:
		return withoutAttrs(r, &r.Attrs)
	case *cx.Event:
		return withoutAttrs(r, &r.Attrs)
	}
	return nil
}

// withoutAttrs empties the free text (attrs) of r, read from customerData's own copy, or
// returns nil when it has none.
func withoutAttrs(r cx.Record, attrs *cx.Attrs) cx.Record {
	if len(*attrs) == 0 {
		return nil
	}
	*attrs = nil
	return r
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

// email is the customer's e-mail address, "" when unknown.
func (d *customerData) email() string {
	if d.customer == nil {
		return ""
	}
	return d.customer.Email
}

// needles are the customer's texts to look for outside the database: name, e-mail address,
// comments and mention texts of three characters or more.
func (d *customerData) needles() [][]byte {
	var texts []string
	if d.customer != nil {
		texts = append(texts, d.customer.Name, d.customer.Email)
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
