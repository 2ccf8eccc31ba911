package importer

import (
	"bufio"
	"bytes"
	"io"
)

// SheetFile is a Sheet read from a file, to be closed when done: a workbook keeps temporary
// files until then.
type SheetFile interface {
	Sheet
	io.Closer
}

// The first bytes that tell a file's kind, whatever its name: a zip archive (an .xlsx
// workbook is one, as are .ods and .docx files), or an OLE2 compound file (Excel 97-2003's
// .xls, and any workbook saved with a password, which Excel encrypts into one).
var (
	zipMagic      = []byte("PK\x03\x04")
	emptyZipMagic = []byte("PK\x05\x06")
	ole2Magic     = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Open reads r as the file it is, told by its content rather than its name (an export named
// .xls is often text, and a workbook may come without a name): an Excel workbook (.xlsx or
// .xlsm) is read from its sheet named sheet, or from its first when sheet is ""; a JSON file
// (an object or a list of them first: NewJSON) as rows of its objects; any other file as
// delimited text (NewCSV). An Excel 97-2003 workbook (.xls), a workbook with a
// password, an OpenDocument spreadsheet (.ods) or another zip archive is refused, saying to
// save it as .xlsx or CSV UTF-8; so is a sheet name given for a text file. file names the file
// in errors, which are in lang. A refusal comes from the sheet's Header, as a *RowError.
func Open(r io.Reader, file, sheet string, lang Lang) SheetFile {
	br := bufio.NewReaderSize(r, prefixSize)
	magic, _ := br.Peek(512)
	switch {
	case bytes.HasPrefix(magic, zipMagic) || bytes.HasPrefix(magic, emptyZipMagic):
		return openWorkbook(br, file, sheet, lang)
	case bytes.HasPrefix(magic, ole2Magic):
		return refused(file, msgOLE2.in(lang))
	case sheet != "":
		return refused(file, msgSheetOfText.in(lang, sheet))
	case isJSON(magic):
		return jsonFile{newJSON(br, file, lang)}
	}
	return textFile{NewCSV(br, file, lang)}
}

// textFile is a CSV sheet, which holds nothing to close.
type textFile struct{ Sheet }

func (textFile) Close() error { return nil }

// jsonFile is a JSON sheet, which holds nothing to close.
type jsonFile struct{ *jsonSheet }

func (jsonFile) Close() error { return nil }

// refusedFile is a file that cannot be read at all: its header is the error.
type refusedFile struct{ err *RowError }

func refused(file, reason string) refusedFile {
	return refusedFile{&RowError{File: file, Line: 1, Reason: reason}}
}

func (f refusedFile) Header() ([]string, error)    { return nil, f.err }
func (f refusedFile) Next() ([]string, int, error) { return nil, 0, io.EOF }
func (refusedFile) Delimiter() rune                { return ',' }
func (refusedFile) Close() error                   { return nil }
