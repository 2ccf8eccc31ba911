package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Imports runs the contract of store.Imports; open returns a new, empty store.
func Imports(t *testing.T, open func(t *testing.T) store.Imports) {
	s := open(t)
	ctx := context.Background()
	at := func(minute int) time.Time { return time.Date(2026, 3, 2, 9, minute, 0, 0, time.UTC) }
	runs := []*cx.ImportRun{
		{Started: at(0).Add(400 * time.Millisecond), Actor: "cli:beheer", File: "tickets.csv", Source: "tickets",
			Status: cx.ImportRunning},
		{Started: at(5), UserID: 1, Actor: "anouk@shop.nl", File: "zendesk-maart.csv", Source: "preset:zendesk-tickets",
			Status: cx.ImportRunning, Node: "web-1:4242"},
		{Started: at(9), Finished: at(10), UserID: 1, Actor: "anouk@shop.nl", File: "orders.xlsx",
			Source: "map:winkel.toml", Rows: 12, Status: cx.ImportFailed, Error: "orders.xlsx:3: amount: not a number"},
		{Started: at(11), Finished: at(12), Actor: "cli:beheer", File: "orders.csv", Source: "mapping:winkel",
			Rows: 12, Written: 5, Replaced: 2, Refused: 1, Status: cx.ImportDone, Rejects: "orders.csv.rejects.csv"},
	}
	for _, r := range runs {
		if err := s.AddImport(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	for i, r := range runs {
		if i > 0 && r.ID <= runs[i-1].ID {
			t.Errorf("run %d has id %d after %d: ids must rise", i, r.ID, runs[i-1].ID)
		}
	}
	if !runs[0].Started.Equal(at(0)) {
		t.Errorf("Started = %v, want whole seconds %v", runs[0].Started, at(0))
	}

	// The first run ends: 1,200 rows read, 1,180 written (40 of them replacing stored ones), 3
	// stored records deleted (cancelled orders) and 20 refused into a rejects file; it had come
	// past its commit (its phase), and what is said of it is kept as the key of its words.
	done := *runs[0]
	done.Finished, done.Rows, done.Written, done.Replaced, done.Refused, done.Deleted = at(2), 1200, 1180, 40, 20, 3
	done.Status, done.Rejects, done.Phase = cx.ImportDone, "/var/lib/klantpuls/imports/1.rejects.csv", cx.ImportCommitted
	done.Said = cx.ImportSaidFiguresLater
	changedWho := done
	changedWho.Actor, changedWho.File = "someone@else.nl", "other.csv" // not changed by an update
	if err := s.UpdateImport(ctx, &changedWho); err != nil {
		t.Fatal(err)
	}
	got, err := s.ImportRun(ctx, done.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, done) {
		t.Errorf("ImportRun after the update =\n%+v\nwant\n%+v", *got, done)
	}

	wantCode(t, "ImportRun of an unknown id", func() error { _, err := s.ImportRun(ctx, 999); return err }(), cx.ENOTFOUND)
	wantCode(t, "UpdateImport of an unknown id", s.UpdateImport(ctx, &cx.ImportRun{ID: 999, Actor: "x", File: "x",
		Source: "tickets", Status: cx.ImportDone}), cx.ENOTFOUND)
	wantCode(t, "AddImport with an unknown status", s.AddImport(ctx, &cx.ImportRun{Actor: "x", File: "x",
		Source: "tickets", Status: "finished"}), cx.EINVALID)
	wantCode(t, "AddImport without a file", s.AddImport(ctx, &cx.ImportRun{Actor: "x", Source: "tickets",
		Status: cx.ImportRunning}), cx.EINVALID)

	r := func(i ...int) []cx.ImportRun {
		var out []cx.ImportRun
		for _, n := range i {
			if n == 0 {
				out = append(out, done)
				continue
			}
			out = append(out, *runs[n])
		}
		return out
	}
	tests := []struct {
		name   string
		before int64
		limit  int
		want   []cx.ImportRun
	}{
		{"everything, newest first", 0, 0, r(3, 2, 1, 0)},
		{"first page", 0, 2, r(3, 2)},
		{"next page", runs[2].ID, 2, r(1, 0)},
		{"past the end", runs[0].ID, 2, nil},
		{"a limit past the most is the most", 0, store.MaxImportPage + 1, r(3, 2, 1, 0)},
	}
	// The first run has ended: the second, started in the browser, is the one running, with its node.
	if got, err := s.RunningImports(ctx); err != nil || !reflect.DeepEqual(got, r(1)) {
		t.Errorf("RunningImports = %+v, %v; want %+v", got, err, r(1))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ImportHistory(ctx, tt.before, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) || (len(got) > 0 && !reflect.DeepEqual(got, tt.want)) {
				t.Errorf("ImportHistory(%d, %d) =\n%+v\nwant\n%+v", tt.before, tt.limit, got, tt.want)
			}
		})
	}
}
