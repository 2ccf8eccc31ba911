package importer

import "github.com/klantpuls/klantpuls/internal/importer/cells"

// separators catch a number column written two ways. cells.ParseDecimal reads each cell by one
// rule that never guesses, and a single point is the decimal point: 1.250 is 1.25. A Dutch
// file writes 1.234,50 and 1.250 for twelve hundred and fifty, though, and both cells read
// without an error — one of them wrong by a factor of a thousand. So a column in which a cell
// has a decimal comma and another a point before exactly three digits (the one reading that
// depends on the convention) is refused, whichever came first: the import is one transaction,
// so refusing at the later line loses nothing.
type separators map[string]*seen

// seen is where a column first had each kind of cell: 0 not yet.
type seen struct{ pointLine, commaLine int }

// mixed records cell v of col on line and tells whether the column now has both kinds.
func (s *separators) mixed(col, v string, line int) bool {
	point, comma := cells.Convention(v)
	if !point && !comma {
		return false
	}
	if *s == nil {
		*s = separators{}
	}
	c := (*s)[col]
	if c == nil {
		c = &seen{}
		(*s)[col] = c
	}
	if point && c.pointLine == 0 {
		c.pointLine = line
	}
	if comma && c.commaLine == 0 {
		c.commaLine = line
	}
	return c.pointLine != 0 && c.commaLine != 0
}
