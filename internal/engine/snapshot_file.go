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
// end. The file is mapped into memory, privately. In place, the columns are used where they
// lie: no copy and no decoding, and only the pages the checksums and queries touch are read.
// A write to such a column changes this process's copy only, and an append moves the column to
// memory of its own while its pages stay mapped: right for a process that answers and ends (a
// report), not for a server whose columns all grow, which restores with inPlace false — each
// column copied into memory of its own (on every core, with its checksum) and the mapping
// undone. The file must not be changed in place meanwhile: it is replaced by a rename, as the
// app writes it. release undoes the mapping of an engine restored in place that is not used
// (it must not be called for one that is); it is never nil. Without a mapping (another
// system) the file is read.
func RestoreFile(opts Options, f *os.File, off int64, inPlace bool) (e *Engine, seq int64, release func(), err error) {
	release = func() {}
	if off%8 != 0 {
		return nil, 0, release, fmt.Errorf("engine: a snapshot at offset %d, not a multiple of 8", off)
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, release, fmt.Errorf("engine: reading a snapshot: %w", err)
	}
	if fi.Size()-off >= mapAtLeast && fi.Size() > off {
		if data, unmap, err := mapFile(f, fi.Size()); err == nil {
			e, seq, err := restoreBytes(opts, data[off:], inPlace)
			if err != nil || !inPlace {
				unmap() // nothing of it is kept: refused, or copied
				return e, seq, release, err
			}
			return e, seq, unmap, nil
		}
		// A system or file that cannot be mapped is read instead.
	}
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		return nil, 0, release, fmt.Errorf("engine: reading a snapshot: %w", err)
	}
	data, err := readAligned(f)
	if err != nil {
		return nil, 0, release, fmt.Errorf("engine: reading a snapshot: %w", err)
	}
	e, seq, err = restoreBytes(opts, data, inPlace)
	return e, seq, release, err
}
