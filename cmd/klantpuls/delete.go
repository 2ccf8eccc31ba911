package main

import (
	"fmt"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/ingest"
)

type deleteCmd struct {
	Kind      string `required:"" help:"The record's kind: customers, orders, tickets, messages, responses, mentions, reviews or events." placeholder:"KIND"`
	ID        string `required:"" help:"The record's key (customer_id, order_id, …; for reviews the review_id)." placeholder:"ID"`
	Criterion string `help:"For reviews: the criterion of the row to delete (a review is rated per criterion)." placeholder:"NAME"`
}

// Run deletes one record. It leaves a tombstone in the change sequence, so every server on the
// database drops the record from its figures within a second; the audit log names who did it.
func (c *deleteCmd) Run(e *env) error {
	kind, err := cx.ParseKind(c.Kind)
	if err != nil {
		return usageError{fmt.Errorf("--kind: %s", e.refusal(err))}
	}
	key := c.ID
	if kind == cx.KindReviews {
		if c.Criterion == "" {
			return e.refused(msgDeleteCriterion)
		}
		key = cx.ReviewKey(c.ID, c.Criterion)
	}
	a, err := e.openStored()
	if err != nil {
		return err
	}
	defer a.Close()
	ctx := app.ActingAs(e.ctx, app.CommandLine("", ""))
	if err := a.Delete(ctx, kind, key); err != nil {
		return err
	}
	e.say(e.stderr, msgDeleted, kind, cx.ShownKeyWith(kind, key, ingest.CriterionWord(e.lang)))
	return nil
}
