package sqlite

import (
	"context"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/store"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

func TestSurveys(t *testing.T) {
	storetest.Surveys(t, func(t *testing.T) store.Surveys {
		s, _ := openTest(t)
		return s
	})
}

// TestUnsubscribeKeepsTheFirstTime reads what the interface does not show: asking again, in any
// case, leaves the one row at the first time.
func TestUnsubscribeKeepsTheFirstTime(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for _, step := range []struct {
		email string
		day   int
	}{{"Anouk@Shop.nl", 3}, {" anouk@shop.NL ", 4}, {"Anouk@Shop.nl", 2}} {
		if err := s.Unsubscribe(ctx, step.email, at(step.day, 9, 0)); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	var first int64
	if err := s.read.QueryRowContext(ctx, "SELECT count(*), max(at) FROM unsubscribes").Scan(&n, &first); err != nil {
		t.Fatal(err)
	}
	if n != 1 || time.Unix(first, 0).UTC() != at(3, 9, 0) {
		t.Errorf("%d rows, at %v; want 1 row kept at the first time %v", n, time.Unix(first, 0).UTC(), at(3, 9, 0))
	}
}
