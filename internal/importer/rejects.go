package importer

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Rejects takes the rows a reading refuses when a file is read with partial acceptance.
type Rejects interface {
	// Header is called once, before any row, with the file's header and delimiter.
	Header(cells []string, delimiter rune) error
	// Reject takes one refused row: its cells as read (nil when the line could not be split
	// into cells) and every problem with it.
	Reject(cells []string, errs []RowError) error
}

// RejectsColumn is the last column of a rejects file: why the row was refused.
const RejectsColumn = "fout"

// RejectsCSV writes refused rows as a CSV file a spreadsheet opens: the input's columns and
// delimiter, then RejectsColumn, in UTF-8 with a byte order mark (so Excel reads é as é).
// Cells that a spreadsheet would take for a formula are made text (FormulaSafe).
type RejectsCSV struct {
	w     *csv.Writer
	out   io.Writer
	width int
	Count int // rows written
}

// NewRejectsCSV writes a rejects file to w; call Flush at the end.
func NewRejectsCSV(w io.Writer) *RejectsCSV { return &RejectsCSV{out: w} }

func (r *RejectsCSV) Header(cells []string, delimiter rune) error {
	w, err := cx.SpreadsheetCSV(r.out)
	if err != nil {
		return err
	}
	r.w = w
	r.w.Comma = delimiter
	r.width = len(cells)
	return r.write(cells, RejectsColumn)
}

func (r *RejectsCSV) Reject(cells []string, errs []RowError) error {
	row := make([]string, max(len(cells), r.width))
	copy(row, cells) // a short row is filled up, so the reason stays in its column where it can
	reasons := make([]string, len(errs))
	for i, e := range errs {
		reasons[i] = e.Error()
	}
	r.Count++
	return r.write(row, strings.Join(reasons, "; "))
}

func (r *RejectsCSV) write(cells []string, last string) error {
	out := make([]string, 0, len(cells)+1)
	for _, c := range cells {
		out = append(out, cx.FormulaSafe(c))
	}
	return r.w.Write(append(out, cx.FormulaSafe(last)))
}

// Flush writes what is buffered and reports any write error.
func (r *RejectsCSV) Flush() error {
	if r.w == nil {
		return nil
	}
	r.w.Flush()
	return r.w.Error()
}
