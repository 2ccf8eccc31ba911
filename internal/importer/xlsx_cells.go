package importer

import (
	"strings"

	"github.com/xuri/excelize/v2"
)

// Cells as the row parser reads them. A workbook stores a date as a number of days (its
// serial number) shown through a date format, and a number as a float shown through a format
// that may round it or add thousands separators. Rows gives each cell as its format shows it,
// so the formats of the workbook read (held in memory, never saved) are made plain before any
// row is read: a date or date and time shows as the wall time a user sees,
// "2026-03-13 14:05:00" (read then in the import's time zone by ParseTime), a time of day or a
// duration as "14:05:00" ("36:00:00" past a day), and any other number as its value with a
// "." and no separators (37.53 stays 37.53; excelize gives Excel's 15 significant digits) —
// but for a format of leading zeros only (00000), which keeps its zeros: it is how a key such as
// a klantnummer is typed as a number and shown as 00012, the same id a CSV export writes, and
// read as 12 it would be another customer (a fraction there is rounded, as Excel shows it). The
// workbook's date system (1900 or 1904) is its own, which excelize applies. Text stays as it
// is written, and a yes/no cell reads TRUE or FALSE. The formats name a locale (409, whose
// digits are those of every other) because excelize, given none, searches every locale it knows
// for each cell: 2.5 times the rows a second with it (4,600 → 11,600 on the loaded machine).
const (
	isoDateTime = "[$-409]yyyy-mm-dd hh:mm:ss"
	elapsedTime = "[$-409][h]:mm:ss"
)

// showCellsAsTyped makes the number formats of book plain, as above.
func showCellsAsTyped(book *excelize.File) error {
	if book.Styles == nil || book.Styles.CellXfs == nil {
		return nil // no formats: every cell shows its value already
	}
	dateStyle, err := book.NewStyle(&excelize.Style{CustomNumFmt: ptr(isoDateTime)})
	if err != nil {
		return err
	}
	timeStyle, err := book.NewStyle(&excelize.Style{CustomNumFmt: ptr(elapsedTime)})
	if err != nil {
		return err
	}
	xfs := book.Styles.CellXfs.Xf
	dateFmt, timeFmt := xfs[dateStyle].NumFmtID, xfs[timeStyle].NumFmtID
	general := ptr(0)
	padded := map[int]*int{}  // a plain format per width of zeros, made when first met
	for i := range len(xfs) { // the workbook's own styles, not those made here
		if i == dateStyle || i == timeStyle {
			continue
		}
		style, err := book.GetStyle(i)
		if err != nil {
			return err
		}
		custom := ""
		if style.CustomNumFmt != nil {
			custom = *style.CustomNumFmt
		}
		id := general
		switch formatKind(style.NumFmt, custom) {
		case dateFormat:
			id = dateFmt
		case timeFormat:
			id = timeFmt
		default:
			if width := zeroPadding(custom); width > 0 {
				if padded[width] == nil {
					code := "[$-409]" + strings.Repeat("0", width)
					made, err := book.NewStyle(&excelize.Style{CustomNumFmt: &code})
					if err != nil {
						return err
					}
					padded[width] = book.Styles.CellXfs.Xf[made].NumFmtID
				}
				id = padded[width]
			}
		}
		book.Styles.CellXfs.Xf[i].NumFmtID = id // NewStyle may have moved the list
	}
	return nil
}

// zeroPadding is the number of digits a custom format of leading zeros only shows (5 for
// 00000, with or without a [$-413] locale or [Red] colour), or 0 for any other format: one with
// decimals, separators or text is shown plain, and a single 0 only rounds.
func zeroPadding(custom string) int {
	code, _, _ := strings.Cut(custom, ";") // the first section decides, as for Excel
	for {
		open := strings.IndexByte(code, '[')
		end := strings.IndexByte(code, ']')
		if open < 0 || end < open {
			break
		}
		code = code[:open] + code[end+1:]
	}
	if len(code) < 2 || strings.Trim(code, "0") != "" {
		return 0
	}
	return len(code)
}

func ptr[T any](v T) *T { return &v }

type numberFormat int

const (
	plainFormat numberFormat = iota
	dateFormat               // a date, or a date and time
	timeFormat               // a time of day or a duration, without a date
)

// formatKind tells a number format by its built-in id (ECMA-376 part 1, 18.8.30: 14–17 and 22
// are dates, 18–21 and 45–47 times; 27–36 and 50–58 the East Asian dates and times) or, for a
// custom format, by its code: a date has y, d or a month (m not next to h or s), a time h or
// s, outside quoted text, escaped characters and [colour] or [$€-413] brackets.
func formatKind(id int, custom string) numberFormat {
	if custom == "" {
		switch {
		case id >= 14 && id <= 17, id == 22, id >= 27 && id <= 31, id == 36, id >= 50 && id <= 58:
			return dateFormat
		case id >= 18 && id <= 21, id >= 32 && id <= 35, id >= 45 && id <= 47:
			return timeFormat
		}
		return plainFormat
	}
	code := strings.ToLower(custom)
	if i := strings.IndexByte(code, ';'); i >= 0 { // the first section decides, as for Excel
		code = code[:i]
	}
	code = strings.NewReplacer("am/pm", "h", "a/p", "h").Replace(code) // a 12-hour clock
	var date, month, clock bool
	prev := byte(0)
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
			continue
		case '\\', '_', '*': // the next character is shown, a space or a fill
			i++
			continue
		case '[':
			if j := strings.IndexByte(code[i:], ']'); j > 0 {
				inner := code[i+1 : i+j]
				if strings.Trim(inner, "hms") == "" { // [h], [mm], [ss]: elapsed time
					clock = true
				}
				i += j
			}
			continue
		case 'y', 'd':
			date = true
		case 'h', 's':
			clock = true
		case 'm': // a run of m's: minutes after an hour or before seconds, else a month
			run := len(code[i:]) - len(strings.TrimLeft(code[i:], "m"))
			month = month || prev != 'h' && prev != ':' && !followedBySeconds(code[i:])
			i += run - 1
		}
		prev = code[i]
	}
	switch {
	case date || month:
		return dateFormat
	case clock:
		return timeFormat
	}
	return plainFormat
}

// followedBySeconds says whether the m's starting code are minutes before seconds (mm:ss).
func followedBySeconds(code string) bool {
	rest := strings.TrimLeft(code, "m")
	return strings.HasPrefix(rest, ":s") || strings.HasPrefix(rest, ".s")
}
