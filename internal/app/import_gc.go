package app

import (
	"runtime/debug"
	"runtime/metrics"
)

// A large import allocates at a steady rate (a row's cells, its record, its values on their
// way to the store) while little of it stays live: the key set of the file and a few batches.
// With the default GOGC of 100 the collector then runs every few megabytes: in the profile of
// the four files of the generated shop (1M + 1M) 15% of the CPU time was the marking and the
// goroutines it preempted in the writer's SQLite loops (runtime.asyncPreempt). Past relaxAfter
// rows of one import the collector lets the heap grow to relaxedGCPercent over what is live —
// as long as that growth stays within relaxedHeadroom: once the live heap is larger (the key set
// of a file of some 8M rows, or a server holding more meanwhile) GOGC goes back to what it was,
// so the import's memory never grows by more than relaxedHeadroom beyond what it took before
// (issue 11 point 7 bounds an upload's import by 300 MB resident). GOGC goes back as well when
// the reading ends, before the commit.
const (
	relaxAfter       = 50_000
	relaxedGCPercent = 400
	relaxedHeadroom  = 128 << 20
)

// gcRelax is the collector's setting during one import: relaxed by start, checked by check,
// restored by stop.
type gcRelax struct {
	on, over bool // relaxed now; relaxed once already (never again in this import)
	percent  int  // GOGC before
	live     []metrics.Sample
}

// start relaxes the collector, unless it runs less often than relaxedGCPercent already (a
// GOGC set higher, or off), or it was relaxed once in this import.
func (g *gcRelax) start() {
	if g.on || g.over {
		return
	}
	g.percent = debug.SetGCPercent(relaxedGCPercent)
	if g.percent < 0 || g.percent >= relaxedGCPercent {
		debug.SetGCPercent(g.percent) // set by the user to collect even less: theirs holds
		g.over = true
		return
	}
	g.on = true
	g.live = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
}

// check ends the relaxation once the heap it lets grow over what is live would pass
// relaxedHeadroom.
func (g *gcRelax) check() {
	if !g.on {
		return
	}
	metrics.Read(g.live)
	if v := g.live[0].Value; v.Kind() == metrics.KindUint64 && v.Uint64()*relaxedGCPercent/100 > relaxedHeadroom {
		g.stop()
	}
}

// stop puts GOGC back as start found it.
func (g *gcRelax) stop() {
	if !g.on {
		return
	}
	g.on, g.over = false, true
	debug.SetGCPercent(g.percent)
}
