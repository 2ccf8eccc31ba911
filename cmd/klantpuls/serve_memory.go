package main

import (
	"os"
	"runtime/debug"
)

// serveGCPercent is the collector's GOGC for serve, unless $GOGC says otherwise. The engine's
// columns are most of a server's heap and hold no pointers, so a collection hardly scans them:
// collecting when garbage reaches a quarter of the live heap, rather than all of it (Go's
// default 100), costs little CPU and keeps the resident memory near the engine's own size
// (issue 17: at most 100 bytes a record), where the default let it grow to twice that. A
// report allocates next to nothing (at 1M + 1M, 72 reports ran 2 collections), so queries are
// no slower; garbage is what imports, pages and model fits leave.
const serveGCPercent = 25

// tuneServeMemory sets serveGCPercent when the operator did not choose a GOGC.
func tuneServeMemory() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
}

// returnGarbage gives the memory a load or a model fit used on the way back to the system at
// once. Go's scavenger would return it only slowly, over minutes, and only down to twice the
// live heap, so a server just started looked twice its size until then.
func returnGarbage() { debug.FreeOSMemory() }
