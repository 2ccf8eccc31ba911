package importer

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits on a workbook, which is a zip archive: a few kilobytes can unpack to gigabytes (a zip
// bomb), so these are checked from the archive's directory before anything is unpacked, and
// archive/zip refuses a part that unpacks to more than its directory says.
const (
	// MaxWorkbookSize is the most a workbook may unpack to, all its parts together. Excel's own
	// largest sheet (1,048,576 rows) of ten short columns unpacks to about 1 GiB.
	MaxWorkbookSize = 2 << 30
	// maxWorkbookMemory is the most of it held in memory: excelize keeps every part in memory
	// but a sheet or the shared strings larger than xmlInMemory, which it unpacks to a
	// temporary file and reads as a stream.
	maxWorkbookMemory = 256 << 20
	xmlInMemory       = 16 << 20
)

// workbookFile reads one sheet of an Excel workbook as rows of cells, a row at a time
// (excelize's Rows): the header is the sheet's row 1, and a row's line is its number in the
// sheet, so an error names the row a user finds in Excel.
type workbookFile struct {
	file, sheet string
	lang        Lang
	spool       *os.File       // the workbook as read, for excelize and the formula scan
	book        *excelize.File // nil once closed
	rows        *excelize.Rows // the sheet's rows
	formulas    *formulaScan   // formulas without a calculated value, row by row
	width       int            // the header's cells
	line        int            // the row last read
	header      []string       // the header, once read
}

// openWorkbook reads r, which starts as a zip archive does, as an Excel workbook. r is copied
// to a temporary file first: a zip is read from its end, and excelize unpacks from a file
// without holding the archive in memory.
func openWorkbook(r io.Reader, file, sheet string, lang Lang) SheetFile {
	w := &workbookFile{file: file, sheet: sheet, lang: lang}
	if reason := w.openGuarded(r); reason != "" {
		w.Close()
		return refused(file, reason)
	}
	return w
}

// openGuarded is open, with a panic of excelize over a malformed workbook (it trusts some of its
// parts) made a refusal like any other.
func (w *workbookFile) openGuarded(r io.Reader) (reason string) {
	defer func() {
		if p := recover(); p != nil {
			reason = msgBadWorkbook.in(w.lang, fmt.Errorf("%v", p))
		}
	}()
	return w.open(r)
}

// open reads the workbook and finds its sheet, or says why it cannot.
func (w *workbookFile) open(r io.Reader) string {
	var err error
	if w.spool, err = os.CreateTemp("", "klantpuls-*.xlsx"); err != nil {
		return msgBadWorkbook.in(w.lang, err)
	}
	n, err := io.Copy(w.spool, io.LimitReader(r, MaxWorkbookSize+1))
	switch {
	case err != nil:
		return msgBadWorkbook.in(w.lang, err)
	case n > MaxWorkbookSize:
		return msgWorkbookTooLarge.in(w.lang, MaxWorkbookSize>>30)
	}
	zr, err := zip.NewReader(w.spool, n)
	if err != nil {
		return msgBadWorkbook.in(w.lang, err)
	}
	if reason := checkPackage(zr, w.lang); reason != "" {
		return reason
	}
	w.book, err = excelize.OpenFile(w.spool.Name(), excelize.Options{
		UnzipSizeLimit: MaxWorkbookSize, UnzipXMLSizeLimit: xmlInMemory})
	if err != nil {
		return msgBadWorkbook.in(w.lang, err)
	}
	sheets := w.book.GetSheetList()
	switch {
	case len(sheets) == 0:
		return msgNoSheets.in(w.lang)
	case w.sheet == "":
		w.sheet = sheets[0]
	default: // as Excel tells sheets apart: without regard to case
		i := slices.IndexFunc(sheets, func(s string) bool { return strings.EqualFold(s, w.sheet) })
		if i < 0 {
			return msgNoSheet.in(w.lang, w.sheet, quoteList(sheets))
		}
		w.sheet = sheets[i]
	}
	if err := showCellsAsTyped(w.book); err != nil {
		return msgBadWorkbook.in(w.lang, err)
	}
	if w.formulas, err = scanFormulas(zr, w.book, w.sheet); err != nil {
		return msgBadWorkbook.in(w.lang, err)
	}
	if w.rows, err = w.book.Rows(w.sheet); err != nil {
		return msgBadWorkbook.in(w.lang, err)
	}
	return ""
}

// checkPackage says why a zip archive is not a workbook klantpuls reads, or that it unpacks
// to more than it may; "" when it is one. Only the archive's directory and its list of content
// types are read.
func checkPackage(zr *zip.Reader, l Lang) string {
	var total, inMemory uint64
	var types *zip.File
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		switch name {
		case "mimetype": // an OpenDocument file names its kind first
			if kind := readPart(f, 256); strings.Contains(kind, "opendocument") {
				return msgODS.in(l)
			}
		case "[content_types].xml":
			types = f
		}
		size := f.UncompressedSize64
		total += size
		streamed := size > xmlInMemory && (strings.HasPrefix(name, "xl/worksheets/sheet") || name == "xl/sharedstrings.xml")
		if !streamed {
			inMemory += size
		}
		if total > MaxWorkbookSize || inMemory > maxWorkbookMemory {
			return msgWorkbookTooLarge.in(l, MaxWorkbookSize>>30)
		}
	}
	if types == nil {
		return msgNotWorkbook.in(l)
	}
	switch ct := readPart(types, 1<<20); {
	case strings.Contains(ct, "sheet.binary"):
		return msgXLSB.in(l)
	case !strings.Contains(ct, "spreadsheetml.sheet.main+xml") && !strings.Contains(ct, "spreadsheetml.template.main+xml") &&
		!strings.Contains(ct, "ms-excel.sheet.macroEnabled.main+xml") && !strings.Contains(ct, "ms-excel.template.macroEnabled.main+xml"):
		return msgNotWorkbook.in(l)
	}
	return ""
}

