package importer

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// formulaScan reads a sheet's XML a row at a time beside excelize's Rows, which gives a formula
// without a calculated value as an empty cell. Such a sheet was written by a program that
// stores formulas without calculating them, and reading it as empty would import wrong data;
// this finds, row by row, the cells with a formula (<f>) and no value (<v>). It also finds a
// sheet whose XML breaks off, which Rows takes for its end.
type formulaScan struct {
	rc      io.ReadCloser
	dec     *xml.Decoder
	row     int               // the number of the row whose start was read last
	pending *xml.StartElement // that start, when its row is not yet asked for
	done    bool
}

// scanFormulas finds the part of the workbook that holds sheet, as excelize does: through the
// package's relationships to the workbook, and the workbook's to its sheets.
func scanFormulas(zr *zip.Reader, book *excelize.File, sheet string) (*formulaScan, error) {
	var id string
	for _, s := range book.WorkBook.Sheets.Sheet {
		if strings.EqualFold(s.Name, sheet) {
			id = s.ID
			break
		}
	}
	wbPath := strings.TrimPrefix(relTarget(zr, "_rels/.rels", "", "/officeDocument"), "/")
	if wbPath == "" {
		wbPath = "xl/workbook.xml"
	}
	dir := path.Dir(wbPath)
	target := relTarget(zr, path.Join(dir, "_rels", path.Base(wbPath)+".rels"), id, "")
	if target == "" {
		return nil, errors.New("the sheet's part is not in the workbook")
	}
	part := path.Join(dir, target)
	if strings.HasPrefix(target, "/") {
		part = strings.TrimPrefix(path.Clean(target), "/")
	}
	f := findPart(zr, part)
	if f == nil {
		return nil, errors.New("the sheet's part " + part + " is missing")
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	return &formulaScan{rc: rc, dec: xml.NewDecoder(rc)}, nil
}

// relTarget returns the target of the relationship with the id, or (id "") of the type that
// ends in typeSuffix, in the relationships part name; "" when there is none.
func relTarget(zr *zip.Reader, name, id, typeSuffix string) string {
	f := findPart(zr, name)
	if f == nil {
		return ""
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal([]byte(readPart(f, 16<<20)), &rels) != nil {
		return ""
	}
	for _, r := range rels.Rel {
		if id != "" && r.ID == id || id == "" && typeSuffix != "" && strings.HasSuffix(r.Type, typeSuffix) {
			return strings.ReplaceAll(r.Target, `\`, "/")
		}
	}
	return ""
}

// findPart returns the archive's part name, matched as excelize matches it (\ as /, and
// without regard to case when no name matches exactly).
func findPart(zr *zip.Reader, name string) *zip.File {
	var folded *zip.File
	for _, f := range zr.File {
		n := strings.ReplaceAll(f.Name, `\`, "/")
		if n == name {
			return f
		}
		if folded == nil && strings.EqualFold(n, name) {
			folded = f
		}
	}
	return folded
}

// missing returns the columns (1 for A) of row's formulas that have no value. Rows are asked
// for in increasing order, as the sheet holds them.
func (s *formulaScan) missing(row int) ([]int, error) {
	if s == nil {
		return nil, nil
	}
	for !s.done {
		if s.pending != nil {
			if s.row > row {
				return nil, nil
			}
			start := *s.pending
			s.pending = nil
			cols, err := s.readRow(start)
			if err != nil || s.row == row {
				return cols, err
			}
			continue
		}
		tok, err := s.dec.RawToken()
		if err == io.EOF {
			s.done = true
			return nil, errors.New("the sheet's XML ends before its end")
		}
		if err != nil {
			s.done = true
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "row" {
				n, _ := strconv.Atoi(attr(t, "r"))
				if n <= s.row {
					n = s.row + 1 // a row without its number follows the one before
				}
				s.row = n
				t = t.Copy()
				s.pending = &t
			}
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				s.done = true
			}
		}
	}
	return nil, nil
}

// readRow reads a row's cells up to its end and returns the columns of formulas without a
// value.
func (s *formulaScan) readRow(xml.StartElement) ([]int, error) {
	var cols []int
	col, depth := 0, 0
	hasF, hasV := false, false
	for {
		tok, err := s.dec.RawToken()
		if err != nil {
			s.done = true
			if err == io.EOF {
				err = errors.New("the sheet's XML ends inside a row")
			}
			return cols, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 1 && t.Name.Local == "c":
				col++
				if ref := attr(t, "r"); ref != "" {
					if c, _, err := excelize.CellNameToCoordinates(ref); err == nil {
						col = c
					}
				}
				hasF, hasV = false, false
			case depth == 2 && t.Name.Local == "f":
				hasF = true
			case depth == 2 && t.Name.Local == "v":
				hasV = true
			}
		case xml.EndElement:
			if depth == 0 { // the row's end
				return cols, nil
			}
			if depth == 1 && t.Name.Local == "c" && hasF && !hasV {
				cols = append(cols, col)
			}
			depth--
		}
	}
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// finish reads the rest of the sheet once Rows has ended, and says whether its XML breaks off.
func (s *formulaScan) finish() error {
	if s == nil {
		return nil
	}
	_, err := s.missing(int(^uint(0) >> 1))
	return err
}

func (s *formulaScan) close() {
	if s.rc != nil {
		s.rc.Close()
		s.rc = nil
	}
}
