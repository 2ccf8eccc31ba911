package app

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// versionedOrder is order #1001 as an orders/updated delivery of the change made at version.
func versionedOrder(version time.Time) cx.Record {
	v := version.Format(time.RFC3339)
	return &cx.Versioned{At: version, Record: &cx.Order{ID: "#1001", CustomerID: "anna@example.nl", OrderedAt: march(13, 13, 4),
		Amount: 54.85, Attrs: cx.Attrs{cx.SourceVersion: v}}}
}

// A deletion keeps the version of what it deleted — the later of the stored order's and its
// own — so a change older than that, delivered late, does not bring the order back, and a newer
// one does. A deletion older than the stored order deletes nothing. The stored order is the
// change of 14 March 08:00.
func TestDeletedRecordKeepsItsVersion(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name     string
		stored   bool // the order of 14 March 08:00 is stored before the deletion
		deletion cx.Deletion
		deleted  int
		late     time.Time // the change delivered after the deletion
		written  int
	}{
		{"cancelled on 15 March, then the edit of 14 March 12:00", true,
			cx.Deletion{Of: cx.KindOrders, ID: "#1001", At: march(15, 10, 0)}, 1, march(14, 12, 0), 0},
		{"cancelled on 15 March, then a change of 16 March", true,
			cx.Deletion{Of: cx.KindOrders, ID: "#1001", At: march(15, 10, 0)}, 1, march(16, 9, 0), 1},
		{"deleted without a time (orders/delete), then the change of 13 March", true,
			cx.Deletion{Of: cx.KindOrders, ID: "#1001"}, 1, march(13, 14, 0), 0},
		{"deleted without a time, then a change of 15 March", true,
			cx.Deletion{Of: cx.KindOrders, ID: "#1001"}, 1, march(15, 9, 0), 1},
		{"a cancel of 13 March delivered after the change of 14 March", true,
			cx.Deletion{Of: cx.KindOrders, ID: "#1001", At: march(13, 15, 0)}, 0, march(14, 12, 0), 1},
		{"cancelled before klantpuls saw the order, then its creation", false,
			cx.Deletion{Of: cx.KindOrders, ID: "#1001", At: march(15, 10, 0)}, 0, march(13, 13, 4), 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := openWithConfig(t)
			if c.stored {
				if _, err := a.Write(ctx, []cx.Record{versionedOrder(march(14, 8, 0))}, nil); err != nil {
					t.Fatal(err)
				}
			}
			res, err := a.WriteChanges(ctx, nil, nil, []cx.Deletion{c.deletion})
			if err != nil || res.Deleted != c.deleted {
				t.Errorf("the deletion: %d deleted, %v; want %d", res.Deleted, err, c.deleted)
			}
			if res, err = a.Write(ctx, []cx.Record{versionedOrder(c.late)}, nil); err != nil || res.Written != c.written {
				t.Errorf("the change of %v: %d written, %v; want %d", c.late, res.Written, err, c.written)
			}
			_, err = a.Record(ctx, cx.KindOrders, "#1001")
			if stored := err == nil; stored != (c.written == 1 || c.deleted == 0 && c.stored) {
				t.Errorf("order #1001 stored: %v (%v)", stored, err)
			}
		})
	}
}

// A person's DELETE (the API's, klantpuls delete) keeps the version too: a delivery the source
// sent before it, retried late, does not bring the record back; a change made after it does.
// A key not stored is still cx.ENOTFOUND.
func TestDeleteKeepsTheVersion(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	if _, err := a.Write(ctx, []cx.Record{versionedOrder(march(14, 8, 0))}, nil); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, cx.KindOrders, "#1001"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at      time.Time
		written int
	}{{march(13, 14, 0), 0}, {march(15, 9, 0), 1}} {
		if res, err := a.Write(ctx, []cx.Record{versionedOrder(c.at)}, nil); err != nil || res.Written != c.written {
			t.Errorf("the change of %v after the DELETE: %d written, %v; want %d", c.at, res.Written, err, c.written)
		}
	}
	if err := a.Delete(ctx, cx.KindOrders, "#1002"); cx.ErrorCode(err) != cx.ENOTFOUND {
		t.Errorf("deleting #1002, never stored: %v; want not found", err)
	}
}

