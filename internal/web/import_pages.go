package web

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// The browser import, for admins: upload a file (POST /import), see it read (GET /import/{id}:
// the source recognised or chosen, a preview, a dry run), start it (POST /import/{id}/start),
// follow it (GET /imports/{id}, polling GET /imports/{id}/status) and find it in the history
// (GET /imports) with its rejects file (GET /imports/{id}/rejects).

// importPage is what the import pages show.
type importPage struct {
	MaxMB    int
	Sources  []sourceOption
	Upload   *upload
	Source   string // how the file is read; "" when neither recognised nor chosen
	Chosen   bool   // the admin chose it (else it was recognised from the header)
	Preview  []previewTable
	Check    *dryRun
	Problem  string       // the file cannot be read as Source
	Columns  *columnsForm // the column form, when Source is columnsSource
	Mappings []mappingRow // the saved mappings
	History  []historyRow
	Older    string
	Run      *historyRow
	Progress int // percent of the file read, while it runs here
}

type historyRow struct {
	cx.ImportRun
	When, Took string
	Download   bool // the rejects file is on this server, for download
}

func (s *Server) newImportDash(r *http.Request, titleKey string) (*dashPage, *importPage) {
	d := s.newDash(r, titleKey, "/import")
	d.NoPeriod = true
	ip := &importPage{MaxMB: MaxUpload >> 20}
	d.Import = ip
	return d, ip
}

func (d *dashPage) kindLabel(k cx.Kind) string {
	if l := d.T("kind_" + string(k)); l != "" {
		return l
	}
	return string(k)
}

// importForm shows the upload form.
func (s *Server) importForm(w http.ResponseWriter, r *http.Request) {
	d, ip := s.newImportDash(r, "nav_import")
	saved, err := s.savedMappings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ip.Sources = sourceOptions("", saved, d)
	s.renderDash(w, r, "import", d)
}

// importUpload receives a file and shows how it will be read.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) {
	// A large file takes longer than the server's read timeout for a request: this one may.
	http.NewResponseController(w).SetReadDeadline(time.Now().Add(time.Hour))
	u, err := s.importFiles.receive(r, principalOf(r).user.ID, s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.knownSource(r.Context(), u.Source) {
		u.Source = ""
		saved, err := s.savedMappings(r.Context())
		if err != nil {
			s.importFiles.discard(u)
			s.fail(w, r, err)
			return
		}
		if h, err := header(u, importer.Lang(language(r))); err == nil {
			u.Source = recognise(h, saved)
		}
	}
	s.importFiles.keep(u, s.now())
	http.Redirect(w, r, "/import/"+u.ID, http.StatusSeeOther)
}

