package app

import (
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// FuzzHistoryLine: an engine file's history line, damaged or made up, never panics the start
// and is refused unless its checksum holds; the line a file is written with reads back as the
// history it says (FuzzEngineFile reaches past the checksum seldom, so the reader is fuzzed
// here with lines whose checksum is right).
func FuzzHistoryLine(f *testing.F) {
	f.Add(int64(120), uint8(2), int64(118), "T-4101", "")
	f.Add(int64(0), uint8(255), int64(0), "", "0 - 00000000")
	f.Add(int64(7), uint8(0), int64(-1), "a \"quoted\" key\x00\xff", "7 tickets 5 \"x\" deadbeef")
	f.Fuzz(func(t *testing.T, seq int64, kind uint8, last int64, key, line string) {
		parseHistory(line) // any line: read or refused, never a panic
		h := fileHistory{seq: max(seq, 0)}
		if int(kind) < len(cx.Kinds) {
			h.last, h.found = store.Change{Kind: cx.Kinds[kind], Seq: last, Key: key}, true
		}
		got, ok := parseHistory(h.line())
		if !ok || got != h {
			t.Fatalf("history %+v written as %q reads back as %+v, %v", h, h.line(), got, ok)
		}
	})
}
