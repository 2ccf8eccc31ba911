package store

import (
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// WriteWait bounds each wait of a write for its turn: for the writes of its own process ahead
// of it (app), and for the database's write lock, which another process can hold for minutes
// (SQLite: an import is one transaction). A write that waits longer gives up with ErrBusy.
const WriteWait = 5 * time.Second

// ErrBusy is the answer of a write that did not get its turn within WriteWait: nothing of it
// was stored, and the same write may be sent again (the server answers 503 with Retry-After).
func ErrBusy() error {
	return cx.Unavailable(WriteWait, "the database is busy with another write, such as an import; nothing was stored: try again in %d s",
		int(WriteWait.Seconds()))
}
