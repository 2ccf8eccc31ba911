package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/ingest"
)

// ingest accepts one record (a JSON object) or a batch (an array of up to MaxBatch objects) of
// a kind. Each record is checked with exactly the rules of a row of an import file (same field
// names, formats and checks; unknown members kept as attributes). Any invalid field refuses the
// whole request, listing the fields; otherwise everything is committed in one transaction and
// then applied to the engine: a 200 means committed and visible in the next report.
func (s *Server) ingest(kind cx.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		recs, err := ingest.ReadIn(apiLanguage(r), kind, s.app.Config, body)
		if err != nil {
			writeRefusal(w, r, err)
			return
		}
		res, err := s.app.Write(r.Context(), recs, nil)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.metrics.ingested.WithLabelValues(string(kind)).Add(float64(len(recs)))
		// forgotten: records of erased customers, stored under a pseudonym without their text.
		writeJSON(w, http.StatusOK, map[string]int{"records": len(recs), "written": res.Written, "forgotten": res.Forgotten})
	}
}

// apiLanguage is the language the API words a refusal of records in: the first of Dutch and
// English the request's Accept-Language names, else English. Unlike a page's (language), the
// default is English: a program that sends no Accept-Language is mostly a script or a tool's
// connector, whose log an engineer reads, and the API's other answers are English (README).
func apiLanguage(r *http.Request) ingest.Lang {
	if l, ok := acceptedLanguage(r.Header.Get("Accept-Language")); ok {
		return ingest.Lang(l)
	}
	return ingest.English
}

// writeRefusal answers a body ingest refused (refusalProblem), said in the request's language
// (apiLanguage), which a cache must then tell apart.
func writeRefusal(w http.ResponseWriter, r *http.Request, err error) {
	varyByLanguage(w)
	writeProblem(w, r, refusalProblem(err))
}

// refusalProblem is the answer to a body ingest.Read refused: 400 when it is not an object or
// an array of objects, 413 for too many records, 422 listing every invalid field. Its detail
// and each field's are ingest's words, in the language it read in; the title names the kind
// of problem, and stays as it is in every language, for a program to tell problems apart.
func refusalProblem(err error) Problem {
	var refused *ingest.Error
	if !errors.As(err, &refused) {
		return Problem{Status: http.StatusBadRequest, Detail: err.Error()}
	}
	switch refused.Reason {
	case ingest.TooMany:
		return Problem{Status: http.StatusRequestEntityTooLarge, Detail: refused.Detail}
	case ingest.InvalidFields:
		return Problem{Status: http.StatusUnprocessableEntity, Title: "Invalid records", Detail: refused.Detail,
			Errors: problemFields(refused.Fields)}
	}
	return Problem{Status: http.StatusBadRequest, Detail: refused.Detail}
}

// problemFields are the invalid fields of a body as a problem lists them.
func problemFields(fields []ingest.Field) []ProblemField {
	var out []ProblemField
	for _, f := range fields {
		out = append(out, ProblemField{Pointer: f.Pointer, Detail: f.Detail})
	}
	return out
}

// readBody reads a request body within the size limit (limitBody), for every API route that
// takes one (decodeJSON too); on a problem it answers (413 naming the limit when too large, 415
// when compressed: plainBody, 400 when it could not be read) and returns false. A byte order
// mark before it is dropped.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if !plainBody(w, r) {
		return nil, false
	}
	body, err := io.ReadAll(r.Body)
	body = bytes.TrimPrefix(body, byteOrderMark)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeSaid(w, r, http.StatusRequestEntityTooLarge, "api_body_too_large", tooBig.Limit)
			return nil, false
		}
		badRequest(w, r, "could not read the body")
		return nil, false
	}
	return body, true
}

// plainBody answers 415 for a body sent compressed (a Content-Encoding other than identity),
// which net/http does not undo, and returns false; read as JSON it was "no JSON object".
func plainBody(w http.ResponseWriter, r *http.Request) bool {
	if coding := r.Header.Get("Content-Encoding"); coding != "" && !strings.EqualFold(coding, "identity") {
		writeSaid(w, r, http.StatusUnsupportedMediaType, "api_compressed", coding)
		return false
	}
	return true
}

// byteOrderMark before a JSON body is dropped, as RFC 8259 section 8.1 lets a parser do:
// Windows PowerShell 5.1 writes one before a file's text.
var byteOrderMark = []byte("\ufeff")