// readPart returns up to limit bytes of a part of the archive; "" when it cannot be read.
func readPart(f *zip.File, limit int64) string {
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, limit))
	return string(b)
}

func (w *workbookFile) Delimiter() rune { return ',' }

func (w *workbookFile) Header() ([]string, error) {
	cells, line, err := w.Next()
	if err != nil {
		return nil, err // io.EOF for an empty sheet
	}
	if len(cells) == 1 && cells[0] == "" {
		return nil, &RowError{File: w.file, Line: line, Reason: msgNoHeaderRow.in(w.lang)}
	}
	w.header = cells
	w.width = len(cells)
	return cells, nil
}

// Next returns the sheet's next row that has a value, its trailing empty cells cut and the row
// filled to the header's width (a workbook does not store empty cells). Empty rows are passed
// over, as a CSV file's blank lines are; an empty row 1 is one empty cell, for Header. A panic
// of excelize over a malformed sheet ends the reading with a row error.
func (w *workbookFile) Next() (cells []string, line int, err error) {
	defer func() {
		if p := recover(); p != nil {
			cells, line, err = nil, w.line, w.stop(w.line, fmt.Errorf("%v", p))
		}
	}()
	return w.next()
}

func (w *workbookFile) next() ([]string, int, error) {
	for w.rows != nil {
		if !w.rows.Next() {
			err := w.rows.Error()
			if err == nil {
				err = w.formulas.finish()
			}
			return nil, w.line + 1, w.stop(w.line+1, err)
		}
		w.line++
		cells, err := w.rows.Columns()
		if err != nil {
			return nil, w.line, w.stop(w.line, err)
		}
		missing, err := w.formulas.missing(w.line)
		if err != nil {
			return nil, w.line, w.stop(w.line, err)
		}
		for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) == 0 && len(missing) == 0 {
			if w.line == 1 {
				return []string{""}, w.line, nil
			}
			continue
		}
		for len(cells) < w.width {
			cells = append(cells, "")
		}
		if len(missing) > 0 {
			return cells, w.line, &RowError{File: w.file, Line: w.line, Column: w.columnName(missing[0]),
				Reason: msgNoCachedValue.in(w.lang, len(missing))}
		}
		return cells, w.line, nil
	}
	return nil, 0, io.EOF
}

// stop ends the reading of the sheet: at its end (err nil, giving io.EOF), or at a row that
// cannot be read, past which nothing can be (a row error on that row, and io.EOF after it).
func (w *workbookFile) stop(line int, err error) error {
	if w.rows != nil {
		w.rows.Close()
		w.rows = nil
	}
	if err == nil {
		return io.EOF
	}
	return &RowError{File: w.file, Line: line, Reason: msgBadWorkbook.in(w.lang, err)}
}

// columnName names the column col (1 for A) of the sheet: by its header, or by its letters.
func (w *workbookFile) columnName(col int) string {
	if col <= len(w.header) && strings.TrimSpace(w.header[col-1]) != "" {
		return strings.TrimSpace(w.header[col-1])
	}
	letters, _ := excelize.ColumnNumberToName(col)
	return letters
}

// Close ends the reading and removes the temporary files: the copy of the workbook and the
// sheets excelize unpacked.
func (w *workbookFile) Close() error {
	var errs []error
	if w.rows != nil {
		errs = append(errs, w.rows.Close())
		w.rows = nil
	}
	if w.formulas != nil {
		w.formulas.close()
	}
	if w.book != nil {
		errs = append(errs, w.book.Close())
		w.book = nil
	}
	if w.spool != nil {
		errs = append(errs, w.spool.Close(), os.Remove(w.spool.Name()))
		w.spool = nil
	}
	return errors.Join(errs...)
}

// quoteList writes names as "a", "b" and "c" for a message.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
