package app

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// A supplement (the customer of an order) completes the stored record on every write path,
// and the engine is given what is stored: a customers file's customer whose order comes in
// March stays acquired in June 2025, so March's report counts them in its starting base, not
// as new. A customer stored by no one is written as the order gave them, and is new in March.
func TestSupplementWritePaths(t *testing.T) {
	ctx := context.Background()
	crm := func() *cx.Customer {
		return &cx.Customer{ID: "anna@example.nl", AcquiredAt: time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC), Name: "Anna de Vries",
			Email: "anna@example.nl", Segment: "zakelijk", ReferredBy: "bram@example.com", Attrs: cx.Attrs{"kvk": "12345678"}}
	}
	ofOrder := func(id, name string) *cx.Customer {
		return &cx.Customer{ID: id, AcquiredAt: march(10, 8, 0), Name: name}
	}
	supplement := func(c *cx.Customer) cx.Record {
		return &cx.Supplement{Record: c, Earliest: []string{"acquired_at"}}
	}
	for _, c := range writePaths(t) {
		t.Run(c.name, func(t *testing.T) {
			a := openWithConfig(t)
			if err := c.start(a); err != nil {
				t.Fatal(err)
			}
			if _, err := c.write(a, crm()); err != nil {
				t.Fatal(err)
			}
			if _, err := c.write(a, supplement(ofOrder("anna@example.nl", "A. de Vries")), supplement(ofOrder("chris@example.org", "Chris Bakker"))); err != nil {
				t.Fatal(err)
			}
			for _, want := range []*cx.Customer{crm(), ofOrder("chris@example.org", "Chris Bakker")} {
				got, err := a.Record(ctx, cx.KindCustomers, want.ID)
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("stored %s: %+v, %v; want %+v", want.ID, got, err, want)
				}
			}
			if ch := marchReport(t, a).Churn; ch == nil || ch.Start != 1 || ch.New != 1 {
				t.Errorf("March's churn %+v; want a start of 1 (Anna) and 1 new (Chris)", ch)
			}
		})
	}
}

// writePath is one way records reach the store: a call, and how the engine is to follow it.
type writePath struct {
	name  string
	start func(*App) error
	write func(*App, ...cx.Record) (written int, err error)
}

// writePaths are the write paths that call complete: Write (and so Ingest, WriteDelivery,
// sync), Import with the engine catching up or streamed, and Bulk.
func writePaths(t *testing.T) []writePath {
	ctx := context.Background()
	write := func(a *App, recs ...cx.Record) (int, error) {
		res, err := a.Write(ctx, recs, nil)
		return res.Written, err
	}
	importing := func(a *App, recs ...cx.Record) (int, error) {
		res, err := a.Import(ctx, func(put func(cx.Record) error) (int, error) {
			for i, r := range recs {
				if err := put(r); err != nil {
					return i, err
				}
			}
			return len(recs), nil
		}, nil)
		return res.Written, err
	}
	bulk := func(a *App, recs ...cx.Record) (int, error) {
		res, err := a.Bulk(ctx, func(put func(cx.Record) error) error {
			for _, r := range recs {
				if err := put(r); err != nil {
					return err
				}
			}
			return nil
		})
		return res.Written, err
	}
	load := func(a *App) error { return a.LoadEngine(ctx) }
	stream := func(a *App) error {
		_, _, err := a.StreamImports(ctx, filepath.Join(t.TempDir(), "engine"), true)
		return err
	}
	return []writePath{
		{"Write, the engine given its records", load, write},
		{"Import, the engine catching up", load, importing},
		{"Import, streamed into the engine", stream, importing},
		{"Bulk, the engine catching up", load, bulk},
	}
}
