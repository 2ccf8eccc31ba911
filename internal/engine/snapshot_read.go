package engine

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"
)

// littleEndian tells whether this machine keeps numbers as a snapshot does.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// checked is one column of a snapshot being read: its length's bytes, its values (where the
// engine will use them: in place or copied) and its padding, with the checksum stored after
// them.
type checked struct {
	head, from, pad []byte
	sum             uint32
}

// readCol reads one column (col's layout) from f.buf. In place, on a little-endian machine
// (every one klantpuls is built for), the column is f.buf's own bytes seen as []T, its room
// (roomFor) its capacity: an append within it and a write in place change this process's copy
// of the pages they touch only (a mapped file is mapped private); one past it copies the
// column out. Else it is a new slice, a copy.
// Booleans are checked to be 0 or 1 first: another byte (a file damaged or made up)
// must not become a bool Go would misread.
func readCol[T bool | int8 | int16 | uint8 | uint16 | uint32 | int64 | float64](f *fielder, s *[]T) {
	start := f.pos
	n, ok := f.u64()
	size := uint64(unsafe.Sizeof(*new(T)))
	switch {
	case !ok:
		return
	case n > math.MaxUint32:
		f.err = errors.New("a column longer than the engine can hold")
		return
	case n*size+uint64(tail(int(n), int(size)))+8 > uint64(len(f.buf)-f.pos):
		f.err = errors.New("a column longer than the file: the file is cut short or damaged")
		return
	}
	c := checked{head: f.buf[start:f.pos], from: f.buf[f.pos : f.pos+int(n*size)]}
	f.pos += len(c.from)
	c.pad = f.buf[f.pos : f.pos+tail(int(n), int(size))]
	f.pos += len(c.pad)
	sum, _ := f.u64()
	if sum>>32 != 0 {
		f.err = errors.New("a column's checksum is damaged")
		return
	}
	c.sum = uint32(sum)
	var zero T
	if _, isBool := any(zero).(bool); isBool {
		for _, b := range c.from {
			if b > 1 {
				f.err = errors.New("a yes/no column holding another value")
				return
			}
		}
	}
	switch {
	case n == 0:
		*s = []T{}
	case littleEndian && f.inPlace:
		*s = unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(c.from))), int(n)+roomFor(int(n)))[:n]
	case littleEndian:
		// Copied now, not with the checksums: the dictionaries' ends and the names are
		// checked and read as the layout is read.
		*s = make([]T, n)
		src := c.from
		c.from = rawBytes(*s)
		copy(c.from, src)
	default:
		*s = make([]T, n)
		f.err = binary.Read(bytes.NewReader(c.from), binary.LittleEndian, *s)
	}
	f.sums = append(f.sums, c)
}

// u64 reads a little-endian uint64 at f.pos; ok is false (and f.err set) past the end.
func (f *fielder) u64() (v uint64, ok bool) {
	if len(f.buf)-f.pos < 8 {
		f.err = errors.New("the file ends inside a column: it is cut short or damaged")
		return 0, false
	}
	v = binary.LittleEndian.Uint64(f.buf[f.pos:])
	f.pos += 8
	return v, true
}

// rawBytes is s as a snapshot stores it: little-endian values, back to back.
func rawBytes[T bool | int8 | int16 | uint8 | uint16 | uint32 | int64 | float64](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	if !littleEndian {
		b, _ := binary.Append(nil, binary.LittleEndian, s)
		return b
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(s[0])))
}

// checkedNow checks the checksum of the column read last, at once: for the small columns whose
// number the reading itself uses (the change number, a dimension's count of names), so that
// no number is used before its checksum is checked. The rest are checked
// together at the end (verify).
func (f *fielder) checkedNow() {
	if f.err == nil && len(f.sums) > 0 && verify(f.sums[len(f.sums)-1:]) != nil {
		f.err = errors.New("a column's checksum does not match: the file is damaged")
	}
}

// verify checks every column's checksum, on what the engine will use (a copy, when copied),
// the largest first, on every core: at 2M records this and the pages it brings in are most of
// a restore.
func verify(cols []checked) error {
	slices.SortFunc(cols, func(a, b checked) int { return len(b.from) - len(a.from) })
	var next atomic.Int64
	var bad atomic.Bool
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(cols)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(cols) && !bad.Load(); i = int(next.Add(1) - 1) {
				c := &cols[i]
				sum := crc32.Update(crc32.Update(crc32.Checksum(c.head, castagnoli), castagnoli, c.from), castagnoli, c.pad)
				if sum != c.sum {
					bad.Store(true)
				}
			}
		})
	}
	wg.Wait()
	if bad.Load() {
		return errors.New("a column's checksum does not match: the file is damaged")
	}
	return nil
}

// readAligned reads r whole into memory that starts 8-byte aligned, as restoreBytes needs. A
// file is read into memory of its size; another reader grows with what it really holds: a
// damaged length cannot make it ask for gigabytes.
func readAligned(r io.Reader) ([]byte, error) {
	if f, ok := r.(*os.File); ok {
		fi, err := f.Stat()
		if err != nil {
			return nil, err
		}
		at, err := f.Seek(0, io.SeekCurrent)
		if err != nil || at > fi.Size() || int64(int(fi.Size()-at)) != fi.Size()-at {
			return nil, errors.New("a file that cannot be read whole")
		}
		b := alignedBytes(int(fi.Size() - at))
		_, err = io.ReadFull(f, b)
		return b, err
	}
	b, err := io.ReadAll(r)
	if err != nil || len(b) == 0 || uintptr(unsafe.Pointer(unsafe.SliceData(b)))%8 == 0 {
		return b, err
	}
	aligned := alignedBytes(len(b))
	copy(aligned, b)
	return aligned, nil
}

// alignedBytes is n bytes of memory that starts 8-byte aligned.
func alignedBytes(n int) []byte {
	if n == 0 {
		return nil
	}
	words := make([]uint64, (n+7)/8)
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(words))), n)
}
