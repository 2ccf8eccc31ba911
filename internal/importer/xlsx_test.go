package importer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/xuri/excelize/v2"
)

func init() { catalogues = append(catalogues, "xlsx_messages.go") } // TestCatalogueComplete

// book builds a workbook with excelize, as Excel would save it, and returns its bytes.
func book(t testing.TB, build func(f *excelize.File, style func(format string) int)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	style := func(format string) int {
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	build(f, style)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// set writes the values of a row, each with its style (0: none), failing the test on error.
func set(t testing.TB, f *excelize.File, sheet, cell string, value any, style int) {
	t.Helper()
	if err := f.SetCellValue(sheet, cell, value); err != nil {
		t.Fatal(err)
	}
	if style != 0 {
		if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
			t.Fatal(err)
		}
	}
}

// serial is the day number a 1900-system workbook stores for a wall time: days since
// 1899-12-30 (Excel's day 1 is 1900-01-01, and it counts a 29 February 1900 that never was).
// 2026-01-01 is day 46023: 126 years of 365 days from 1900 are 45990, plus 31 leap days
// (1904…2024), plus 1 for Excel's 1900-02-29, plus 1 for day 1.
func serial(month time.Month, day, hour, minute int) float64 {
	yday := time.Date(2026, month, day, 0, 0, 0, 0, time.UTC).YearDay() - 1
	return float64(46023+yday) + float64(hour*60+minute)/1440
}

// orders is the workbook of the tests below: its first sheet "Orders" holds orders as a Dutch
// user types them (a date and time in a day-first format, an amount shown with two decimals
// and a euro sign, a margin as a percentage); its second sheet "Tickets" holds tickets.
func orders(t testing.TB, date1904 bool) []byte {
	return book(t, func(f *excelize.File, style func(string) int) {
		if date1904 {
			if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: ptr(true)}); err != nil {
				t.Fatal(err)
			}
		}
		// A 1904-system workbook counts days from 1904-01-01: 1462 days fewer (4 years of 365
		// days, one leap day of 1904 not yet passed on 1 January, and Excel's 1900-02-29 and day 1).
		offset := 0.0
		if date1904 {
			offset = 1462
		}
		f.SetSheetName("Sheet1", "Orders")
		dayFirst, euro, percent, dateOnly := style("dd-mm-yyyy hh:mm"), style(`#,##0.00 "€"`), style("0%"), style("d-m-yyyy")
		for i, h := range []string{"order_id", "customer_id", "ordered_at", "amount", "gross_margin"} {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			set(t, f, "Orders", cell, h, 0)
		}
		set(t, f, "Orders", "A2", "O1", 0)
		set(t, f, "Orders", "B2", "C1", 0)
		set(t, f, "Orders", "C2", serial(time.March, 13, 14, 5)-offset, dayFirst)
		set(t, f, "Orders", "D2", 37.53, euro)
		set(t, f, "Orders", "E2", 0.3, percent)
		// Row 3 is empty; row 4 has no margin (an empty trailing cell) and an amount the format
		// rounds: shown as 1.234,57 €, but 1234.567 is the value.
		set(t, f, "Orders", "A4", "O2", 0)
		set(t, f, "Orders", "B4", "C1", 0)
		set(t, f, "Orders", "C4", serial(time.July, 4, 0, 0)-offset, dateOnly)
		set(t, f, "Orders", "D4", 1234.567, euro)
		// An amount by a formula whose value Excel stored (20 × 2.5), and a date as text.
		set(t, f, "Orders", "A5", "O3", 0)
		set(t, f, "Orders", "B5", "C2", 0)
		set(t, f, "Orders", "C5", "13-03-2026 14:05", dayFirst)
		set(t, f, "Orders", "D5", 50, euro)
		if err := f.SetCellFormula("Orders", "D5", "20*2.5"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.NewSheet("Tickets"); err != nil {
			t.Fatal(err)
		}
		for i, v := range []any{"ticket_id", "created_at", "complaint"} {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			set(t, f, "Tickets", cell, v, 0)
		}
		set(t, f, "Tickets", "A2", "T1", 0)
		set(t, f, "Tickets", "B2", serial(time.March, 2, 10, 0)-offset, dayFirst)
		set(t, f, "Tickets", "C2", true, 0)
		// Row 4: 02:30 on 25 October comes twice in Amsterdam (summer time ends at 03:00).
		set(t, f, "Tickets", "A4", "T2", 0)
		set(t, f, "Tickets", "B4", serial(time.October, 25, 2, 30)-offset, dayFirst)
		set(t, f, "Tickets", "C4", false, 0)
		// Row 5: a formula stored without its value, as a program that does not calculate writes it.
		set(t, f, "Tickets", "A5", "T3", 0)
		if err := f.SetCellFormula("Tickets", "B5", "B2+1"); err != nil {
			t.Fatal(err)
		}
	})
}

