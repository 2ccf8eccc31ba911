package engine

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"slices"
	"testing"
)

// TestReadValues: a column read straight into memory holds what binary.Write wrote, for every
// type a snapshot has; a column cut short is an error, not a column of zeros.
func TestReadValues(t *testing.T) {
	roundTrip(t, []uint32{0, 1, 0xdeadbeef, math.MaxUint32})
	roundTrip(t, []uint16{0, 7, math.MaxUint16})
	roundTrip(t, []int16{-32768, -1, 0, 32767})
	roundTrip(t, []int8{-128, -1, 0, 127})
	roundTrip(t, []uint8{0, 200, 255})
	roundTrip(t, []float64{0, -1.5, math.Pi, math.Inf(1), math.MaxFloat64})
	roundTrip(t, []bool{true, false, true})
}

func roundTrip[T bool | int8 | int16 | uint8 | uint16 | uint32 | float64](t *testing.T, want []T) {
	t.Helper()
	var buf bytes.Buffer
	if err := binary.Write(&buf, binary.LittleEndian, want); err != nil {
		t.Fatal(err)
	}
	got := make([]T, len(want))
	if err := readValues(bytes.NewReader(buf.Bytes()), got); err != nil || !slices.Equal(got, want) {
		t.Errorf("%T: read %v, %v; want %v", want, got, err, want)
	}
	short := buf.Bytes()[:buf.Len()-1]
	if err := readValues(bytes.NewReader(short), make([]T, len(want))); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("%T cut short by a byte: %v, want io.ErrUnexpectedEOF", want, err)
	}
}
