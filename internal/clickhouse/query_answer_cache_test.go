package clickhouse

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/engine"
)

// TestAnswersKeptWhileNothingShipped: on a real ClickHouse, a question asked again is given the
// answer given before while nothing is shipped and no setting written; a written setting, a
// shipped ticket or another day asks ClickHouse again, and the shipped ticket counts. Viewers
// asking one question at once share one answer.
func TestAnswersKeptWhileNothingShipped(t *testing.T) {
	db, ship := ticketOnJune2(t)
	ctx := context.Background()
	today := june10(20)
	q := NewQuerier(db, engine.Options{Timezone: time.UTC, Now: func() time.Time { return today }})
	query := engine.Query{From: june10(1), To: june10(30), Parts: engine.PartTicketCounts}
	ask := func(query engine.Query) *engine.Result {
		t.Helper()
		res, err := q.Answer(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	created := func(res *engine.Result) int { return res.Groups[0].Metrics.Tickets.Created }

	first := ask(query)
	if again := ask(query); again != first || created(first) != 1 {
		t.Errorf("asked again: %p (%d created); want the answer before, %p with 1", again, created(again), first)
	}
	if err := db.SetSetting(ctx, "a setting", "1"); err != nil {
		t.Fatal(err)
	}
	afterSetting := ask(query)
	if afterSetting == first || created(afterSetting) != 1 {
		t.Errorf("after a setting was written: the answer before (%v), %d created; want a new answer with 1", afterSetting == first, created(afterSetting))
	}
	today = june10(21)
	if ask(query) == afterSetting {
		t.Error("on another day: the answer of the day before; want a new one")
	}
	ship(&cx.Ticket{ID: "t2", CreatedAt: june10(3), Channel: "Chat"})
	if got := created(ask(query)); got != 2 {
		t.Errorf("after a ticket was shipped: %d created; want 2", got)
	}

	other := query
	other.By = engine.ByChannel
	answers := make([]*engine.Result, 8)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Go(func() { answers[i] = ask(other) })
	}
	wg.Wait()
	for i, res := range answers {
		if res != answers[0] || len(res.Groups) != 2 {
			t.Errorf("viewer %d: %p with %d groups; want the one answer %p, Chat and Email", i, res, len(res.Groups), answers[0])
		}
	}
}

// TestAnswerCache: the cache's own rules, with answers made here.
func TestAnswerCache(t *testing.T) {
	answer := func(groups int) *engine.Result { return &engine.Result{Groups: make([]engine.Group, groups)} }
	t.Run("another state drops every answer", func(t *testing.T) {
		var c answerCache
		a, _ := c.answer("s1", "k", func() (*engine.Result, error) { return answer(1), nil })
		b, _ := c.answer("s2", "k", func() (*engine.Result, error) { return answer(1), nil })
		if a == b || len(c.entries) != 1 {
			t.Errorf("same answer %v, %d entries; want a new answer, one entry", a == b, len(c.entries))
		}
	})
	t.Run("the oldest goes past the bound", func(t *testing.T) {
		var c answerCache
		for i := range maxCachedAnswers + 1 {
			c.answer("s", fmt.Sprint(i), func() (*engine.Result, error) { return answer(1), nil })
		}
		if _, kept := c.entries["0"]; kept || len(c.entries) != maxCachedAnswers || len(c.order) != maxCachedAnswers {
			t.Errorf("first kept %v, %d entries, %d in order; want %d, the first gone", kept, len(c.entries), len(c.order), maxCachedAnswers)
		}
	})
	t.Run("the oldest go past the groups kept together", func(t *testing.T) {
		var c answerCache
		for _, k := range []string{"a", "b", "c"} {
			c.answer("s", k, func() (*engine.Result, error) { return answer(maxCachedGroups * 2 / 5), nil })
		}
		if _, kept := c.entries["a"]; kept || len(c.entries) != 2 || c.groups != maxCachedGroups*4/5 {
			t.Errorf("first kept %v, %d entries of %d groups; want b and c, %d groups", kept, len(c.entries), c.groups, maxCachedGroups*4/5)
		}
	})
	t.Run("a failure and a large answer are not kept", func(t *testing.T) {
		var c answerCache
		if _, err := c.answer("s", "bad", func() (*engine.Result, error) { return nil, errors.New("gone") }); err == nil {
			t.Error("no error")
		}
		big, _ := c.answer("s", "big", func() (*engine.Result, error) { return answer(maxCachedGroups + 1), nil })
		if len(c.entries) != 0 || len(c.order) != 0 || c.groups != 0 || big == nil {
			t.Errorf("%d entries, %d in order after a failure and a large answer; want none", len(c.entries), len(c.order))
		}
	})
	t.Run("a request waiting for a failed work does it itself", func(t *testing.T) {
		var c answerCache
		started, release := make(chan struct{}), make(chan struct{})
		failed := make(chan error, 1)
		go func() {
			_, err := c.answer("s", "k", func() (*engine.Result, error) {
				close(started)
				<-release
				return nil, context.Canceled
			})
			failed <- err
		}()
		<-started
		done := make(chan *engine.Result)
		go func() {
			res, _ := c.answer("s", "k", func() (*engine.Result, error) { return answer(1), nil })
			done <- res
		}()
		time.Sleep(10 * time.Millisecond) // the second request waits on the first's work
		close(release)
		if res, err := <-done, <-failed; res == nil || !errors.Is(err, context.Canceled) {
			t.Errorf("the waiting request's answer %v, the first's error %v; want an answer and context.Canceled", res, err)
		}
	})
}

// TestAnswerKey: every field of a question, and the day, makes another key.
func TestAnswerKey(t *testing.T) {
	from := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	base := engine.Query{From: from, To: from.AddDate(0, 1, 0), Filter: map[engine.Dim]string{engine.ByTeam: "A", engine.ByAgent: "B"}}
	key := answerKey(base, "2026-06-20")
	same := base
	same.Filter = map[engine.Dim]string{engine.ByAgent: "B", engine.ByTeam: "A"}
	if answerKey(same, "2026-06-20") != key {
		t.Error("a filter's order changes the key")
	}
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(*engine.Query){
		"from":       func(q *engine.Query) { q.From = q.From.Add(time.Hour) },
		"to":         func(q *engine.Query) { q.To = q.To.Add(time.Hour) },
		"zone":       func(q *engine.Query) { q.From = q.From.In(ams) },
		"by":         func(q *engine.Query) { q.By = engine.ByTeam },
		"filter":     func(q *engine.Query) { q.Filter = map[engine.Dim]string{engine.ByTeam: "A"} },
		"parts":      func(q *engine.Query) { q.Parts = engine.PartSurveys },
		"step":       func(q *engine.Query) { q.Step = engine.StepDay },
		"previous":   func(q *engine.Query) { q.PreviousFrom = from.AddDate(0, -1, 0) },
		"metrics":    func(q *engine.Query) { q.Metrics = []string{"nps"} },
		"headline":   func(q *engine.Query) { q.Headline = true },
		"other day":  func(q *engine.Query) {},
		"a filter's": func(q *engine.Query) { q.Filter = map[engine.Dim]string{engine.ByTeam: "A", engine.ByAgent: "C"} },
	} {
		q := base
		change(&q)
		day := "2026-06-20"
		if name == "other day" {
			day = "2026-06-21"
		}
		if answerKey(q, day) == key {
			t.Errorf("%s: the same key", name)
		}
	}
}

// ticketShipper ships tickets into db as the shipper does (shipperOf).
func ticketShipper(t *testing.T, db *DB) func(recs ...cx.Record) {
	ship := shipperOf(t, db)
	return func(recs ...cx.Record) { t.Helper(); ship(cx.KindTickets, recs...) }
}

// shipperOf ships records of a kind into db as the shipper does: inserted, then the kind's
// position moved.
func shipperOf(t *testing.T, db *DB) func(kind cx.Kind, recs ...cx.Record) {
	st := newShipStore(t)
	return func(kind cx.Kind, recs ...cx.Record) {
		t.Helper()
		ctx := context.Background()
		changes := st.put(t, recs...)
		if err := db.Insert(ctx, kind, changes, st.derive); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPosition(ctx, kind, changes[len(changes)-1].Seq); err != nil {
			t.Fatal(err)
		}
	}
}

// june10 is a day of June 2026 at 10:00 UTC.
func june10(day int) time.Time { return time.Date(2026, 6, day, 10, 0, 0, 0, time.UTC) }

// ticketOnJune2 is a ClickHouse database with one ticket shipped, t1 by e-mail on 2 June, and
// the shipper of more.
func ticketOnJune2(t *testing.T) (*DB, func(recs ...cx.Record)) {
	db := open(t)
	ship := ticketShipper(t, db)
	ship(&cx.Ticket{ID: "t1", CreatedAt: june10(2), Channel: "Email"})
	return db, ship
}
