package engine

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestColumnRoundTrip: a column written and read back holds what was written, for every type
// a snapshot has, and is read where it lies; a column cut short, or with any one byte changed,
// is an error (a changed byte by the checksum, at the latest).
func TestColumnRoundTrip(t *testing.T) {
	roundTrip(t, []uint32{0, 1, 0xdeadbeef, math.MaxUint32})
	roundTrip(t, []uint16{0, 7, math.MaxUint16})
	roundTrip(t, []int16{-32768, -1, 0, 32767})
	roundTrip(t, []int8{-128, -1, 0, 127})
	roundTrip(t, []uint8{0, 200, 255})
	roundTrip(t, []int64{math.MinInt64, -1, 0, 42, math.MaxInt64})
	roundTrip(t, []float64{0, -1.5, math.Pi, math.Inf(1), math.MaxFloat64})
	roundTrip(t, []bool{true, false, true})
	roundTrip(t, []uint32{})
}

func roundTrip[T bool | int8 | int16 | uint8 | uint16 | uint32 | int64 | float64](t *testing.T, want []T) {
	t.Helper()
	var buf bytes.Buffer
	w := &fielder{w: &buf}
	col(w, &want)
	if w.err != nil {
		t.Fatal(w.err)
	}
	if buf.Len()%8 != 0 || buf.Len() != w.n {
		t.Errorf("%T: %d bytes written (counted %d), want a multiple of 8", want, buf.Len(), w.n)
	}
	for _, inPlace := range []bool{true, false} {
		read := func(b []byte) ([]T, error) {
			data, _ := readAligned(bytes.NewReader(b))
			f := &fielder{buf: data, inPlace: inPlace}
			var got []T
			col(f, &got)
			if f.err == nil {
				f.err = verify(f.sums)
			}
			return got, f.err
		}
		got, err := read(buf.Bytes())
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%T, in place %v: read %v, %v; want %v", want, inPlace, got, err, want)
		}
		if _, err := read(buf.Bytes()[:buf.Len()-1]); err == nil {
			t.Errorf("%T, in place %v, cut short by a byte: read", want, inPlace)
		}
		for i := range buf.Len() {
			bad := bytes.Clone(buf.Bytes())
			bad[i] ^= 0x04
			if got, err := read(bad); err == nil {
				t.Errorf("%T, in place %v, with byte %d of %d changed: read as %v", want, inPlace, i, buf.Len(), got)
			}
		}
	}
}

// TestColumnOfBoolsHoldsOnlyBools: a yes/no column whose bytes hold a 2 is refused before it
// is read as bools (Go would misread it), even with a checksum that matches.
func TestColumnOfBoolsHoldsOnlyBools(t *testing.T) {
	var buf bytes.Buffer
	made := []uint8{1, 2, 0}
	col(&fielder{w: &buf}, &made) // the same layout, with a valid checksum
	f := &fielder{buf: buf.Bytes()}
	var got []bool
	col(f, &got)
	if f.err == nil || !strings.Contains(f.err.Error(), "yes/no") {
		t.Errorf("a yes/no column holding 2: %v, %v", got, f.err)
	}
}

// TestRestoreFile: a snapshot mapped from a file (at an offset, behind a head as the engine
// file has), or read from it where it cannot be mapped, restores the engine that wrote it; the
// restored engine takes more records — written in place and appended — without changing the
// file, and a byte changed in the file is refused.
func TestRestoreFile(t *testing.T) {
	for _, tc := range []struct {
		name    string
		from    int64
		inPlace bool
	}{{"mapped, in place", 0, true}, {"mapped, copied", 0, false}, {"read, in place", math.MaxInt64, true}, {"read, copied", math.MaxInt64, false}} {
		t.Run(tc.name, func(t *testing.T) {
			defer func(was int64) { mapAtLeast = was }(mapAtLeast)
			mapAtLeast = tc.from
			testRestoreFile(t, tc.inPlace)
		})
	}
}

func testRestoreFile(t *testing.T, inPlace bool) {
	recs := sample()
	e := newEngine(t)
	e.Apply(recs[:len(recs)/2]...)
	var buf bytes.Buffer
	buf.WriteString("a head of 16 b\n\n")
	if err := e.Snapshot(&buf, 42); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "x.engine")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	restore := func() (*Engine, int64, func(), error) {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close() // the mapping outlives the file's descriptor
		return RestoreFile(testOptions(), f, 16, inPlace)
	}
	got, seq, _, err := restore()
	if err != nil || seq != 42 {
		t.Fatalf("restore: seq %d, %v", seq, err)
	}
	for _, by := range []Dim{ByNone, ByChannel, ByAgent, ByCategory} {
		if a, b := report(t, e, by), report(t, got, by); a != b {
			t.Fatalf("by %q: the mapped engine reports otherwise\n got %s\nwant %s", by, b, a)
		}
	}
	e.Apply(recs...) // the first half again (replaced in place), then the rest (appended)
	got.Apply(recs...)
	for _, by := range []Dim{ByNone, ByAgent, BySegment} {
		if a, b := report(t, e, by), report(t, got, by); a != b {
			t.Fatalf("by %q after more records: differ", by)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, buf.Bytes()) {
		t.Fatal("applying records to a mapped engine changed its file")
	}
	if _, _, release, err := RestoreFile(testOptions(), nil, 3, inPlace); err == nil || release == nil {
		t.Errorf("a snapshot at offset 3: %v", err)
	}
	bad := bytes.Clone(buf.Bytes())
	bad[len(bad)/2] ^= 0x01
	if err := os.WriteFile(path, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := restore(); err == nil {
		t.Error("a mapped file with a byte changed: accepted")
	}
}

// TestRestoredKeysLookedUpAtOnce: the id tables a restore leaves to be built (keys.ready) are
// built once when readers look ids up side by side (under -race: without a data race), and
// then find every id and no other.
func TestRestoredKeysLookedUpAtOnce(t *testing.T) {
	var buf bytes.Buffer
	e := newEngine(t)
	e.Apply(sample()...)
	if err := e.Snapshot(&buf, 1); err != nil {
		t.Fatal(err)
	}
	got, _, err := Restore(testOptions(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	ids := &got.tickets.ids
	if ids.len() == 0 || len(ids.table) != 0 {
		t.Fatalf("%d ids restored, table of %d: want ids, and the table left to build", ids.len(), len(ids.table))
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got.mu.RLock()
			defer got.mu.RUnlock()
			for i := range ids.len() {
				if j, ok := ids.lookup(ids.key(uint32(i))); !ok || j != uint32(i) {
					t.Errorf("id %q: found %d, %v; want %d", ids.key(uint32(i)), j, ok, i)
				}
			}
			if _, ok := ids.lookup("no such ticket"); ok {
				t.Error("an id never stored is found")
			}
		})
	}
	wg.Wait()
}
