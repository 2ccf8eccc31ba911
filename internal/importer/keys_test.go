package importer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// TestRowKeys pins the duplicate rule of one file: a repeat names the line of the row that
// held the key first; a row refused with rejects holds nothing (its corrected copy further on
// is taken), while a file that is all or nothing holds every row's key.
func TestRowKeys(t *testing.T) {
	type row struct {
		kind  cx.Kind
		key   string
		line  int
		taken bool // the row is handed on (no other problem)
		first int  // the line of the repeat reported; 0 when none
	}
	tk, cu := cx.KindTickets, cx.KindCustomers
	for _, tc := range []struct {
		name    string
		holdBad bool
		rows    []row
	}{
		{"a repeat names the first line", true, []row{
			{tk, "T1", 2, true, 0}, {tk, "T2", 3, true, 0}, {tk, "T1", 4, false, 2}}},
		{"distinct keys are no repeat", true, []row{
			{tk, "T1", 2, true, 0}, {tk, "T10", 3, true, 0}, {tk, "t1", 4, true, 0}, {tk, "T1 ", 5, true, 0}}},
		{"kinds do not share keys", true, []row{
			{tk, "1", 2, true, 0}, {cu, "1", 3, true, 0}, {cu, "1", 4, false, 3}}},
		{"a repeat keeps naming the first, not the repeat", true, []row{
			{tk, "T1", 2, true, 0}, {tk, "T1", 3, false, 2}, {tk, "T1", 4, false, 2}}},
		{"all or nothing: a bad row's key counts", true, []row{
			{tk, "T1", 2, false, 0}, {tk, "T1", 3, false, 2}}},
		{"with rejects: a refused row's key does not count", false, []row{
			{tk, "T1", 2, false, 0}, {tk, "T1", 3, true, 0}, {tk, "T1", 4, false, 3}}},
		{"with rejects: a taken row's key counts", false, []row{
			{tk, "T1", 2, true, 0}, {tk, "T1", 3, false, 2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newRowKeys(tc.holdBad)
			for _, r := range tc.rows {
				first, dup := k.seen(r.kind, r.key, r.line)
				if want := r.first != 0; dup != want || first != r.first {
					t.Errorf("line %d %s %q: got repeat %v of line %d, want %v of line %d",
						r.line, r.kind, r.key, dup, first, want, r.first)
				}
				k.done(r.taken)
			}
		})
	}
}

// TestRowKeysOneRow: a source row that gives two records of a kind with one key repeats it;
// two keys of one row are held together when the row is taken.
func TestRowKeysOneRow(t *testing.T) {
	k := newRowKeys(false)
	if _, dup := k.seen(cx.KindReviews, "R1/speed", 2); dup {
		t.Fatal("the first key of a row is a repeat")
	}
	if _, dup := k.seen(cx.KindReviews, "R1/price", 2); dup {
		t.Fatal("a second, different key of the row is a repeat")
	}
	if first, dup := k.seen(cx.KindReviews, "R1/speed", 2); !dup || first != 2 {
		t.Errorf("the row's own key again: repeat %v of line %d, want of line 2", dup, first)
	}
	k.done(true)
	for _, key := range []string{"R1/speed", "R1/price"} {
		if first, dup := k.seen(cx.KindReviews, key, 3); !dup || first != 2 {
			t.Errorf("%s on the next row: repeat %v of line %d, want of line 2", key, dup, first)
		}
	}
}

// TestRowKeysMany holds enough keys to grow every shard many times, and finds each again at
// its own line: nothing is lost or moved to another line in the growing.
func TestRowKeysMany(t *testing.T) {
	const n = 200_000
	k := newRowKeys(true)
	for i := range n {
		if first, dup := k.seen(cx.KindTickets, fmt.Sprintf("T%d", i), i+2); dup {
			t.Fatalf("T%d is new, but a repeat of line %d", i, first)
		}
		k.done(true)
	}
	for i := range n {
		if first, dup := k.seen(cx.KindTickets, fmt.Sprintf("T%d", i), n+2+i); !dup || first != i+2 {
			t.Fatalf("T%d again: repeat %v of line %d, want of line %d", i, dup, first, i+2)
		}
		k.done(false)
	}
}

// TestKeySetShards: two keys whose 64-bit hashes agree are still two when their shards differ
// (the 76 bits the false-repeat bound counts on), and keys of one shard are told apart by
// their hashes.
func TestKeySetShards(t *testing.T) {
	s := newKeySet()
	s.add(keyHash{hash: 1 << 60, shard: 7}, 2)
	s.add(keyHash{hash: 1<<60 + 1, shard: 7}, 3)
	for _, tc := range []struct {
		h    keyHash
		line int // 0: not held
	}{{keyHash{1 << 60, 7}, 2}, {keyHash{1<<60 + 1, 7}, 3}, {keyHash{1 << 60, 8}, 0}, {keyHash{1<<60 + 2, 7}, 0}} {
		if line, ok := s.line(tc.h); line != tc.line || ok != (tc.line != 0) {
			t.Errorf("%+v: held %v at line %d, want at line %d", tc.h, ok, line, tc.line)
		}
	}
}

// TestMappedDuplicate: a mapped export's repeated key is reported at its own line, in the
// export's own column, with the line of the first; with rejects the later row is refused and
// the first handed on.
func TestMappedDuplicate(t *testing.T) {
	m, err := mapping.Preset("zendesk-tickets")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("..", "..", "cmd", "klantpuls", "testdata", "presets", "zendesk-tickets.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	file := lines[0] + lines[1] + lines[1] // the export's first ticket twice: lines 2 and 3
	md := &Mapped{Map: m, File: "in.csv", Config: config.Default()}
	_, err = md.From(strings.NewReader(file))(func(cx.Record) error { return nil })
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("got %v, want the duplicate's row errors", err)
	}
	for _, e := range errs.List { // the ticket, and the satisfaction answer keyed by its id
		if want := `in.csv:3: Id: duplicate key "4101" (first at line 2)`; !strings.HasPrefix(e.Error(), want) {
			t.Errorf("got %v, want %s", e, want)
		}
	}
	rejects := &countingRejects{}
	md.Rejects = rejects
	tickets := 0
	_, err = md.From(strings.NewReader(file))(func(r cx.Record) error {
		if r.RecordKind() == cx.KindTickets {
			tickets++
		}
		return nil
	})
	if err != nil || tickets != 1 || rejects.n != 1 {
		t.Errorf("with rejects: %v, %d tickets, %d rows refused; want 1 ticket, 1 refused", err, tickets, rejects.n)
	}
}

type countingRejects struct{ n int }

func (c *countingRejects) Header([][]string, rune) error     { return nil }
func (c *countingRejects) Reject([]string, []RowError) error { c.n++; return nil }

// TestMissingKeyIsNoRepeat: rows without a key each get "required", not also "duplicate key
// """ of the first such row, which would spend the list's 100 errors twice as fast.
func TestMissingKeyIsNoRepeat(t *testing.T) {
	_, err := read(cx.KindTickets, "ticket_id,created_at\n,2026-03-01 10:00\n,2026-03-02 10:00\n")
	errs := rowErrors(t, err)
	if len(errs) != 2 {
		t.Errorf("%d errors, want 2 (one per row): %v", len(errs), errs)
	}
	for _, e := range errs {
		if strings.Contains(e.Reason, "duplicate") {
			t.Errorf("%v: a missing key reported as a repeat", e)
		}
	}
}
