package app

import (
	"runtime/debug"
	"runtime/metrics"
)

// A large import allocates at a steady rate (a row's cells, its record, its values on their
// way to the store) while little of it stays live: the key set of the file and a few batches.
// With the default GOGC of 100 the collector then runs every few megabytes, and on 2 cores it
// took a tenth of the import's CPU time (the marking, and the goroutines it stops in the
// writer's SQLite loops: runtime.asyncPreempt in the profile). Past relaxAfter rows of one
// import the collector may let the heap grow to relaxedGCPercent over what is live, but never
// past relaxedHeadroom over what the process had when the import began: a memory limit keeps
// issue 11's bound (an upload's import stays under 300 MB) and a server with the engine
// loaded from running short. Both settings go back as they were when the reading ends, before
// the commit.
const (
	relaxAfter       = 50_000
	relaxedGCPercent = 400
	relaxedHeadroom  = 128 << 20
)

// gcRelax is the collector's setting during one import: off until start, restored by stop.
type gcRelax struct {
	on      bool
	percent int   // GOGC before
	limit   int64 // the memory limit before
}

// start relaxes the collector, unless it runs less often than relaxedGCPercent already (a
// GOGC set higher, or off).
func (g *gcRelax) start() {
	if g.on {
		return
	}
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	metrics.Read(sample)
	var total int64
	if sample[0].Value.Kind() == metrics.KindUint64 {
		total = int64(sample[0].Value.Uint64())
	}
	g.percent = debug.SetGCPercent(relaxedGCPercent)
	if g.percent < 0 || g.percent >= relaxedGCPercent {
		debug.SetGCPercent(g.percent) // set by the user to collect even less: theirs holds
		return
	}
	g.on = true
	g.limit = debug.SetMemoryLimit(-1) // -1 reads it
	if bound := total + relaxedHeadroom; bound < g.limit {
		debug.SetMemoryLimit(bound)
	}
}

// stop puts the collector's settings back as start found them.
func (g *gcRelax) stop() {
	if !g.on {
		return
	}
	g.on = false
	debug.SetMemoryLimit(g.limit)
	debug.SetGCPercent(g.percent)
}
