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
	// Every team's calendar is resolved before any query: queries run side by side under the
	// read lock and must not fill the cache (calendarOf appends).
	if n := got.teams.len(); n == 0 || len(got.calOfTeam) != n {
		t.Fatalf("restored engine: %d calendars resolved of %d teams", len(got.calOfTeam), n)
	}
	for _, by := range []Dim{ByNone, ByChannel, ByTeam, ByAgent, BySegment, ByCategory} {
		if a, b := report(t, e, by), report(t, got, by); a != b {
			t.Fatalf("by %q: the restored engine reports otherwise\n got %s\nwant %s", by, b, a)
		}
	}
	// Both take the rest of the records the same way (ids found, derivations redone).
	e.Apply(recs[len(recs)/2:]...)
	got.Apply(recs[len(recs)/2:]...)
	for _, by := range []Dim{ByNone, ByAgent, BySegment, ByCategory} {
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

// TestSnapshotKeepsUnknownReplies: a ticket without reply data stays unmeasured in FCR after a
// restore, and a snapshot of the format before that marker (which stored an empty
// agent_replies as 0 replies) is refused, so the node reloads from the store.
func TestSnapshotKeepsUnknownReplies(t *testing.T) {
	e := newEngine(t)
	e.Apply(solvedTicket("A", nil), solvedTicket("B", one(1)))
	var buf bytes.Buffer
	if err := e.Snapshot(&buf, 7); err != nil {
		t.Fatal(err)
	}
	got, _, err := Restore(testOptions(), bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if m := marchReport(t, got); m.FCR.N != 1 || m.FCR.FirstContact != 1 {
		t.Errorf("restored fcr = %+v, want n 1 (B only)", m.FCR)
	}
	// An older number written as long as today's, so that the columns stay where they are.
	old := bytes.Replace(buf.Bytes(), []byte(snapshotMagic), []byte("klantpuls-engine-snapshot-01"), 1)
	if _, _, err := Restore(testOptions(), bytes.NewReader(old)); !errors.Is(err, ErrStaleSnapshot) {
		t.Errorf("a snapshot of format 1: %v, want ErrStaleSnapshot", err)
	}
}
