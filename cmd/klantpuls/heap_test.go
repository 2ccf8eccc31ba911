package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestSmallHeap: a ClickHouse-mode node's Go memory limit is clickHouseHeap until the engine
// loads, then what it was; GOMEMLIMIT, when set, is left to rule.
func TestSmallHeap(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOMEMLIMIT", "")
	lift := smallHeap()
	if got := debug.SetMemoryLimit(-1); got != clickHouseHeap {
		t.Errorf("limit %d while no engine; want %d", got, clickHouseHeap)
	}
	lift()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit %d once the engine loaded; want none (%d)", got, int64(math.MaxInt64))
	}
	t.Setenv("GOMEMLIMIT", "3GiB")
	smallHeap()()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set: limit %d; want it untouched", got)
	}
}
