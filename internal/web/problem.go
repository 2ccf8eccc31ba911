package web

import (
	"encoding/json"
	"errors"
	"fmt"
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
	cause    error          // the error it stands for: a page says it in its own language
}

// ProblemField is one invalid field: of the request body (Pointer), or a query parameter
// (Parameter), as JSON:API's error source names either.
type ProblemField struct {
	Pointer   string `json:"pointer"`
	Detail    string `json:"detail"`
	Parameter string `json:"parameter,omitempty"`
}

// MarshalJSON writes a query parameter's field without a pointer: "" would point at a whole
// body the request does not have.
func (f ProblemField) MarshalJSON() ([]byte, error) {
	if f.Parameter != "" {
		return json.Marshal(struct {
			Parameter string `json:"parameter"`
			Detail    string `json:"detail"`
		}{f.Parameter, f.Detail})
	}
	type plain ProblemField
	return json.Marshal(plain(f))
}

// statusOf maps error codes to HTTP statuses, in one place.
var statusOf = map[string]int{
	cx.EINVALID:  http.StatusUnprocessableEntity,
	cx.ENOTFOUND: http.StatusNotFound,
	cx.ECONFLICT: http.StatusConflict,
	cx.EINTERNAL: http.StatusInternalServerError,
	// The request did nothing and may be sent again: SQLite is busy with another process's write.
	cx.EUNAVAILABLE: http.StatusServiceUnavailable,
}

func writeProblem(w http.ResponseWriter, r *http.Request, p Problem) {
	if p.Type == "" {
		p.Type = "about:blank"
	}
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	p.Instance = r.URL.Path
	writeEncoded(w, "application/problem+json", p.Status, p)
}

// fail answers with the problem an error stands for — an error page on a route that answers in
// HTML (errorpage.go) — internal errors are logged and not shown.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var rowErrs *importer.Errors
	if errors.As(err, &rowErrs) {
		s.problem(w, r, Problem{Status: http.StatusUnprocessableEntity, Detail: err.Error()})
		return
	}
	code := cx.ErrorCode(err)
	status := statusOf[code]
	if code == cx.EINTERNAL && r.Context().Err() != nil {
		// The request's time ran out (withTimeout; or its client left) and what it waited for
		// failed with it (a ClickHouse read reports its deadline as a network timeout): the same
		// 503 the timeout answers, whichever of the two is written first, not a fault of ours.
		s.problem(w, r, Problem{Status: http.StatusServiceUnavailable, Detail: timeoutDetail})
		return
	}
	if code == cx.EINTERNAL {
		s.log.ErrorContext(r.Context(), "request failed", slog.String("path", loggedPath(r)), slog.Any("error", err))
		s.problem(w, r, Problem{Status: status, Detail: "something went wrong on our side; it has been logged"})
		return
	}
	if e := (*cx.Error)(nil); errors.As(err, &e) && e.Cause != nil {
		// What failed underneath is for whoever runs the server; the person is told what it
		// means for them (the audit log refusing a change's line: store.ErrAuditNotWritten).
		s.log.WarnContext(r.Context(), "request refused", slog.String("path", loggedPath(r)), slog.Any("error", err),
			slog.Any("cause", e.Cause))
	}
	if retry := cx.RetryAfter(err); retry > 0 {
		setRetryAfter(w, retry)
	}
	s.problem(w, r, Problem{Status: status, Detail: err.Error(), cause: err})
}

func badRequest(w http.ResponseWriter, r *http.Request, detail string, fields ...ProblemField) {
	writeProblem(w, r, Problem{Status: http.StatusBadRequest, Detail: detail, Errors: fields})
}

// writeJSON answers v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	writeEncoded(w, "application/json", status, v)
}

// writeEncoded encodes v before it writes anything, so a value JSON cannot hold (NaN or an
// infinite figure) never goes out as an empty 200. Such a value is a bug: it panics, and the
// outer handler logs the error with the request and answers a 500 problem, as nothing has
// been sent yet.
func writeEncoded(w http.ResponseWriter, contentType string, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Errorf("web: the answer cannot be written as JSON: %w", err))
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}
