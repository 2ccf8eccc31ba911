//go:build unix

package engine

import (
	"errors"
	"os"
	"syscall"
)

// mapFile maps the file's size bytes privately, readable and writable: a write lands in a
// private copy of its page (copy on write), never in the file, so the columns cast on it are
// ordinary Go slices to the engine.
func mapFile(f *os.File, size int64) (data []byte, unmap func(), err error) {
	if size <= 0 || int64(int(size)) != size {
		return nil, nil, errors.New("engine: a file that cannot be mapped")
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE)
	if err != nil {
		return nil, nil, err
	}
	return data, func() { syscall.Munmap(data) }, nil
}
