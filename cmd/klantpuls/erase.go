package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/klantpuls/klantpuls/internal/app"
)

type eraseCmd struct {
	Customer string `required:"" help:"The id of the customer to erase." placeholder:"ID"`
	Purge    bool   `help:"Delete their records too, so their scores leave every figure (without it the records stay, anonymous)."`
	Ahead    bool   `help:"Erase a customer nothing names yet too: their records imported or sent later are stored without their personal data (without it such an id is an error, as a mistyped one is)."`
}

// Run erases a customer (the right to erasure, GDPR article 17): their name, e-mail address,
// comments and other free text leave the database and its files, every server's engine and
// snapshot; their scores stay counted unless --purge. It prints what it changed as JSON, and
// names any rejects file of an import that still holds the customer's text.
func (c *eraseCmd) Run(e *env) error {
	a, err := e.openStored()
	if err != nil {
		return err
	}
	defer a.Close()
	ctx := app.ActingAs(e.ctx, app.CommandLine("", ""))
	erase := a.Erase
	if c.Ahead {
		erase = a.EraseAhead
	}
	res, err := erase(ctx, c.Customer, c.Purge)
	if err != nil {
		return err
	}
	// The engine file may hold the customer's id and words: removed, it is rebuilt without
	// them by the next command that needs it (a running server writes its own anew).
	if err := e.dropEngineFile(); err != nil {
		return err
	}
	out, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, string(out))
	e.say(e.stderr, msgErased, c.Customer, e.count(countErasedRecords, int(res.Erased)), e.whole(res.Deleted))
	if len(res.Leftovers) > 0 {
		e.say(e.stderr, msgEraseLeftovers, strings.Join(res.Leftovers, "\n  "))
	}
	return nil
}