// sheetRows reads every row of a sheet through Open.
func sheetRows(t *testing.T, file []byte, sheet string) (rows [][]string, lines []int, err error) {
	t.Helper()
	sh := Open(bytes.NewReader(file), "orders.xlsx", sheet, English)
	defer sh.Close()
	h, err := sh.Header()
	if err != nil {
		return nil, nil, err
	}
	rows, lines = append(rows, slices.Clone(h)), append(lines, 1)
	for {
		cells, line, err := sh.Next()
		if err == io.EOF {
			return rows, lines, nil
		}
		if err != nil {
			return rows, lines, err
		}
		rows, lines = append(rows, slices.Clone(cells)), append(lines, line)
	}
}

// The cells of a workbook as its user sees them, whatever the format shows: the date as the
// wall time typed, the amount and the margin as their values, each row on its own number (the
// empty row 3 passed over), a missing trailing cell as empty, a formula as its stored value, text
// as it is. The same in a workbook of the 1904 date system.
func TestXLSXCells(t *testing.T) {
	want := [][]string{
		{"order_id", "customer_id", "ordered_at", "amount", "gross_margin"},
		{"O1", "C1", "2026-03-13 14:05:00", "37.53", "0.3"},
		{"O2", "C1", "2026-07-04 00:00:00", "1234.567", ""},
		{"O3", "C2", "13-03-2026 14:05", "50", ""},
	}
	for _, date1904 := range []bool{false, true} {
		rows, lines, err := sheetRows(t, orders(t, date1904), "")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(rows, want, slices.Equal) {
			t.Errorf("1904 %v: got\n%q\nwant\n%q", date1904, rows, want)
		}
		if !slices.Equal(lines, []int{1, 2, 4, 5}) {
			t.Errorf("1904 %v: lines %v, want the rows' numbers 1, 2, 4, 5", date1904, lines)
		}
	}
}

// Through the canonical row parser: the wall times are read in the account's zone,
// Europe/Amsterdam, so 14:05 on 13 March (winter time, UTC+1) is 13:05 UTC and midnight of
// 4 July (summer time, UTC+2) is 22:00 UTC the day before; in --timezone UTC they are as typed.
func TestXLSXOrders(t *testing.T) {
	utc := func(s string) time.Time { t, _ := time.Parse(time.DateTime, s); return t }
	for _, tt := range []struct {
		name     string
		date1904 bool
		zone     *time.Location
		want     []time.Time
	}{
		{"Amsterdam", false, nil, []time.Time{utc("2026-03-13 13:05:00"), utc("2026-07-03 22:00:00"), utc("2026-03-13 13:05:00")}},
		{"Amsterdam, 1904 dates", true, nil, []time.Time{utc("2026-03-13 13:05:00"), utc("2026-07-03 22:00:00"), utc("2026-03-13 13:05:00")}},
		{"UTC", false, time.UTC, []time.Time{utc("2026-03-13 14:05:00"), utc("2026-07-04 00:00:00"), utc("2026-03-13 14:05:00")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rd := &Reader{Kind: cx.KindOrders, File: "orders.xlsx", Config: config.Default(), Timezone: tt.zone}
			var got []cx.Order
			n, err := rd.Read(bytes.NewReader(orders(t, tt.date1904)), func(r cx.Record) error {
				got = append(got, *r.(*cx.Order))
				return nil
			})
			if err != nil || n != 3 || len(got) != 3 {
				t.Fatalf("read %d rows, %d orders, %v; want 3", n, len(got), err)
			}
			for i, o := range got {
				if !o.OrderedAt.Equal(tt.want[i]) {
					t.Errorf("%s ordered at %s, want %s", o.ID, o.OrderedAt.UTC(), tt.want[i])
				}
			}
			if got[0].Amount != 37.53 || got[1].Amount != 1234.567 || got[2].Amount != 50 {
				t.Errorf("amounts %v %v %v, want 37.53 1234.567 50", got[0].Amount, got[1].Amount, got[2].Amount)
			}
			if got[0].GrossMargin == nil || *got[0].GrossMargin != 0.3 || got[1].GrossMargin != nil {
				t.Errorf("margins %v %v, want 0.3 and none", got[0].GrossMargin, got[1].GrossMargin)
			}
		})
	}
}

