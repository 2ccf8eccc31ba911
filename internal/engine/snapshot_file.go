package engine

import (
	"fmt"
	"io"
	"os"
)

// mapAtLeast is the size from which RestoreFile maps a file rather than reading it: every
// file, but the tests read one by raising it.
var mapAtLeast int64

// RestoreFile builds an engine from the snapshot in f from offset off (a multiple of 8) to its
// end. The file is mapped into memory, privately, and its columns are used where they lie:
// no copy and no decoding, and only the pages the checksums and queries touch are read (a
// write to a column changes this process's copy; an append moves the column to the heap). The
// file must not be changed in place afterwards — it is replaced by a rename, as the app writes
// it. release undoes the mapping of an engine that is not used (it must not be called for one
// that is); it is never nil. Without a mapping (another system, a small file) the file is read.
func RestoreFile(opts Options, f *os.File, off int64) (e *Engine, seq int64, release func(), err error) {
	release = func() {}
	if off%8 != 0 {
		return nil, 0, release, fmt.Errorf("engine: a snapshot at offset %d, not a multiple of 8", off)
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, release, fmt.Errorf("engine: reading a snapshot: %w", err)
	}
	if fi.Size()-off >= mapAtLeast {
		if data, unmap, err := mapFile(f, fi.Size()); err == nil {
			e, seq, err := restoreBytes(opts, data[off:])
			if err != nil {
				unmap()
				return nil, 0, release, err
			}
			return e, seq, unmap, nil
		}
		// A system or file that cannot be mapped is read instead.
	}
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		return nil, 0, release, fmt.Errorf("engine: reading a snapshot: %w", err)
	}
	e, seq, err = Restore(opts, f)
	return e, seq, release, err
}
