package engine

import (
	"bytes"
	"errors"
	"testing"

	"github.com/klantpuls/klantpuls/internal/calendar"
)

func TestSnapshotRestore(t *testing.T) {
	recs := sample()
	e := newEngine(t)
	l := e.Load()
	for _, r := range recs[:len(recs)/2] {
		l.Put(r)
	}
	l.Close()
	var buf bytes.Buffer
	if err := e.Snapshot(&buf, 42); err != nil {
		t.Fatal(err)
	}
	got, seq, err := Restore(testOptions(), bytes.NewReader(buf.Bytes()))
	if err != nil || seq != 42 {
		t.Fatalf("restore: seq %d, %v", seq, err)
	}
	for _, by := range []Dim{ByNone, ByChannel, ByTeam, ByAgent, BySegment} {
		if a, b := report(t, e, by), report(t, got, by); a != b {
			t.Fatalf("by %q: the restored engine reports otherwise\n got %s\nwant %s", by, b, a)
		}
	}
	// Both take the rest of the records the same way (ids found, derivations redone).
	e.Apply(recs[len(recs)/2:]...)
	got.Apply(recs[len(recs)/2:]...)
	for _, by := range []Dim{ByNone, ByAgent, BySegment} {
		if a, b := report(t, e, by), report(t, got, by); a != b {
			t.Fatalf("by %q after more records: differ", by)
		}
	}
	// Other business hours: the precomputed business seconds would be wrong.
	other := testOptions()
	other.Hours.Week[6] = []calendar.Interval{{Start: 9 * 3600, End: 12 * 3600}}
	if _, _, err := Restore(other, bytes.NewReader(buf.Bytes())); !errors.Is(err, ErrStaleSnapshot) {
		t.Errorf("other hours: %v, want ErrStaleSnapshot", err)
	}
	if _, _, err := Restore(testOptions(), bytes.NewReader(buf.Bytes()[:len(buf.Bytes())/2])); err == nil {
		t.Error("a cut-off snapshot is accepted")
	}
}