// A patch carrying the source's time of its change (a Zendesk trigger's ticket.updated_at) is
// not applied over a later change: a "solved" of 10:00 retried after the reopening of 11:00
// leaves the ticket open. Applied, it moves the stored version on, so a patch older than it is
// then refused too; one without a time (the API's PATCH) is applied as it comes.
func TestPatchOlderThanStoredIsNotApplied(t *testing.T) {
	ctx := context.Background()
	a := openWithConfig(t)
	ticket := &cx.Versioned{At: march(13, 11, 0), Record: &cx.Ticket{ID: "4101", CreatedAt: march(13, 9, 0), CustomerID: "anna@example.nl",
		Team: "Support", Channel: "email", Attrs: cx.Attrs{cx.SourceVersion: "2026-03-13T11:00:00Z"}}}
	if _, err := a.Write(ctx, []cx.Record{ticket}, nil); err != nil {
		t.Fatal(err)
	}
	patch := func(at time.Time, doc string) cx.Patch {
		if !at.IsZero() {
			doc = doc[:len(doc)-1] + `,"source_updated_at":"` + at.Format(time.RFC3339) + `"}`
		}
		return cx.Patch{Of: cx.KindTickets, ID: "4101", Doc: json.RawMessage(doc), At: at}
	}
	steps := []struct {
		name    string
		patch   cx.Patch
		written int
		team    string
		solved  time.Time
		version string
	}{
		{"solved at 10:00, delivered late", patch(march(13, 10, 0), `{"solved_at":"2026-03-13T10:00:00Z"}`), 0, "Support", time.Time{}, "2026-03-13T11:00:00Z"},
		{"moved to Billing at 12:00", patch(march(13, 12, 0), `{"team":"Billing"}`), 1, "Billing", time.Time{}, "2026-03-13T12:00:00Z"},
		{"moved to Sales at 11:30, delivered late", patch(march(13, 11, 30), `{"team":"Sales"}`), 0, "Billing", time.Time{}, "2026-03-13T12:00:00Z"},
		{"the same instant again", patch(march(13, 12, 0), `{"solved_at":"2026-03-13T12:00:00Z"}`), 1, "Billing", march(13, 12, 0), "2026-03-13T12:00:00Z"},
		{"no time: applied", patch(time.Time{}, `{"team":"Support"}`), 1, "Support", march(13, 12, 0), "2026-03-13T12:00:00Z"},
	}
	for _, s := range steps {
		res, err := a.Write(ctx, nil, []cx.Patch{s.patch})
		if err != nil || res.Written != s.written {
			t.Errorf("%s: %d written, %v; want %d", s.name, res.Written, err, s.written)
		}
		rec, err := a.Record(ctx, cx.KindTickets, "4101")
		if err != nil {
			t.Fatal(err)
		}
		if tk := rec.(*cx.Ticket); tk.Team != s.team || !tk.SolvedAt.Equal(s.solved) || tk.Attrs[cx.SourceVersion] != s.version {
			t.Errorf("%s: stored team %q, solved %v, version %q; want %q, %v, %q", s.name, tk.Team, tk.SolvedAt, tk.Attrs[cx.SourceVersion],
				s.team, s.solved, s.version)
		}
	}
}

// The version kept of a deleted customer names them by their id, which may be their address: an
// erasure removes it, as it removes the address from everything but the change sequence's
// tombstones.
func TestErasureForgetsTheDeletedVersion(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "k.db")
	a := openFile(t, db, nil)
	const addr = "anna@example.nl"
	customer := &cx.Versioned{At: march(14, 8, 0), Record: &cx.Customer{ID: addr, AcquiredAt: march(2, 9, 0), Name: "Anna de Vries",
		Email: addr, Attrs: cx.Attrs{cx.SourceVersion: "2026-03-14T08:00:00Z"}}}
	if _, err := a.Write(ctx, []cx.Record{customer}, nil); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, cx.KindCustomers, addr); err != nil {
		t.Fatal(err)
	}
	if cells := sqlitetest.CellsHolding(t, db, addr, "tombstones", "audit_log"); len(cells) != 1 || cells[0] != "deleted_versions.id" {
		t.Fatalf("after the DELETE %s is held in %v; want the deleted version's id", addr, cells)
	}
	if _, err := a.Erase(ctx, addr, false); err != nil {
		t.Fatal(err)
	}
	if cells := sqlitetest.CellsHolding(t, db, addr, "tombstones"); len(cells) > 0 {
		t.Errorf("after the erasure the database holds %s in %v", addr, cells)
	}
}
