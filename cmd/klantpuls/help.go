package main

import (
	"errors"
	"slices"

	"github.com/alecthomas/kong"
)

// helpCmd is `klantpuls help [command]`: a new user types it before thinking of --help. It
// answers as `klantpuls [command] --help` does by parsing just that, so there is one help,
// kong's. (Kong v1.17.0 has no help command of its own; its --help is a flag.)
type helpCmd struct {
	Command []string `arg:"" optional:"" help:"The command to explain, as typed after klantpuls (help connection add)."`
}

// Run prints the help of h.Command; kong's --help ends the parse through run's exit.
func (h *helpCmd) Run(k *kong.Kong, e *env) error {
	if _, err := k.Parse(append(slices.Clone(h.Command), "--help")); err != nil {
		return usageError{errors.New(kongRefusalIn(err.Error(), e.lang))} // a command that is not there (help nonsense)
	}
	return nil
}
