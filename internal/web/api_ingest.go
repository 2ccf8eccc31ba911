package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
)

// maxProblems is how many invalid fields one answer lists, as the CSV import lists rows.
const maxProblems = 100

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
		objects, single, err := splitBody(body)
		if err != nil {
			badRequest(w, r, err.Error())
			return
		}
		if len(objects) > MaxBatch {
			writeProblem(w, r, Problem{Status: http.StatusRequestEntityTooLarge,
				Detail: fmt.Sprintf("%d records in one batch; at most %d", len(objects), MaxBatch)})
			return
		}
		recs, problems := s.parseRecords(kind, objects, single)
		if len(problems) > 0 {
			detail := fmt.Sprintf("%d invalid fields; nothing was stored", len(problems))
			if len(problems) > maxProblems {
				detail = fmt.Sprintf("%d invalid fields (the first %d listed); nothing was stored", len(problems), maxProblems)
				problems = problems[:maxProblems]
			}
			writeProblem(w, r, Problem{Status: http.StatusUnprocessableEntity, Title: "Invalid records", Detail: detail, Errors: problems})
			return
		}
		res, err := s.app.Ingest(r.Context(), recs)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.metrics.ingested.WithLabelValues(string(kind)).Add(float64(len(recs)))
		writeJSON(w, http.StatusOK, map[string]int{"records": len(recs), "written": res.Written})
	}
}

// readBody reads a request body within the size limit; on a problem it answers (413 when too
// large) and returns false.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeProblem(w, r, Problem{Status: http.StatusRequestEntityTooLarge,
				Detail: fmt.Sprintf("the body is larger than %d bytes; send smaller batches", tooBig.Limit)})
			return nil, false
		}
		badRequest(w, r, "could not read the body")
		return nil, false
	}
	return body, true
}

// splitBody returns the members of each object in the body: one object, or an array of them.
func splitBody(body []byte) (objects []map[string]json.RawMessage, single bool, err error) {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return nil, false, errors.New("the body is empty: send a JSON object or an array of objects")
	case trimmed[0] == '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(trimmed, &obj); err != nil {
			return nil, false, fmt.Errorf("the body is not valid JSON: %v", err)
		}
		return []map[string]json.RawMessage{obj}, true, nil
	case trimmed[0] == '[':
		if err := json.Unmarshal(trimmed, &objects); err != nil {
			return nil, false, fmt.Errorf("the body is not a JSON array of objects: %v", err)
		}
		if len(objects) == 0 {
			return nil, false, errors.New("the array is empty")
		}
		return objects, false, nil
	}
	return nil, false, errors.New("send a JSON object or an array of objects")
}

// parseRecords checks every object; problems point into the body (RFC 6901).
func (s *Server) parseRecords(kind cx.Kind, objects []map[string]json.RawMessage, single bool) ([]cx.Record, []ProblemField) {
	var recs []cx.Record
	var problems []ProblemField
	seen := map[string]int{}
	for i, obj := range objects {
		prefix := ""
		if !single {
			prefix = "/" + strconv.Itoa(i)
		}
		if obj == nil {
			problems = append(problems, ProblemField{Pointer: prefix, Detail: "not a JSON object"})
			continue
		}
		names, values, errs := flatten(obj)
		flagged := map[string]bool{}
		for _, e := range errs {
			flagged[strings.ToLower(e.Field)] = true
			problems = append(problems, ProblemField{Pointer: prefix + "/" + pointerEscape(e.Field), Detail: e.Reason})
		}
		rec, fieldErrs := importer.ParseValues(kind, s.app.Config, names, values)
		for _, e := range fieldErrs {
			if flagged[e.Field] {
				continue // already reported as not a value
			}
			// Point at the member as the client spelled it (fields match case-insensitively).
			field := e.Field
			for _, n := range names {
				if strings.EqualFold(n, field) {
					field = n
					break
				}
			}
			problems = append(problems, ProblemField{Pointer: prefix + "/" + pointerEscape(field), Detail: e.Reason})
		}
		if rec == nil || len(errs) > 0 {
			continue
		}
		if first, dup := seen[rec.Key()]; dup {
			problems = append(problems, ProblemField{Pointer: prefix, Detail: fmt.Sprintf("duplicate key %q (first at /%d)", rec.Key(), first)})
			continue
		}
		seen[rec.Key()] = i
		recs = append(recs, rec)
	}
	return recs, problems
}

// flatten turns an object's members into names and text values as an import file's cells would
// hold them: strings as they are, numbers as written, booleans as true/false, null as empty.
// Members of a nested "attrs" object become attributes.
func flatten(obj map[string]json.RawMessage) (names, values []string, errs []importer.FieldError) {
	add := func(name string, raw json.RawMessage) {
		v, err := cellOf(raw)
		if err != nil {
			errs = append(errs, importer.FieldError{Field: name, Reason: err.Error()})
			return
		}
		names, values = append(names, name), append(values, v)
	}
	// Members in name order, so problems are listed the same way every time.
	for _, name := range slices.Sorted(maps.Keys(obj)) {
		raw := obj[name]
		if name != "attrs" {
			add(name, raw)
			continue
		}
		var attrs map[string]json.RawMessage
		if err := json.Unmarshal(raw, &attrs); err != nil {
			errs = append(errs, importer.FieldError{Field: name, Reason: "must be an object of attribute names and values"})
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(attrs)) {
			v := attrs[k]
			if _, clash := obj[k]; clash {
				errs = append(errs, importer.FieldError{Field: "attrs/" + k, Reason: "also given as a field"})
				continue
			}
			add(k, v)
		}
	}
	return names, values, errs
}

func cellOf(raw json.RawMessage) (string, error) {
	t := bytes.TrimSpace(raw)
	switch {
	case len(t) == 0 || string(t) == "null":
		return "", nil
	case t[0] == '"':
		var s string
		err := json.Unmarshal(t, &s)
		return s, err
	case t[0] == '{' || t[0] == '[':
		return "", errors.New("must be a string, a number or a boolean")
	}
	return string(t), nil // a number or true/false, as written
}

// pointerEscape escapes a member name for a JSON pointer (RFC 6901).
func pointerEscape(s string) string {
	var b bytes.Buffer
	for _, c := range s {
		switch c {
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}
