package main

import (
	"errors"
	"slices"

	"github.com/alecthomas/kong"

	"github.com/klantpuls/klantpuls/internal/importer"
)

// refuseRepeatedFlags refuses a single-valued flag given twice (report --from 2026-01-01
// --from 2026-02-01): kong keeps the last and says nothing, so a slip in a long command line,
// or a script adding a flag its user typed too, changes the answer unseen. A flag that takes a
// list (--kinds) or a map is given once per item. It is kong's BeforeApply hook for every
// command at once: the parsed path holds each flag once per time it was given (a default or
// $KLANTPULS_… is not on it), and its error ends the parse as kong's own do (exit 2).
func refuseRepeatedFlags(ctx *kong.Context) error {
	seen := map[*kong.Flag]bool{}
	for _, p := range ctx.Path {
		f := p.Flag
		if f == nil || p.Resolved || f.IsCumulative() || f.IsCounter() {
			continue
		}
		if seen[f] {
			return errors.New(msgFlagRepeated.In(commandLanguage(ctx), "--"+f.Name))
		}
		seen[f] = true
	}
	return nil
}

// commandLanguage is the language the selected command speaks, by language's rule: its --lang
// (import, report, rescore: the one bound to $KLANTPULS_LANG), else $KLANTPULS_LANG, else the
// locale's. digest's --lang is the digest's, not the command's.
func commandLanguage(ctx *kong.Context) importer.Lang {
	lang := ""
	for _, f := range ctx.Flags() {
		if f.Name == "lang" && slices.Contains(f.Tag.Envs, "KLANTPULS_LANG") {
			lang, _ = ctx.FlagValue(f).(string)
		}
	}
	return importer.Lang(language(lang))
}

var msgFlagRepeated = importer.Message{
	EN: "%s is given more than once: give it once",
	NL: "%s is meer dan één keer gegeven: geef het één keer",
}

// msgSeeHelp follows a usage error that kong words.
var msgSeeHelp = importer.Message{
	EN: "Run 'klantpuls help' for usage.",
	NL: "Zie 'klantpuls help' voor het gebruik.",
}
