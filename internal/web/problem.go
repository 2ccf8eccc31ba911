package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// Problem is an RFC 9457 problem details object. Errors lists each invalid field with a JSON
// pointer into the request body (an extension member, as RFC 9457 section 3.2 allows).
type Problem struct {
	Type     string         `json:"type"`
	Title    string         `json:"title"`
	Status   int            `json:"status"`
	Detail   string         `json:"detail,omitempty"`
	Instance string         `json:"instance,omitempty"`
	Errors   []ProblemField `json:"errors,omitempty"`
}

// ProblemField is one invalid field.
type ProblemField struct {
	Pointer string `json:"pointer"`
	Detail  string `json:"detail"`
}

// statusOf maps error codes to HTTP statuses, in one place.
var statusOf = map[string]int{
	cx.EINVALID:  http.StatusUnprocessableEntity,
	cx.ENOTFOUND: http.StatusNotFound,
	cx.ECONFLICT: http.StatusConflict,
	cx.EINTERNAL: http.StatusInternalServerError,
}

func writeProblem(w http.ResponseWriter, r *http.Request, p Problem) {
	if p.Type == "" {
		p.Type = "about:blank"
	}
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	p.Instance = r.URL.Path
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

// fail answers with the problem an error stands for; internal errors are logged and not shown.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var rowErrs *importer.Errors
	if errors.As(err, &rowErrs) {
		writeProblem(w, r, Problem{Status: http.StatusUnprocessableEntity, Detail: err.Error()})
		return
	}
	code := cx.ErrorCode(err)
	status := statusOf[code]
	if code == cx.EINTERNAL {
		s.log.ErrorContext(r.Context(), "request failed", slog.String("path", r.URL.Path), slog.Any("error", err))
		writeProblem(w, r, Problem{Status: status, Detail: "something went wrong on our side; it has been logged"})
		return
	}
	writeProblem(w, r, Problem{Status: status, Detail: err.Error()})
}

func badRequest(w http.ResponseWriter, r *http.Request, detail string, fields ...ProblemField) {
	writeProblem(w, r, Problem{Status: http.StatusBadRequest, Detail: detail, Errors: fields})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
