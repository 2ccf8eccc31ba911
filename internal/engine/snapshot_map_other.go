//go:build !unix

package engine

import (
	"errors"
	"os"
)

// mapFile maps nothing on systems without mmap: RestoreFile reads the file instead.
func mapFile(f *os.File, size int64) ([]byte, func(), error) {
	return nil, nil, errors.New("engine: no mapped files on this system")
}
