package main

import (
	"os"
	"runtime/debug"
)

// clickHouseHeap is the soft limit of a ClickHouse-mode serve node's Go memory while it holds
// no engine (issue 18 point 3: under 200 MB resident whatever the data size). Go's default
// lets the heap grow to twice what is live before it collects, and a report's customer models
// hold about 115 MB for a moment at 10M + 10M records (a million customers' summaries and
// their values): with the default the node peaked at 322 MB resident. The binary and the
// runtime outside the heap are about 60 MB of what is resident.
const clickHouseHeap = 128 << 20

// smallHeap sets clickHouseHeap as the Go memory limit, unless GOMEMLIMIT sets one, and
// returns what puts the limit back: once the engine loads (App.EngineLoaded) the node holds
// gigabytes, and a limit below that would make the collector run without end.
func smallHeap() (lift func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	prev := debug.SetMemoryLimit(clickHouseHeap)
	return func() { debug.SetMemoryLimit(prev) }
}
