package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// A source is how a file is read, written as the page's form writes it: a canonical kind
// ("tickets"), a preset (app.PresetSource and its name), a mapping saved by name
// (app.SavedSource and its name), or columnsSource, the columns mapped in the page's own form,
// whose mapping file travels with the form.
const columnsSource = "columns"

// formHistorySource is how the import history names a file read by the page's column form
// without saving it: a mapping file, as the command line's --map FILE is "map:FILE".
const formHistorySource = "map:browser"

// readAs is a source resolved: how a file is read.
type readAs struct {
	Source string       // as the form writes it
	Kind   cx.Kind      // of a canonical file
	Map    *mapping.Map // of another tool's export; nil for a canonical file
	Text   string       // the mapping file of a saved or form mapping, which may change
}

// history is how the import history names the source.
func (h readAs) history() string {
	if h.Source == columnsSource {
		return formHistorySource
	}
	return h.Source
}

// key tells readings apart, for the dry runs kept: the same source name with another mapping
// text (a mapping saved again, the form changed) is another reading.
func (h readAs) key() string {
	if h.Text == "" {
		return h.Source
	}
	sum := sha256.Sum256([]byte(h.Text))
	return h.Source + " " + hex.EncodeToString(sum[:8])
}

// resolve finds how source reads a file; text is the column form's mapping file (columnsSource
// only). A source that names nothing is cx.EINVALID, a saved mapping that is gone cx.ENOTFOUND.
func (s *Server) resolve(ctx context.Context, source, text string) (readAs, error) {
	how := readAs{Source: source}
	var err error
	switch {
	case strings.HasPrefix(source, app.PresetSource):
		how.Map, err = mapping.Preset(strings.TrimPrefix(source, app.PresetSource))
	case strings.HasPrefix(source, app.SavedSource):
		name := strings.TrimPrefix(source, app.SavedSource)
		saved, lerr := s.app.Mapping(ctx, name)
		if lerr != nil {
			return how, lerr
		}
		how.Text = saved.Text
		how.Map, err = mapping.ParseSaved(name, saved.Text)
	case source == columnsSource:
		how.Text = text
		how.Map, err = mapping.ParseBounded("mapping", text)
	default:
		how.Kind, err = cx.ParseKind(source)
		if err != nil {
			return how, cx.Errorf(cx.EINVALID, "source: %q is neither a preset, a saved mapping nor a kind of klantpuls file", source)
		}
	}
	if err != nil && cx.ErrorCode(err) == cx.EINTERNAL {
		err = cx.Errorf(cx.EINVALID, "%v", err)
	}
	return how, err
}

// knownSource tells whether a form may name source: as resolve reads it, or columnsSource,
// which the page's column form then fills in.
func (s *Server) knownSource(ctx context.Context, source string) bool {
	if source == columnsSource {
		return true
	}
	_, err := s.resolve(ctx, source, "")
	return err == nil
}

// savedMappings reads the saved mappings, parsed. One that no longer parses (saved by an older
// version whose format was looser) is left out and logged: it can still be deleted.
func (s *Server) savedMappings(ctx context.Context) ([]*mapping.Map, error) {
	saved, err := s.app.Mappings(ctx)
	if err != nil {
		return nil, err
	}
	var out []*mapping.Map
	for _, sm := range saved {
		m, err := mapping.ParseSaved(sm.Name, sm.Text)
		if err != nil {
			s.log.WarnContext(ctx, "a saved mapping does not parse", "mapping", sm.Name, "error", err)
			continue
		}
		out = append(out, m)
	}
	return out, nil
}

// sourceOption is a source the page offers.
type sourceOption struct {
	Value, Label string
	Selected     bool
}

// sourceOptions lists every source: the presets, the saved mappings, the canonical kinds and
// the column form.
func sourceOptions(selected string, saved []*mapping.Map, d *dashPage) []sourceOption {
	var out []sourceOption
	add := func(value, label string) {
		out = append(out, sourceOption{Value: value, Label: label, Selected: value == selected})
	}
	for _, m := range mapping.Presets() {
		add(app.PresetSource+m.Name, m.TitleIn(d.Lang))
	}
	for _, m := range saved {
		add(app.SavedSource+m.Name, d.T("import_saved_as")+" "+m.Name)
	}
	for _, k := range cx.Kinds {
		add(string(k), d.kindLabel(k))
	}
	add(columnsSource, d.T("import_map_columns"))
	return out
}

// recognise finds the source of a file from its header: the one preset or saved mapping that
// recognises it, else the one canonical kind it fits; "" when none or several do.
func recognise(header []string, saved []*mapping.Map) string {
	found, ofPresets := mapping.Recognised(header, saved...)
	switch {
	case len(found) == 1 && ofPresets == 1:
		return app.PresetSource + found[0].Name
	case len(found) == 1:
		return app.SavedSource + found[0].Name
	case len(found) > 1:
		return ""
	}
	if kinds := importer.KindsOf(header); len(kinds) == 1 {
		return string(kinds[0])
	}
	return ""
}
