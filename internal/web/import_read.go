package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// Reading an uploaded file the way `klantpuls import` does: the same importer, the same
// messages (in the page's language), so the preview, the dry run and the import agree.

// readSheet is a reading of a file already opened as a sheet: Reader.ReadSheet or
// Mapped.ReadSheet.
type readSheet func(sh importer.Sheet, put func(cx.Record) error) (int, error)

// reading returns how a file is read as how says; rejects, when not nil, takes the refused rows.
func (s *Server) reading(how readAs, file string, rejects importer.Rejects, lang importer.Lang) readSheet {
	if how.Map != nil {
		md := &importer.Mapped{Map: how.Map, File: file, Config: s.app.Config, Lang: lang}
		if rejects != nil {
			md.Rejects = rejects
		}
		return md.ReadSheet
	}
	rd := &importer.Reader{Kind: how.Kind, File: file, Config: s.app.Config, Lang: lang}
	if rejects != nil {
		rd.Rejects = rejects
	}
	return rd.ReadSheet
}

// openSheet opens an uploaded file as a sheet: a workbook or delimited text, told by its
// content (importer.Open). r, when not nil, wraps the file (to count its bytes).
func openSheet(u *upload, lang importer.Lang, wrap func(io.Reader) io.Reader) (importer.SheetFile, func(), error) {
	f, err := os.Open(u.Path)
	if err != nil {
		return nil, nil, cx.Refuse(cx.ENOTFOUND, "", "not_found/upload", "this upload is no longer here: upload the file again")
	}
	var r io.Reader = f
	if wrap != nil {
		r = wrap(f)
	}
	sh := importer.Open(r, u.Name, "", lang)
	return sh, func() { sh.Close(); f.Close() }, nil
}

// header reads the first row of an uploaded file, to recognise its source.
func header(u *upload, lang importer.Lang) ([]string, error) {
	sh, done, err := openSheet(u, lang, nil)
	if err != nil {
		return nil, err
	}
	defer done()
	h, err := sh.Header()
	return slices.Clone(h), err
}

// readUpload reads an uploaded file as a named source (a kind, a preset, a saved mapping),
// storing nothing: put gets each valid record.
func (s *Server) readUpload(u *upload, source string, rejects importer.Rejects, lang importer.Lang, put func(cx.Record) error) (int, error) {
	how, err := s.resolve(context.Background(), source, "")
	if err != nil {
		return 0, err
	}
	return s.readUploadAs(u, how, rejects, lang, put)
}

// readUploadAs reads an uploaded file as how says, storing nothing: put gets each valid record.
func (s *Server) readUploadAs(u *upload, how readAs, rejects importer.Rejects, lang importer.Lang, put func(cx.Record) error) (int, error) {
	read := s.reading(how, u.Name, rejects, lang)
	sh, done, err := openSheet(u, lang, nil)
	if err != nil {
		return 0, err
	}
	defer done()
	return read(sh, put)
}

// countRejects counts refused rows and keeps none: the preview shows the good rows that follow
// a bad one.
type countRejects struct{ n int }

func (c *countRejects) Header([][]string, rune) error              { return nil }
func (c *countRejects) Reject([]string, []importer.RowError) error { c.n++; return nil }

// previewRows is how many records the preview shows.
const previewRows = 10

var errEnough = errors.New("enough rows for the preview")

// previewTable is the records of one kind in the preview, in canonical columns.
type previewTable struct {
	Kind    cx.Kind
	Columns []string
	Rows    [][]string
}

