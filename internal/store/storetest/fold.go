package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

// testNamesFoldAsNameKey: the customer list's search and segment and the feedback filters fold
// case as cx.NameKey does — every letter, by Unicode's simple mapping, whatever the database's
// locale — where SQL's lower() folds A–Z only (SQLite's always, PostgreSQL's in the C locale), so
// "Öztürk" was not found by "öztürk". İ folds to i (Unicode's simple mapping, not Turkish rules),
// so "İlker" is found by "ilker" and "ILKER" alike; dotless ı stays ı. Trimmed as NameKey trims:
// every white space, a tab and a no-break space too, where SQL's trim() strips spaces only.
func testNamesFoldAsNameKey(t *testing.T, s RecordsAndDashboard) {
	ctx := context.Background()
	Put(t, s,
		&cx.Customer{ID: "F1", AcquiredAt: on(1, 9, 0), Name: "Öztürk Yılmaz", Email: "OZ@EXAMPLE.NL", Segment: "Ölçek"},
		&cx.Customer{ID: "F2", AcquiredAt: on(1, 9, 0), Name: "Élodie Dubois", Segment: "ÖLÇEK\t"},
		&cx.Customer{ID: "F3", AcquiredAt: on(1, 9, 0), Name: "Ünal Kaya", Segment: "ölçek\u00a0"},
		&cx.Customer{ID: "F4", AcquiredAt: on(1, 9, 0), Name: "Łukasz Nowak", Email: "ŁUKASZ@example.pl"},
		&cx.Customer{ID: "F5", AcquiredAt: on(1, 9, 0), Name: "İlker Şahin"},
		&cx.Customer{ID: "É6", AcquiredAt: on(1, 9, 0), Name: "Bram"},
		&cx.Ticket{ID: "T1", CreatedAt: morning(1), CustomerID: "F1", Agent: "Özlem", Team: "Überweisung", Channel: "E-MAİL"},
		&cx.Response{ID: "R1", Survey: "csat", Score: 2, SubmittedAt: morning(2), TicketID: "T1", Comment: "Traag"},
		&cx.Response{ID: "R2", Survey: "csat", Score: 5, SubmittedAt: morning(3), CustomerID: "F2", Agent: "ÖZLEM\t", Comment: "Top"},
		&cx.Response{ID: "R3", Survey: "csat", Score: 4, SubmittedAt: morning(4), CustomerID: "F3", Agent: "Ozlem", Comment: "Goed"},
	)
	for _, tt := range []struct{ search, want string }{
		{"öztürk", "[F1]"}, {"ÖZTÜRK", "[F1]"}, {"Öztürk", "[F1]"}, {" öZTürk\t", "[F1]"},
		{"ztürk", "[F1]"}, {"YILMAZ", "[]"}, {"yılmaz", "[F1]"}, {"oz@example", "[F1]"},
		{"élodie", "[F2]"}, {"ÉLODIE", "[F2]"}, {"ünal", "[F3]"}, {"ÜNAL", "[F3]"},
		{"łukasz", "[F4]"}, {"ŁUKASZ", "[F4]"}, {"łukasz@", "[F4]"},
		{"ilker", "[F5]"}, {"İlker", "[F5]"}, {"İLKER", "[F5]"}, {"ŞAHİN", "[F5]"},
		{"é6", "[É6]"},
	} {
		t.Run("search "+tt.search, func(t *testing.T) {
			rows, total, err := s.Customers(ctx, store.CustomerQuery{Search: tt.search, Sort: store.SortCustomerID, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if got := customerIDs(rows); got != tt.want || total != len(rows) {
				t.Errorf("got %s of %d, want %s", got, total, tt.want)
			}
			ids, err := s.CustomerIDs(ctx, store.CustomerQuery{Search: tt.search})
			if err != nil || fmt.Sprint(slices.Sorted(slices.Values(ids))) != tt.want {
				t.Errorf("CustomerIDs = %v, %v; want %s", ids, err, tt.want)
			}
		})
	}
	for _, seg := range []string{"ölçek", "ÖLÇEK", " Ölçek\u00a0"} {
		t.Run("segment "+seg, func(t *testing.T) {
			rows, total, err := s.Customers(ctx, store.CustomerQuery{Segment: seg, Sort: store.SortCustomerID, Limit: 10})
			if err != nil || customerIDs(rows) != "[F1 F2 F3]" || total != 3 {
				t.Errorf("got %s of %d, %v; want [F1 F2 F3] of 3", customerIDs(rows), total, err)
			}
		})
	}
	q := store.FeedbackQuery{From: morning(1), To: morning(10), Limit: 10}
	for _, tt := range []struct {
		dim, value, want string
	}{
		{"agent", "Özlem", "R2 R1"}, {"agent", "özlem", "R2 R1"}, {"agent", "ÖZLEM", "R2 R1"}, {"agent", "ozlem", "R3"},
		{"team", "überweisung", "R1"}, {"channel", "e-mail", "R1"}, {"segment", "ölçek", "R3 R2 R1"},
	} {
		t.Run(tt.dim+" "+tt.value, func(t *testing.T) {
			q := q
			q.Filter = map[string]string{tt.dim: tt.value}
			items, err := s.Feedback(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, it := range items {
				ids = append(ids, it.ID)
			}
			if got := strings.Join(ids, " "); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// testNamesSortInDutchOrder: the customer list sorted by name is in the order a Dutch reader
// looks names up in, on either database: a letter with an accent beside the letter (Öztürk
// between Oosterhuis and Peters, Łukasz after Lukas, Çelik after Cees), case ignored, numbers by
// their value (Klant 9 before Klant 10), and those without a name last, by id, either way.
// Bytes put Ö, Ł and Ç after Z; SQL's lower() on SQLite too.
func testNamesSortInDutchOrder(t *testing.T, s RecordsAndDashboard) {
	ctx := context.Background()
	var recs []cx.Record
	for id, name := range map[string]string{
		"N01": "Zwart", "N02": "Öztürk Yılmaz", "N03": "Oosterhuis", "N04": "Peters", "N05": "Klant 10",
		"N06": "Klant 9", "N07": "Łukasz Nowak", "N08": "Lukas", "N09": "Çelik", "N10": "cees",
		"N11": "", "N12": "ÉLODIE", "N13": "Eva", "N14": "\t",
	} {
		recs = append(recs, &cx.Customer{ID: id, AcquiredAt: on(1, 9, 0), Name: name})
	}
	Put(t, s, recs...)
	// cees Çelik ÉLODIE Eva Klant 9 Klant 10 Lukas Łukasz Oosterhuis Öztürk Peters Zwart, then N11 N14
	want := "[N10 N09 N12 N13 N06 N05 N08 N07 N03 N02 N04 N01 N11 N14]"
	rows, total, err := s.Customers(ctx, store.CustomerQuery{Sort: store.SortName})
	if err != nil || customerIDs(rows) != want || total != 14 {
		t.Errorf("by name: %s of %d, %v; want %s", customerIDs(rows), total, err, want)
	}
	wantDesc := "[N01 N04 N02 N03 N07 N08 N05 N06 N13 N12 N09 N10 N14 N11]"
	rows, _, err = s.Customers(ctx, store.CustomerQuery{Sort: store.SortName, Descending: true})
	if err != nil || customerIDs(rows) != wantDesc {
		t.Errorf("by name, last first: %s, %v; want %s", customerIDs(rows), err, wantDesc)
	}
	rows, _, err = s.Customers(ctx, store.CustomerQuery{Sort: store.SortName, Limit: 3, Offset: 9})
	if err != nil || customerIDs(rows) != "[N02 N04 N01]" {
		t.Errorf("by name, a page: %s, %v; want [N02 N04 N01]", customerIDs(rows), err)
	}
}

func customerIDs(rows []store.CustomerRow) string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return fmt.Sprint(out)
}

// NameKeysBackfilled: customers, tickets and answers stored before the migrations that added the
// keys of names (keys and names, one dialect's numbers of them, in m) are found by their names
// folded as cx.NameKey folds them once the store migrates: the keys and names no SQL can compute
// are written in Go when it opens (sqldb.backfill), an answer without an agent of its own still
// taking its ticket's; and a second migration leaves them as they are. First from the release
// before names (its keys written, its backfill done), then from the one before keys.
func NameKeysBackfilled(t *testing.T, s RecordsAndDashboard, db *sql.DB, dialect goose.Dialect, m sqldb.Migrations, keys, names int64) {
	ctx := context.Background()
	var many []cx.Record
	for i := range 1500 { // more than a page of the backfill's
		many = append(many, &cx.Customer{ID: fmt.Sprintf("M%04d", i), AcquiredAt: on(1, 9, 0), Name: fmt.Sprintf("Ömer %d", i)})
	}
	Put(t, s, many...)
	Put(t, s,
		&cx.Customer{ID: "F1", AcquiredAt: on(1, 9, 0), Name: "Öztürk Yılmaz", Segment: "ÖLÇEK\t"},
		&cx.Ticket{ID: "T1", CreatedAt: morning(1), CustomerID: "F1", Agent: "Özlem", Team: "Überweisung"},
		&cx.Response{ID: "R1", Survey: "csat", Score: 2, SubmittedAt: morning(2), TicketID: "T1", Comment: "Traag"},
		&cx.Response{ID: "R2", Survey: "csat", Score: 5, SubmittedAt: morning(3), Agent: "İlker", Comment: "Top"},
	)
	p, err := sqldb.Provider(db, dialect, m)
	if err != nil {
		t.Fatal(err)
	}
	for _, before := range []int64{names - 1, keys - 1} {
		if _, err := p.DownTo(ctx, before); err != nil {
			t.Fatal(err)
		}
		if before == names-1 { // as that release left it: every backfill done
			if _, err := db.ExecContext(ctx, "DELETE FROM backfills"); err != nil {
				t.Fatal(err)
			}
		}
		for range 2 {
			if _, err := sqldb.Migrate(ctx, db, dialect, m); err != nil {
				t.Fatal(err)
			}
			rows, total, err := s.Customers(ctx, store.CustomerQuery{Search: "ÖZTÜRK", Segment: "ölçek", Sort: store.SortCustomerID})
			if err != nil || customerIDs(rows) != "[F1]" || total != 1 {
				t.Errorf("from %d: Öztürk of segment ölçek: %s of %d, %v; want [F1]", before, customerIDs(rows), total, err)
			}
			// The name order of the rows stored before it (nameOrder): numbers by their value.
			if rows, _, err := s.Customers(ctx, store.CustomerQuery{Search: "ömer 14", Sort: store.SortName, Limit: 3}); err != nil || customerIDs(rows) != "[M0014 M0140 M0141]" {
				t.Errorf("from %d: ömer 14… by name: %s, %v; want [M0014 M0140 M0141]", before, customerIDs(rows), err)
			}
			if rows, total, err := s.Customers(ctx, store.CustomerQuery{Search: "ömer 1499", Sort: store.SortCustomerID}); err != nil || customerIDs(rows) != "[M1499]" || total != 1 {
				t.Errorf("from %d: the last customer of the second page: %s of %d, %v; want [M1499]", before, customerIDs(rows), total, err)
			}
			for _, tt := range []struct{ dim, value, want string }{
				{"agent", "özlem", "R1"}, {"team", "ÜBERWEISUNG", "R1"}, {"agent", "ilker", "R2"},
			} {
				items, err := s.Feedback(ctx, store.FeedbackQuery{From: morning(1), To: morning(10), Filter: map[string]string{tt.dim: tt.value}})
				var ids []string
				for _, it := range items {
					ids = append(ids, it.ID)
				}
				if got := strings.Join(ids, " "); err != nil || got != tt.want {
					t.Errorf("from %d: %s %s: %q, %v; want %q", before, tt.dim, tt.value, got, err, tt.want)
				}
			}
		}
	}
}
