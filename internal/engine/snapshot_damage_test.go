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

// TestSnapshotDamageIsRefused: a snapshot with any one byte changed, or with a column claiming
// four billion values, is refused with an error (the node then reloads from the store) —
// never read into columns that disagree with each other.
func TestSnapshotDamageIsRefused(t *testing.T) {
	good := sampleSnapshot(t)
	if _, _, err := Restore(testOptions(), bytes.NewReader(good)); err != nil {
		t.Fatalf("the undamaged snapshot: %v", err)
	}
	// The magic and the fingerprint are compared, every column (they too) has its checksum.
	// Flip one byte in 97 (all of them takes long under -race).
	for i := 0; i < len(good); i += 97 {
		bad := bytes.Clone(good)
		bad[i] ^= 0x10
		for _, inPlace := range []bool{true, false} {
			data, _ := readAligned(bytes.NewReader(bad))
			if _, _, err := restoreBytes(testOptions(), data, inPlace); err == nil {
				t.Fatalf("byte %d of %d changed (in place %v): accepted", i, len(good), inPlace)
			}
		}
	}
	// The column after the fingerprint claims 2³² − 1 values: refused, as the file runs out.
	column := func(s string) int { return 8 + len(s) + padding(len(s)) + 8 }
	header := column(snapshotMagic) + column(fingerprint(testOptions()))
	huge := bytes.Clone(good[:header])
	huge = binary.LittleEndian.AppendUint64(huge, 1<<32-1)
	huge = append(huge, make([]byte, 1000)...)
	if _, _, err := Restore(testOptions(), bytes.NewReader(huge)); err == nil {
		t.Fatal("a column longer than its file: accepted")
	}
}

// FuzzRestore: whatever bytes a snapshot file holds, a restore (in place or copied) answers an
// engine or an error, without panicking; an engine it answers can be asked for a report.
func FuzzRestore(f *testing.F) {
	good := sampleSnapshot(f)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{})
	f.Add([]byte(snapshotMagic))
	// Every column's length (columns start at multiples of 8) with its lowest bit flipped.
	for i := 0; i < len(good); i += 8 {
		b := bytes.Clone(good)
		b[i] ^= 1
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, inPlace := range []bool{true, false} {
			aligned, _ := readAligned(bytes.NewReader(data))
			e, _, err := restoreBytes(testOptions(), aligned, inPlace)
			if err != nil {
				continue
			}
			for _, by := range []Dim{ByNone, ByChannel, ByCategory} {
				report(t, e, by)
			}
		}
	})
}
