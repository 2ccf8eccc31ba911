package web

import (
	"context"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/klantpuls/klantpuls/internal/engine"
)

// askedQueries answers with the engine and keeps the questions asked.
type askedQueries struct {
	e     *engine.Engine
	mu    sync.Mutex
	asked []engine.Query
}

func (a *askedQueries) Answer(ctx context.Context, q engine.Query) (*engine.Result, error) {
	a.mu.Lock()
	a.asked = append(a.asked, q)
	a.mu.Unlock()
	return a.e.Answer(ctx, q)
}

// TestFirstScreenQuestion: the question serve asks at start (FirstScreen) is the very one the
// overview asks when a manager opens it without a period — so the answer kept is the one the
// first viewer needs — and not the one of another period.
func TestFirstScreenQuestion(t *testing.T) {
	ts := dashServer(t)
	ctx := context.Background()
	e, err := ts.app.EngineFor(ctx, "the test")
	if err != nil {
		t.Fatal(err)
	}
	rec := &askedQueries{e: e}
	ts.app.UseQuerier(rec)
	defer ts.app.UseQuerier(nil)
	admin := ts.login("admin@example.com")
	// A page asks its question; the first screen also asks which months hold data
	// (defaultPeriod), which FirstScreen asks too.
	asks := func(path string) bool {
		rec.mu.Lock()
		rec.asked = nil
		rec.mu.Unlock()
		if res := admin.get(path); res.status != 200 {
			t.Fatalf("%s: %d", path, res.status)
		}
		first := ts.srv.FirstScreen(ctx)
		return slices.ContainsFunc(rec.asked, func(q engine.Query) bool { return reflect.DeepEqual(q, first) })
	}
	if !asks("/?lang=nl") {
		t.Errorf("the first screen does not ask FirstScreen's question %+v", ts.srv.FirstScreen(ctx))
	}
	if asks("/?period=quarter") {
		t.Error("this quarter's overview asks FirstScreen's question; want another period's")
	}
}
