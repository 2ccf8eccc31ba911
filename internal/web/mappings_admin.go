package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// Saved mappings, for admins: the column form's mapping saved by name (POST /mappings), the
// list with each one's file and a way to delete it (GET /mappings, POST
// /mappings/{name}/delete). A saved mapping recognises later files by their header, as a
// preset does, and klantpuls import --mapping NAME reads by it on the command line.

// mappingRow is one saved mapping as the list shows it.
type mappingRow struct {
	cx.SavedMapping
	When      string
	Title     string
	Kinds     string
	Recognise []string
	Problem   string // it no longer parses
}

// mappingsPage lists the saved mappings.
func (s *Server) mappingsPage(w http.ResponseWriter, r *http.Request) {
	d, ip := s.newImportDash(r, "nav_mappings")
	saved, err := s.app.Mappings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, sm := range saved {
		row := mappingRow{SavedMapping: sm, When: s.dateTime(r, sm.Saved)}
		if m, err := mapping.ParseSaved(sm.Name, sm.Text); err != nil {
			row.Problem = err.Error()
		} else {
			var kinds []string
			for _, k := range m.Kinds() {
				kinds = append(kinds, d.kindLabel(k))
			}
			row.Title, row.Kinds, row.Recognise = m.Title, strings.Join(kinds, ", "), m.Recognise
		}
		ip.Mappings = append(ip.Mappings, row)
	}
	s.renderDash(w, r, "mappings", d)
}

// mappingSave saves a mapping file by name, replacing one of that name. The text comes from a
// form: it is bounded and parsed whole (mapping.ParseSaved) before it is kept. From an upload's
// page, the page is shown again with the file read by the mapping saved.
func (s *Server) mappingSave(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	// A browser sends a textarea's lines ended by CRLF; the file keeps them as a person writes them.
	text := strings.ReplaceAll(r.PostFormValue("mapping"), "\r\n", "\n")
	m, err := mapping.ParseSaved(name, text)
	if err != nil {
		s.fail(w, r, cx.Errorf(cx.EINVALID, "%v", err))
		return
	}
	pr := principalOf(r)
	saved := cx.SavedMapping{Name: name, Text: text, Saved: s.now(), UserID: pr.user.ID, Actor: pr.user.Email}
	err = s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		replaced, err := s.app.SaveMapping(ctx, &saved)
		if err != nil {
			return nil, err
		}
		how := "mapping_saved"
		if replaced {
			how = "mapping_replaced"
		}
		return line(cx.AuditMappingSave, "mapping "+name, cx.Phrase(how, m.Title), cx.Phrase("recognised_by", strings.Join(m.Recognise, ", "))), nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to := "/mappings"
	if u, err := s.importFiles.get(r.PostFormValue("upload"), pr.user.ID, s.now()); err == nil {
		to = "/import/" + u.ID + "?" + url.Values{"source": {app.SavedSource + name}}.Encode()
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// mappingDelete deletes a saved mapping; imports made with it keep its name in the history.
func (s *Server) mappingDelete(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	err := s.audited(r, func(ctx context.Context) ([]cx.AuditEntry, error) {
		return line(cx.AuditMappingDelete, "mapping "+name), s.app.DeleteMapping(ctx, name)
	})
	if err != nil {
		s.fail(w, r, missing(err, "mapping", name))
		return
	}
	http.Redirect(w, r, "/mappings", http.StatusSeeOther)
}
