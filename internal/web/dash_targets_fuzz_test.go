package web

import (
	"net/url"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// FuzzTargetsForm: whatever the Doelen form sends, it is refused with EINVALID or read as
// targets of the form's own fields, and the changes it writes are those its user made: a field
// sent as it showed (was.<key>) is none, a field sent without saying what it showed is one, and
// a field whose number differs from what it showed is never dropped.
func FuzzTargetsForm(f *testing.F) {
	f.Add("en", "target.csat", "80", "80", true, "")
	f.Add("nl", "target.csat", "80,5", "80", true, "")
	f.Add("nl", "sla.support", " 8 ", "8", true, "")
	f.Add("en", "sla.support", "0", "", false, "")
	f.Add("en", "target.csat", "", "70", true, "target.nope")
	f.Add("nl", "target.nps", "1.000", "1000", true, "")
	f.Add("en", "target.csat", "a\r\nb", "a\nb", true, "")
	f.Fuzz(func(t *testing.T, lang, key, typed, was string, sayWas bool, extra string) {
		labels := map[string]string{"target.csat": "CSAT", "target.nps": "NPS", "sla.support": "SLA support"}
		form := url.Values{key: {typed}}
		if sayWas {
			form.Set("was."+key, was)
		}
		if extra != "" {
			form.Set(extra, "1")
		}
		got, err := readTargetsForm(form, lang, labels)
		if err != nil {
			if code := cx.ErrorCode(err); code != cx.EINVALID {
				t.Fatalf("refused with %s, want %s: %v", code, cx.EINVALID, err)
			}
			return
		}
		for k, v := range got.values {
			if labels[k] == "" {
				t.Errorf("read %q = %q, no field of the form", k, v)
			}
		}
		for k, v := range got.changes {
			if got.values[k] != v {
				t.Errorf("change %s = %q, read as %q", k, v, got.values[k])
			}
		}
		val, read := got.values[key]
		if !read {
			return
		}
		_, changed := got.changes[key]
		switch {
		case !sayWas && !changed:
			t.Errorf("%s = %q sent without what it showed, not written", key, typed)
		case sayWas && was == typed && changed:
			t.Errorf("%s sent as it showed (%q), written", key, typed)
		case sayWas && got.shown[key] != was:
			t.Errorf("%s showed %q, read as %q", key, was, got.shown[key])
		}
		if shownVal, err := targetValue(lang, key, labels[key], was); sayWas && err == nil && shownVal != val && !changed {
			t.Errorf("%s changed from %q to %q on the form, not written", key, was, typed)
		}
	})
}
