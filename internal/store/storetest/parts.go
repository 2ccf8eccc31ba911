package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// testParts: a kind's parts, read one after another, give what Stream gives in its order —
// after updates (which keep a record's place), deletions (which leave a place empty) and
// inserts after them — for parts of one place, of a few, and of more than there are; parts are
// consecutive and none is larger than asked. A kind with no records has no parts; a size
// below one and an unknown kind are invalid.
func testParts(t *testing.T, s store.Store) {
	ctx := context.Background()
	var recs []cx.Record
	for i := range 40 {
		recs = append(recs, &cx.Ticket{ID: fmt.Sprintf("T%02d", 39-i), CreatedAt: on(1, 9, i)})
	}
	Put(t, s, recs...)
	deleteIn(t, s, cx.KindTickets, "T39", "T20", "T21", "T00") // the first, two in the middle, the last
	Put(t, s, &cx.Ticket{ID: "T30", CreatedAt: on(2, 9, 0), Agent: "Anouk"}, &cx.Ticket{ID: "T99", CreatedAt: on(3, 9, 0)})

	var want []string
	for _, rec := range StreamAll(t, s, cx.KindTickets) {
		want = append(want, rec.Key())
	}
	// 40 − 4 deleted + T99 (T30 updated in its place)
	if len(want) != 37 || want[0] != "T38" || want[9] != "T29" || want[36] != "T99" {
		t.Fatalf("stream gave %v, want 37 tickets from T38 to T99, T30 in its place", want)
	}
	for _, size := range []int{1, 3, 16, 1000} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			parts, err := s.Parts(ctx, cx.KindTickets, size)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i, p := range parts {
				if p.UpTo <= p.After || p.UpTo-p.After > int64(size) || (i > 0 && p.After != parts[i-1].UpTo) {
					t.Errorf("part %d = %+v after %+v: not consecutive or not at most %d places", i, p, parts[max(i-1, 0)], size)
				}
				err := s.StreamPart(ctx, cx.KindTickets, p, func(r cx.Record) error {
					got = append(got, r.Key())
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("parts gave %v,\nstream %v", got, want)
			}
		})
	}
	if parts, err := s.Parts(ctx, cx.KindEvents, 10); err != nil || parts != nil {
		t.Errorf("parts of a kind with no records = %v, %v; want none", parts, err)
	}
	for _, bad := range []struct {
		kind cx.Kind
		size int
	}{{cx.KindTickets, 0}, {"invoices", 10}} {
		if _, err := s.Parts(ctx, bad.kind, bad.size); cx.ErrorCode(err) != cx.EINVALID {
			t.Errorf("parts of %q by %d: %v, want invalid", bad.kind, bad.size, err)
		}
	}
}