// A sheet other than the first, by its name as Excel compares names (without regard to case):
// a yes/no cell reads as TRUE or FALSE, and errors name the sheet's own row numbers (row 3 is
// empty). A name the workbook does not have is refused with the names it has.
func TestXLSXSheets(t *testing.T) {
	file := orders(t, false)
	rows, _, err := sheetRows(t, file, "tickets")
	if err == nil || len(rows) < 2 || !slices.Equal(rows[1], []string{"T1", "2026-03-02 10:00:00", "TRUE"}) {
		t.Fatalf("rows %q, %v; want T1's row, then the formula's error", rows, err)
	}
	rd := &Reader{Kind: cx.KindTickets, File: "orders.xlsx", Config: config.Default()}
	var got []cx.Record
	_, err = rd.ReadSheet(Open(bytes.NewReader(file), "orders.xlsx", "TICKETS", English), func(r cx.Record) error {
		got = append(got, r)
		return nil
	})
	var errs *Errors
	if !errors.As(err, &errs) || len(errs.List) != 2 {
		t.Fatalf("got %v, want two row errors", err)
	}
	for i, want := range []string{"orders.xlsx:4: created_at: ", "orders.xlsx:5: created_at: 1 formula(s) in this row without a calculated value"} {
		if got := errs.List[i].Error(); !strings.HasPrefix(got, want) {
			t.Errorf("error %d is %q, want it to start %q", i, got, want)
		}
	}
	if !strings.Contains(errs.List[1].Error(), "open the file in Excel, save it") {
		t.Errorf("%q does not say what to do", errs.List[1].Error())
	}
	if len(got) != 1 || !got[0].(*cx.Ticket).Complaint {
		t.Errorf("records %+v, want T1 a complaint", got)
	}
	_, _, err = sheetRows(t, file, "Klanten")
	if want := `orders.xlsx:1: the workbook has no sheet "Klanten"; its sheets are "Orders", "Tickets": give one of them to --sheet`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	_, _, err = sheetRows(t, []byte("ticket_id,created_at\n"), "Tickets")
	if err == nil || !strings.Contains(err.Error(), "this file is text (CSV): import it without --sheet") {
		t.Errorf("a sheet of a CSV file: %v", err)
	}
}

// Number formats are told apart as Excel does: dates and times by their codes, not by the
// quoted text, escaped characters, colours or currencies in them.
func TestFormatKind(t *testing.T) {
	for _, tt := range []struct {
		id     int
		custom string
		want   numberFormat
	}{
		{0, "", plainFormat}, {4, "", plainFormat}, {10, "", plainFormat}, {49, "", plainFormat},
		{14, "", dateFormat}, {22, "", dateFormat}, {20, "", timeFormat}, {46, "", timeFormat},
		{0, "General", plainFormat}, {0, "0.00E+00", plainFormat}, {0, `#,##0.00 "€"`, plainFormat},
		{0, `[$€-413] #,##0.00;[Red]-#,##0.00`, plainFormat}, {0, `_-* #,##0.00_-;-* #,##0.00_-`, plainFormat},
		{0, `0" days"`, plainFormat}, {0, `0\d`, plainFormat},
		{0, "dd-mm-yyyy hh:mm", dateFormat}, {0, "d-m-yyyy", dateFormat}, {0, "mmm yyyy", dateFormat},
		{0, "mmmm", dateFormat}, {0, `[$-413]d mmmm yyyy;@`, dateFormat}, {0, "yyyy-mm-ddThh:mm:ss", dateFormat},
		{0, "h:mm", timeFormat}, {0, "hh:mm:ss AM/PM", timeFormat}, {0, "[h]:mm:ss", timeFormat},
		{0, "mm:ss", timeFormat}, {0, "[mm]:ss", timeFormat}, {0, "h:mm a/p", timeFormat},
	} {
		if got := formatKind(tt.id, tt.custom); got != tt.want {
			t.Errorf("format %d %q: got %d, want %d", tt.id, tt.custom, got, tt.want)
		}
	}
}

