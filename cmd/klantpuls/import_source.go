package main

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/importer"
	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// source decides how the files are read: as klantpuls's own files of --kind, or as a tool's
// export by --preset, --map or --mapping, which yields its kinds itself. Without any, a file
// whose header a preset recognises is not guessed at: the error names the preset to give. A
// --mapping is read from the database once it is open (savedMapping).
func (c *importCmd) source(e *env) error {
	given, maps := 0, 0
	for i, s := range []string{c.Kind, c.Preset, c.Map, c.Mapping} {
		if s != "" {
			given++
			if i > 0 {
				maps++
			}
		}
	}
	switch {
	case maps > 1:
		return e.refused(importer.MsgOneWayToRead)
	case given > 1:
		return e.refused(importer.MsgKindWithExport)
	case len(c.Files) == 0:
		return e.refused(importer.MsgNoFiles)
	case c.Preset != "":
		m, err := mapping.Preset(c.Preset)
		if err != nil {
			return usageError{errors.New(importer.Reason(err, e.lang))}
		}
		c.mapp = m
	case c.Map != "":
		data, err := os.ReadFile(c.Map)
		if err != nil {
			return cx.Errorf(cx.ENOTFOUND, "--map %s", importer.MsgCannotOpen.In(e.lang, c.Map, importer.FileReason(err, e.lang)))
		}
		m, err := mapping.Parse(c.Map, data)
		if err != nil {
			return cx.Errorf(cx.EINVALID, "%s", importer.Reason(err, e.lang))
		}
		c.mapp = m
	case c.Mapping != "":
		if err := mapping.CheckName(c.Mapping); err != nil {
			return usageError{fmt.Errorf("--mapping %s", importer.Reason(err, e.lang))}
		}
	case c.Kind != "":
		kind, err := cx.ParseKind(c.Kind)
		if err != nil {
			return usageError{fmt.Errorf("--kind: %s", refusal(err, e.lang))}
		}
		c.kind = kind
	default:
		if err := c.noKind(e, nil); err != nil {
			return usageError{err}
		}
		c.unsaid = true // no preset knows it: perhaps a mapping saved in the browser (noSaved)
	}
	return nil
}

// noKind says what to give when neither --kind, --preset, --map nor --mapping is: the preset,
// or else the mapping saved in the browser, that recognises the first file's header, when one
// does. With saved nil it names only a preset, and nil when none recognises the file.
func (c *importCmd) noKind(e *env, saved []*mapping.Map) error {
	for _, name := range c.Files {
		header := firstRow(name, c.Sheet, e.lang)
		found, ofPresets := mapping.Recognised(header, saved...)
		switch {
		case ofPresets > 0:
			return errors.New(importer.MsgLooksLikePreset.In(e.lang, name, found[0].TitleIn(string(e.lang)), found[0].Name))
		case len(found) > 0:
			m := found[0]
			return errors.New(importer.MsgLooksLikeSaved.In(e.lang, name, m.Name, m.TitleIn(string(e.lang)), m.Name))
		}
	}
	if saved == nil {
		return nil
	}
	return errors.New(importer.MsgGiveKind.In(e.lang))
}

// noSaved is noKind once the database is open, with the mappings saved there.
func (c *importCmd) noSaved(e *env, a *app.App) error {
	stored, err := a.Mappings(e.ctx)
	if err != nil {
		return err
	}
	saved := []*mapping.Map{}
	for _, sm := range stored {
		if m, err := mapping.ParseSaved(sm.Name, sm.Text); err == nil {
			saved = append(saved, m)
		}
	}
	return usageError{c.noKind(e, saved)}
}

// firstRow is a file's header row as the importer reads it (a CSV file, or a workbook's
// sheet); nil when it cannot be read.
func firstRow(name, sheet string, lang importer.Lang) []string {
	f, err := os.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	sh := importer.Open(f, name, sheet, lang)
	defer sh.Close()
	header, err := sh.Header()
	if err != nil {
		return nil
	}
	return header
}

