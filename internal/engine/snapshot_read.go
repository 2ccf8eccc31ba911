package engine

import (
	"encoding/binary"
	"io"
	"unsafe"
)

// littleEndian tells whether this machine keeps numbers as a snapshot does.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// readValues reads len(part) little-endian values into part. On a little-endian machine (every
// one klantpuls is built for) the bytes go straight into the column's memory: binary.Read
// reads them into a buffer of its own first and converts them one by one, which was half of
// a restore's time. Booleans are read by binary.Read: a byte other than 0 or 1 (a file
// damaged or made up) must not become a bool Go would misread.
func readValues[T bool | int8 | int16 | uint8 | uint16 | uint32 | float64](r io.Reader, part []T) error {
	var zero T
	if _, isBool := any(zero).(bool); isBool || !littleEndian || len(part) == 0 {
		return binary.Read(r, binary.LittleEndian, part)
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(part))), len(part)*int(unsafe.Sizeof(zero)))
	_, err := io.ReadFull(r, b)
	return err
}
