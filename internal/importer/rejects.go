package importer

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Rejects takes the rows a reading refuses when a file is read with partial acceptance.
type Rejects interface {
	// Header is called once, before any row, with the file's header rows (one, or more for a
	// map of header_rows, such as SurveyMonkey's two) and its delimiter.
	Header(rows [][]string, delimiter rune) error
	// Reject takes one refused row: its cells as read (nil when the line could not be split
	// into cells) and every problem with it.
	Reject(cells []string, errs []RowError) error
}

// RejectsColumn is the last column of a rejects file: why the row was refused.
const RejectsColumn = "fout"

// RejectsCSV writes refused rows as a CSV file a spreadsheet opens: the input's header rows,
// columns and delimiter, then RejectsColumn (named in the first header row, empty in the
// others, so that deleting the column leaves a file that imports again as the original did), in UTF-8 with a byte order mark (so Excel reads é as é).
// Cells that a spreadsheet would take for a formula are made text (FormulaSafe).
type RejectsCSV struct {
	w     *csv.Writer
	out   io.Writer
	width int
	Count int // rows written
}

// NewRejectsCSV writes a rejects file to w; call Flush at the end.
func NewRejectsCSV(w io.Writer) *RejectsCSV { return &RejectsCSV{out: w} }

func (r *RejectsCSV) Header(rows [][]string, delimiter rune) error {
	w, err := cx.SpreadsheetCSV(r.out)
	if err != nil {
		return err
	}
	r.w = w
	r.w.Comma = delimiter
	for _, row := range rows {
		r.width = max(r.width, len(row))
	}
	for i, row := range rows {
		last := ""
		if i == 0 {
			last = RejectsColumn
		}
		if err := r.write(r.padded(row), last); err != nil {
			return err
		}
	}
	return nil
}

func (r *RejectsCSV) Reject(cells []string, errs []RowError) error {
	row := r.padded(cells)
	reasons := make([]string, len(errs))
	for i, e := range errs {
		reasons[i] = e.Error()
	}
	r.Count++
	return r.write(row, strings.Join(reasons, "; "))
}

// padded fills a short row up, so the reason stays in its column where it can.
func (r *RejectsCSV) padded(cells []string) []string {
	row := make([]string, max(len(cells), r.width))
	copy(row, cells)
	return row
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