// savedMapping reads the mapping --mapping names from the database, checked as when it was
// saved.
func (c *importCmd) savedMapping(e *env, a *app.App) error {
	if c.Mapping == "" {
		return nil
	}
	saved, err := a.Mapping(e.ctx, c.Mapping)
	if cx.ErrorCode(err) == cx.ENOTFOUND {
		return cx.Errorf(cx.ENOTFOUND, "%s", importer.MsgNoSavedMapping.In(e.lang, c.Mapping))
	} else if err != nil {
		return err
	}
	m, err := mapping.ParseSaved(saved.Name, saved.Text)
	if err != nil {
		return cx.Errorf(cx.EINVALID, "--mapping %s", importer.Reason(err, e.lang))
	}
	c.mapp = m
	return nil
}

// listPresets writes each preset, then each mapping saved in the browser import, when the
// database opens. A database that is not there has none saved, and is not made.
func (c *importCmd) listPresets(e *env) error {
	e.listBuiltIn()
	if cx.ErrorCode(e.mustExist()) == cx.ENOTFOUND {
		return nil
	}
	a, err := e.open()
	if err != nil {
		return err
	}
	defer a.Close()
	saved, err := a.Mappings(e.ctx)
	if err != nil || len(saved) == 0 {
		return err
	}
	e.say(e.stdout, msgPresetsSaved)
	for _, sm := range saved {
		title := msgPresetUnreadable.In(e.lang)
		if m, err := mapping.ParseSaved(sm.Name, sm.Text); err == nil {
			title = m.Title
		}
		fmt.Fprintf(e.stdout, "\n%s\n  %s\n", sm.Name, title)
		e.say(e.stdout, msgPresetSavedBy, sm.Actor, sm.Saved.Format(time.DateOnly))
	}
	e.say(e.stdout, msgPresetsUseMapping)
	return nil
}

// listBuiltIn writes each preset: its name, what it reads, and the documentation it was
// written from.
func (e *env) listBuiltIn() {
	w := e.stdout
	for i, m := range mapping.Presets() {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s\n  %s\n", m.Name, m.Title)
		for _, d := range m.Docs {
			e.say(w, msgPresetSource, d)
		}
	}
	e.say(w, msgPresetsUsePreset)
}

// summary says what importing a file did: the line printed, in the import's language, and
// the audit log's words (in English, without the rate).
func (c *importCmd) summary(e *env, what, name string, res app.ImportResult, rejects *rejectsFile, took time.Duration) (printed string, audit []cx.AuditPhrase) {
	rate := e.number(float64(res.Rows)/max(took.Seconds(), 1e-9), 0)
	rows, written := e.count(importer.CountRows, res.Rows), e.whole(res.Written)
	audit = []cx.AuditPhrase{cx.Phrase("cli_import", strconv.Itoa(res.Rows), what, strconv.Itoa(res.Written), strconv.Itoa(res.Replaced))}
	if res.Deleted > 0 {
		audit = append(audit, cx.Phrase("deleted", strconv.Itoa(res.Deleted)))
	}
	if res.Forgotten > 0 {
		audit = append(audit, cx.Phrase("of_erased", strconv.Itoa(res.Forgotten)))
	}
	refused := ""
	if rejects != nil {
		refused = e.whole(rejects.Count)
		audit = append(audit, cx.Phrase("refused", strconv.Itoa(rejects.Count)))
	}
	switch {
	case c.mapp != nil:
		// The audit log's count as it was ever written; the line's as the language writes it.
		var kinds, said []string
		for _, k := range cx.Kinds {
			if n, ok := res.Records[k]; ok {
				kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
				said = append(said, fmt.Sprintf("%s %s", k, e.whole(n)))
			}
		}
		audit = append(audit, cx.Phrase("records", cmp.Or(strings.Join(kinds, ", "), "0")))
		records := cmp.Or(strings.Join(said, ", "), "0")
		if rejects != nil {
			return importer.MsgImportedKindsRefused.In(e.lang, name, rows, refused, records, written, rate), audit
		}
		return importer.MsgImportedKinds.In(e.lang, name, rows, records, written, rate), audit
	case rejects != nil:
		return importer.MsgImportedRefused.In(e.lang, name, rows, written, refused, rate), audit
	}
	return importer.MsgImported.In(e.lang, name, rows, written, rate), audit
}
