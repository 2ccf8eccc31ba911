package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// TestFeedbackCountIsTheListsLength: the engine's count of the feedback stream
// (FeedbackCount) keeps what the store's list keeps, on every case of the store's contract
// (storetest.FeedbackCases, storetest.FeedbackScaleCases): the count is the length of the
// database's list of every page, and, where the case lists every item on one page and reads no
// sentiment, the number of ids worked out by hand. It stays so after a reply is noted and an answer deleted, each
// written to the store and applied to the engine.
func TestFeedbackCountIsTheListsLength(t *testing.T) {
	ctx := context.Background()
	for _, set := range []struct {
		name    string
		records []cx.Record
		base    store.FeedbackQuery
		cases   []storetest.FeedbackCase
	}{
		{"filters", storetest.FeedbackRecords(), storetest.FeedbackBase(), storetest.FeedbackCases()},
		{"scales", storetest.FeedbackScaleRecords(), store.FeedbackQuery{}, storetest.FeedbackScaleCases()},
	} {
		t.Run(set.name, func(t *testing.T) {
			bothDatabases(t, func(t *testing.T, dsn string) {
				a := openEraseAt(t, dsn)
				if _, err := a.Ingest(ctx, set.records); err != nil {
					t.Fatal(err)
				}
				if n, ok, err := a.FeedbackCount(set.base); ok || err != nil {
					t.Fatalf("FeedbackCount without an engine = %d, %v, %v; want no count", n, ok, err)
				}
				if err := a.LoadEngine(ctx); err != nil {
					t.Fatal(err)
				}
				for _, c := range set.cases {
					q := set.base
					c.Change(&q)
					n := countIsList(t, a, c.Name, q)
					// The hand-worked ids hold where the case lists every item on one page and
					// reads no sentiment: app scores a text's sentiment itself when it writes it.
					if want := len(strings.Fields(c.Want)); q.Offset == 0 && q.Limit == set.base.Limit && q.Sentiment == "" && n != want {
						t.Errorf("%s: FeedbackCount = %d, want %d (%s)", c.Name, n, want, c.Want)
					}
				}
				if set.name != "filters" {
					return
				}
				if err := a.MarkReplied(ctx, cx.KindMentions, "N1", time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)); err != nil {
					t.Fatal(err)
				}
				if err := a.Delete(ctx, cx.KindResponses, "R2"); err != nil {
					t.Fatal(err)
				}
				yes := true
				for _, c := range []struct {
					name string
					q    store.FeedbackQuery
					want int
				}{
					{"all, R2 deleted", set.base, 3}, // N1 R4 R1
					{"replied, N1 noted", store.FeedbackQuery{From: set.base.From, To: set.base.To, Replied: &yes}, 1}, // N1
				} {
					if n := countIsList(t, a, c.name, c.q); n != c.want {
						t.Errorf("%s: FeedbackCount = %d, want %d", c.name, n, c.want)
					}
				}
			})
		})
	}
}

// countIsList is a's FeedbackCount of q, checked against the length of the database's list of
// every page of q.
func countIsList(t *testing.T, a *App, name string, q store.FeedbackQuery) int {
	t.Helper()
	n, ok, err := a.FeedbackCount(q)
	if err != nil || !ok {
		t.Fatalf("%s: FeedbackCount = %d, %v, %v", name, n, ok, err)
	}
	whole := q
	whole.Limit, whole.Offset = 0, 0
	items, err := a.dash.Feedback(context.Background(), whole)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(items) {
		t.Errorf("%s: FeedbackCount = %d, the database lists %d", name, n, len(items))
	}
	return n
}
