package web

import (
	"errors"
	"mime"
	"net/http"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/ingest"
)

// mergePatchType is the media type of a JSON merge patch (RFC 7396 section 4).
const mergePatchType = "application/merge-patch+json"

// patchRecord changes some fields of one stored record of kind and keeps the others: the body is
// a JSON merge patch (RFC 7396) in the field names of a record sent whole, and the record it
// makes is checked with exactly those rules. It answers 200 with the record as stored, 404 when
// there is none (a patch is no way to create one), 422 listing invalid fields, 415 for a body
// that is not JSON, 503 when its line in the audit log (record_patch, app.Patch) cannot be
// stored, and the record is then as it was. A review is named by its id and ?criterion=.
func (s *Server) patchRecord(kind cx.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != mergePatchType && mt != "application/json" {
			w.Header().Set("Accept-Patch", mergePatchType) // RFC 5789 section 3.1
			writeSaid(w, r, http.StatusUnsupportedMediaType, "api_patch_type", mergePatchType)
			return
		}
		id, ok := recordKey(w, r, kind)
		if !ok {
			return
		}
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		rec, err := s.app.Patch(s.acting(r), cx.Patch{Of: kind, ID: id, Doc: body, Lang: string(apiLanguage(r))})
		var refused *ingest.Error
		switch {
		case errors.As(err, &refused):
			writeRefusal(w, r, err)
		case err != nil:
			s.fail(w, r, err)
		default:
			s.metrics.ingested.WithLabelValues(string(kind)).Inc() // a record accepted, as a POST's are
			writeJSON(w, http.StatusOK, rec)
		}
	}
}
