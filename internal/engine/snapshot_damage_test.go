package engine

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// sampleSnapshot is the snapshot of an engine holding the sample records.
func sampleSnapshot(t testing.TB) []byte {
	e := newEngine(t)
	e.Apply(sample()...)
	var buf bytes.Buffer
	if err := e.Snapshot(&buf, 9); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSnapshotDamageIsRefused: a snapshot with any one byte changed past its header, or with
// a column claiming four billion values, is refused with an error (the node then reloads from
// the store) — never read into columns that disagree with each other.
func TestSnapshotDamageIsRefused(t *testing.T) {
	good := sampleSnapshot(t)
	if _, _, err := Restore(testOptions(), bytes.NewReader(good)); err != nil {
		t.Fatalf("the undamaged snapshot: %v", err)
	}
	// The magic and the fingerprint are checked by themselves; every byte after them is
	// covered by the checksum. Flip one in 97 (all of them takes long under -race).
	header := 8 + len(snapshotMagic) + 8 + len(fingerprint(testOptions()))
	for i := header; i < len(good); i += 97 {
		bad := bytes.Clone(good)
		bad[i] ^= 0x10
		if _, _, err := Restore(testOptions(), bytes.NewReader(bad)); err == nil {
			t.Fatalf("byte %d of %d changed: accepted", i, len(good))
		}
	}
	// The first column after the sequence number claims 2³² − 1 values: refused when the
	// file runs out, having taken memory only for what was there.
	huge := bytes.Clone(good[:header+8])
	huge = binary.LittleEndian.AppendUint64(huge, 1<<32-1)
	huge = append(huge, make([]byte, 1000)...)
	if _, _, err := Restore(testOptions(), bytes.NewReader(huge)); err == nil {
		t.Fatal("a column longer than its file: accepted")
	}
}

// FuzzRestore: whatever bytes a snapshot file holds, Restore answers an engine or an error,
// without panicking; an engine it answers can be asked for a report.
func FuzzRestore(f *testing.F) {
	good := sampleSnapshot(f)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{})
	f.Add([]byte("klantpuls-engine-snapshot-8"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, _, err := Restore(testOptions(), bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, by := range []Dim{ByNone, ByChannel, ByCategory} {
			report(t, e, by)
		}
	})
}