// A time of day or a duration shows as hours, minutes and seconds, past 24 hours for a
// duration of more than a day: 0.25 of a day is 6:00:00, 1.5 days 36:00:00.
func TestXLSXTimes(t *testing.T) {
	file := book(t, func(f *excelize.File, style func(string) int) {
		set(t, f, "Sheet1", "A1", "wait", 0)
		set(t, f, "Sheet1", "A2", 0.25, style("h:mm"))
		set(t, f, "Sheet1", "A3", 1.5, style("[h]:mm"))
	})
	rows, _, err := sheetRows(t, file, "")
	if want := [][]string{{"wait"}, {"6:00:00"}, {"36:00:00"}}; err != nil || !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("got %q, %v; want %q", rows, err, want)
	}
}

// Files that are no workbook klantpuls reads are refused by their content, whatever their
// name, each with what to do: Excel 97-2003 (.xls, an OLE2 compound file, which is also what a
// password-protected .xlsx is), OpenDocument (.ods, a zip whose "mimetype" names it first),
// a binary workbook (.xlsb), and a zip of anything else.
func TestXLSXRefused(t *testing.T) {
	zipOf := func(parts ...string) []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for i := 0; i < len(parts); i += 2 {
			w, _ := zw.Create(parts[i])
			w.Write([]byte(parts[i+1]))
		}
		zw.Close()
		return b.Bytes()
	}
	ole2 := append(slices.Clone(ole2Magic), make([]byte, 504)...)
	for _, tt := range []struct {
		name string
		file []byte
		want string
	}{
		{"klanten.xls", ole2, `orders.xlsx:1: an Excel 97-2003 workbook (.xls) or a workbook with a password, which klantpuls cannot read: open it in Excel, remove any password (File, Info, Protect Workbook), and save it as "Excel Workbook (*.xlsx)" or "CSV UTF-8 (Comma delimited)"`},
		{"klanten.ods", zipOf("mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", "<x/>"),
			`orders.xlsx:1: an OpenDocument spreadsheet (.ods), which klantpuls cannot read: save it as "Excel 2007-365 (.xlsx)", or as "Text CSV (.csv)" with character set Unicode (UTF-8)`},
		{"klanten.xlsb", zipOf("[Content_Types].xml", `<Types><Override ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>`),
			`orders.xlsx:1: an Excel binary workbook (.xlsb), which klantpuls cannot read: open it in Excel and save it as "Excel Workbook (*.xlsx)" or "CSV UTF-8 (Comma delimited)"`},
		{"brief.docx", zipOf("[Content_Types].xml", `<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`),
			`orders.xlsx:1: a zip archive that is not an Excel workbook: import an Excel workbook (.xlsx) or a CSV file, not the archive`},
		{"an empty zip", zipOf(), `orders.xlsx:1: a zip archive that is not an Excel workbook: import an Excel workbook (.xlsx) or a CSV file, not the archive`},
		{"a cut-off workbook", orders(t, false)[:2000], `orders.xlsx:1: the workbook cannot be read (zip: not a valid zip file)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := sheetRows(t, tt.file, "")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}

// A zip bomb is refused before anything is unpacked: by the sizes the archive's directory
// gives (over MaxWorkbookSize in all, or over 256 MiB in the parts excelize holds in memory).
// A part that unpacks to more than the directory says is cut there: archive/zip's reader fails
// past the size its directory gives (ErrFormat), so the sizes checked are the most unpacked.
func TestXLSXZipBomb(t *testing.T) {
	good := orders(t, false)
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	// rebuild copies the workbook's parts and adds one more, its directory entry saying size
	// and its content what real holds (a megabyte of zeros, compressed to a kilobyte).
	rebuild := func(name string, size uint64) []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for _, f := range zr.File {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
		}
		var packed bytes.Buffer
		fw, _ := flate.NewWriter(&packed, flate.BestCompression)
		fw.Write(make([]byte, 1<<20))
		fw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(make([]byte, 1<<20)),
			CompressedSize64: uint64(packed.Len()), UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(packed.Bytes())
		zw.Close()
		return b.Bytes()
	}
	tooLarge := `orders.xlsx:1: the workbook unpacks to more than klantpuls reads (2 GiB in all, and 256 MiB outside its sheets)`
	for _, tt := range []struct {
		name string
		file []byte
		want string
	}{
		{"a sheet of 3 GiB", rebuild("xl/worksheets/sheet9.xml", 3<<30), tooLarge},
		{"a picture of 300 MiB", rebuild("xl/media/image1.png", 300<<20), tooLarge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := sheetRows(t, tt.file, "")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}

// A workbook leaves no file behind: its copy and the sheets excelize unpacks to temporary
// files (a sheet over 16 MiB) are removed when the reading ends, read whole or not.
func TestXLSXTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	rd := &Reader{Kind: cx.KindOrders, File: "orders.xlsx", Config: config.Default()}
	stop := errors.New("stop")
	if _, err := rd.Read(bytes.NewReader(orders(t, false)), func(cx.Record) error { return stop }); err != stop {
		t.Fatalf("got %v, want the put's error", err)
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// FuzzXLSX reads arbitrary bytes as a workbook (the seeds are the workbooks above). Whatever
// they are, there is no panic, and a file that cannot be read is refused by row errors with a
// reason, on a row of the sheet.
func FuzzXLSX(f *testing.F) {
	f.Add(orders(f, false))
	f.Add(orders(f, true))
	f.Add(book(f, func(f *excelize.File, style func(string) int) {}))
	f.Add(withoutStyles(f, orders(f, false)))
	f.Add(paddedIDs(f))
	f.Add(append(slices.Clone(ole2Magic), 0, 0))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	cfg := config.Default()
	f.Fuzz(func(t *testing.T, file []byte) {
		if !bytes.HasPrefix(file, zipMagic) && !bytes.HasPrefix(file, emptyZipMagic) {
			return // text is FuzzRead's
		}
		for _, kind := range []cx.Kind{cx.KindOrders, cx.KindTickets} {
			rd := &Reader{Kind: kind, File: "in.xlsx", Config: cfg}
			_, err := rd.Read(bytes.NewReader(file), func(cx.Record) error { return nil })
			if err == nil {
				continue
			}
			var errs *Errors
			if !errors.As(err, &errs) || len(errs.List) == 0 {
				t.Fatalf("an error that is not a row error: %v", err)
			}
			for _, e := range errs.List {
				if e.File != "in.xlsx" || e.Line < 1 || e.Line > excelize.TotalRows+1 || e.Reason == "" {
					t.Fatalf("row error %+v names no row of a sheet", e)
				}
			}
		}
	})
}

// withoutStyles is the workbook less its cell formats (xl/styles.xml), which excelize once
// panicked over.
func withoutStyles(t testing.TB, file []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		if f.Name != "xl/styles.xml" {
			zw.Copy(f)
		}
	}
	zw.Close()
	return b.Bytes()
}

// A workbook without cell formats reads, its numbers as their values.
func TestXLSXWithoutStyles(t *testing.T) {
	rows, _, err := sheetRows(t, withoutStyles(t, orders(t, false)), "")
	if err != nil || len(rows) != 4 || rows[1][3] != "37.53" {
		t.Errorf("got %q, %v", rows, err)
	}
}