// preview reads the first previewRows records of the file as klantpuls will store them.
func (s *Server) preview(u *upload, how readAs, lang importer.Lang) ([]previewTable, error) {
	var recs []cx.Record
	_, err := s.readUploadAs(u, how, &countRejects{}, lang, func(rec cx.Record) error {
		recs = append(recs, rec)
		if len(recs) == previewRows {
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, err
	}
	return s.previewTables(recs), nil
}

// previewTables lays records out in their kinds' canonical columns, values as klantpuls reads
// them (times in the account's zone); columns empty in every row are left out.
func (s *Server) previewTables(recs []cx.Record) []previewTable {
	var tables []previewTable
	byKind := map[cx.Kind]int{}
	for _, rec := range recs {
		kind := rec.RecordKind()
		i, ok := byKind[kind]
		if !ok {
			i = len(tables)
			byKind[kind] = i
			tables = append(tables, previewTable{Kind: kind})
		}
		// The file's values; the import completes the stored record with them, or skips them
		// for a later version stored.
		rec = cx.Plain(rec)
		b, _ := json.Marshal(rec)
		var fields map[string]any
		json.Unmarshal(b, &fields)
		var row []string
		for _, c := range importer.Columns(kind) {
			row = append(row, s.previewValue(fields[c.Name]))
		}
		tables[i].Rows = append(tables[i].Rows, row)
	}
	for i := range tables {
		cols := importer.Columns(tables[i].Kind)
		var keep []int
		for c := range cols {
			for _, row := range tables[i].Rows {
				if row[c] != "" {
					keep = append(keep, c)
					break
				}
			}
		}
		for _, c := range keep {
			tables[i].Columns = append(tables[i].Columns, cols[c].Name)
		}
		for r, row := range tables[i].Rows {
			kept := make([]string, len(keep))
			for j, c := range keep {
				kept[j] = row[c]
			}
			tables[i].Rows[r] = kept
		}
	}
	return tables
}

func (s *Server) previewValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return t.In(s.app.Config.Timezone).Format("2006-01-02 15:04:05 -0700")
		}
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return fmt.Sprint(v)
}

// dryRunTime bounds a dry run: it answers a page request, which has handlerTimeout.
const dryRunTime = 20 * time.Second

// dryRun is a whole reading of the file that stores nothing.
type dryRun struct {
	Rows     int             // data rows read
	Records  map[cx.Kind]int // valid records per kind
	Errors   []string        // FILE:LINE: column: reason, the first importer.MaxErrors
	Total    int             // errors in all
	Complete bool            // false when it stopped at dryRunTime
	Failed   string          // the file could not be read at all
}

// check reads the whole file as the import will, within dryRunTime, and lists its errors.
func (s *Server) check(ctx context.Context, u *upload, how readAs, lang importer.Lang) (*dryRun, error) {
	ctx, cancel := context.WithTimeout(ctx, dryRunTime)
	defer cancel()
	dr := &dryRun{Records: map[cx.Kind]int{}, Complete: true}
	n := 0
	rows, err := s.readUploadAs(u, how, nil, lang, func(rec cx.Record) error {
		dr.Records[rec.RecordKind()]++
		if n++; n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		return nil
	})
	dr.Rows = rows
	var errs *importer.Errors
	switch {
	case errors.As(err, &errs):
		dr.Total = errs.Total
		for _, e := range errs.List {
			dr.Errors = append(dr.Errors, e.Error())
		}
	case errors.Is(err, context.DeadlineExceeded):
		dr.Complete = false
	case err != nil:
		dr.Failed = err.Error()
	}
	return dr, nil
}

// checked is the dry run of the file as how reads it: the one made before when it was complete
// (the file and the configuration do not change while it waits), else a new one.
func (s *Server) checked(ctx context.Context, u *upload, how readAs, lang importer.Lang) (*dryRun, error) {
	f, key := s.importFiles, how.key()+" "+string(lang)
	f.mu.Lock()
	dr := u.checks[key]
	f.mu.Unlock()
	if dr != nil {
		return dr, nil
	}
	dr, err := s.check(ctx, u, how, lang)
	if err == nil && dr.Complete && ctx.Err() == nil { // not one its request's end cut short
		f.mu.Lock()
		if u.checks == nil {
			u.checks = map[string]*dryRun{}
		}
		u.checks[key] = dr
		f.mu.Unlock()
	}
	return dr, err
}

// importProgress is an import running on this node, as its page shows it.
type importProgress struct {
	size  int64
	bytes atomic.Int64 // of the file read so far
	rows  atomic.Int64 // records handed to the store so far
	// ended: the file is read and committed or refused; what is left is writing down how it
	// ended. Another import may start from then on: the history may say "done" before the
	// run lets go of its place, and a user who starts the next file then is not told one runs.
	ended atomic.Bool
}

// percent is how far the reading is, 0..100; the commit after it is the last step.
func (p *importProgress) percent() int {
	if p.size <= 0 {
		return 0
	}
	return int(min(100, p.bytes.Load()*100/p.size))
}

// counting counts the bytes read through it into n.
type counting struct {
	r io.Reader
	n *atomic.Int64
}

func (c counting) Read(b []byte) (int, error) {
	k, err := c.r.Read(b)
	c.n.Add(int64(k))
	return k, err
}