// importFilePage shows an uploaded file read as its source: a preview and a dry run; with the
// column form (columnsSource), the form too, the file read as it says. It stores nothing: the
// import starts only from the form it shows.
func (s *Server) importFilePage(w http.ResponseWriter, r *http.Request) {
	d, ip := s.newImportDash(r, "import_check")
	u, err := s.importFiles.get(r.PathValue("id"), principalOf(r).user.ID, s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx, lang := r.Context(), importer.Lang(d.Lang)
	ip.Upload, ip.Source = u, u.Source
	if c := r.URL.Query().Get("source"); c != "" {
		if !s.knownSource(ctx, c) {
			s.fail(w, r, cx.Errorf(cx.EINVALID, "source: %q is neither a preset, a saved mapping nor a kind of klantpuls file", c))
			return
		}
		ip.Source, ip.Chosen = c, true
	}
	saved, err := s.savedMappings(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ip.Sources = sourceOptions(ip.Source, saved, d)
	text := ""
	if ip.Source == columnsSource {
		h, err := header(u, lang)
		if err != nil {
			ip.Problem = err.Error()
			s.renderDash(w, r, "import", d)
			return
		}
		ip.Columns = s.readColumnsForm(r.URL.Query(), h, u.Name, d)
		if text = ip.Columns.Text; text == "" { // not complete yet: nothing to read the file by
			s.renderDash(w, r, "import", d)
			return
		}
	}
	if ip.Source != "" {
		if how, err := s.resolve(ctx, ip.Source, text); err != nil {
			ip.Problem = err.Error()
		} else if ip.Preview, err = s.preview(u, how, lang); err != nil {
			ip.Problem = err.Error()
		} else if ip.Check, err = s.checked(ctx, u, how, lang); err != nil {
			ip.Problem = err.Error()
		}
	}
	s.renderDash(w, r, "import", d)
}

// importStart starts the import of an uploaded file; the column form's mapping comes with it.
func (s *Server) importStart(w http.ResponseWriter, r *http.Request) {
	u, err := s.importFiles.get(r.PathValue("id"), principalOf(r).user.ID, s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	how, err := s.resolve(r.Context(), r.PostFormValue("source"), r.PostFormValue("mapping"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	run, err := s.startImport(r, u, how, r.PostFormValue("skip_invalid") == "on", importer.Lang(language(r)))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/imports/"+strconv.FormatInt(run.ID, 10), http.StatusSeeOther)
}

// importHistoryRows is how many runs the history shows at a time.
const importHistoryRows = 50

// importsPage is the import history, newest first.
func (s *Server) importsPage(w http.ResponseWriter, r *http.Request) {
	d, ip := s.newImportDash(r, "nav_imports")
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	runs, err := s.app.ImportHistory(r.Context(), before, importHistoryRows)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, run := range runs {
		ip.History = append(ip.History, s.historyRow(r, run))
	}
	if len(runs) == importHistoryRows {
		ip.Older = "/imports?" + url.Values{"before": {strconv.FormatInt(runs[len(runs)-1].ID, 10)}}.Encode()
	}
	s.renderDash(w, r, "imports", d)
}

// importRunPage shows one import: its progress while it runs, what came of it after.
func (s *Server) importRunPage(w http.ResponseWriter, r *http.Request) {
	d, ip := s.newImportDash(r, "import_run")
	run, ok := s.readRun(w, r)
	if !ok {
		return
	}
	row := s.historyRow(r, *run)
	ip.Run = &row
	if p := s.importFiles.progressOf(run.ID); p != nil && run.Status == cx.ImportRunning { // see importStatus
		ip.Progress = p.percent()
		ip.Run.Rows = int(p.rows.Load())
	}
	s.renderDash(w, r, "imports", d)
}

// importStatus answers the progress of one import as JSON, for its page to poll.
func (s *Server) importStatus(w http.ResponseWriter, r *http.Request) {
	run, ok := s.readRun(w, r)
	if !ok {
		return
	}
	out := map[string]any{"id": run.ID, "status": run.Status, "rows": run.Rows, "written": run.Written,
		"replaced": run.Replaced, "deleted": run.Deleted, "refused": run.Refused, "error": importSaid(language(r), *run)}
	// The progress only while the history says running: a run that has ended is written to
	// the history a moment before it leaves the running ones, and then its counts are final.
	if p := s.importFiles.progressOf(run.ID); p != nil && run.Status == cx.ImportRunning {
		out["percent"], out["rows"] = p.percent(), p.rows.Load()
	} else if run.Status != cx.ImportRunning {
		out["percent"] = 100
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
}

// importRejects sends the rejects file of an import made in the browser, as an attachment:
// its cells were made safe for spreadsheets when it was written (cx.FormulaSafe).
func (s *Server) importRejects(w http.ResponseWriter, r *http.Request) {
	run, ok := s.readRun(w, r)
	if !ok {
		return
	}
	if !s.importFiles.holds(run.Rejects) {
		s.fail(w, r, cx.Refuse(cx.ENOTFOUND, "", "not_found/rejects", "this import has no rejects file on this server"))
		return
	}
	f, err := os.Open(run.Rejects)
	if err != nil {
		s.fail(w, r, cx.Refuse(cx.ENOTFOUND, "", "not_found/rejects", "the rejects file of this import is gone"))
		return
	}
	defer f.Close()
	name := strings.TrimSuffix(run.File, filepath.Ext(run.File)) + ".rejects.csv"
	attach(w, "text/csv; charset=utf-8", name)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, f)
}

// readRun reads the import named by the path; on a problem it answers and returns false.
func (s *Server) readRun(w http.ResponseWriter, r *http.Request) (*cx.ImportRun, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		s.fail(w, r, missing(cx.Errorf(cx.ENOTFOUND, "no import %q", r.PathValue("id")), "import", r.PathValue("id")))
		return nil, false
	}
	run, err := s.app.ImportRun(r.Context(), id)
	if err != nil {
		s.fail(w, r, missing(err, "import", id))
		return nil, false
	}
	return run, true
}

func (s *Server) historyRow(r *http.Request, run cx.ImportRun) historyRow {
	row := historyRow{ImportRun: run, When: s.stamp(r, run.Started)}
	row.Error = importSaid(language(r), run) // what the page shows of how it ended
	if !run.Finished.IsZero() {
		row.Took = run.Finished.Sub(run.Started).Round(time.Second).String()
	}
	row.Download = run.Rejects != "" && s.importFiles.holds(run.Rejects)
	return row
}

// holds tells whether path is a file in the import directory: only those are sent, whatever a
// history row names (the command line's rejects files stay where they were written).
func (f *importFiles) holds(path string) bool {
	if path == "" {
		return false
	}
	rel, err := filepath.Rel(f.dir, path)
	return err == nil && !strings.HasPrefix(rel, "..") && !filepath.IsAbs(rel)
}
