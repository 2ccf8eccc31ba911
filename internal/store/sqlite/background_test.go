package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// TestBackgroundWriteFailure: a full batch is stored in the background, so its failure reaches
// the caller at a later Put or at Commit. Either way the commit is refused, nothing of the
// transaction remains, and the write connection serves the next transaction.
func TestBackgroundWriteFailure(t *testing.T) {
	s, _ := openTest(t)
	table, err := sqldb.TableFor(cx.KindResponses)
	if err != nil {
		t.Fatal(err)
	}
	full := batchRowsOf(table)
	// SQLite refuses one row of the third full batch, a statement failing as a full disk would.
	refused := fmt.Sprintf("R%d", 2*full+7)
	if _, err := s.write.Exec(`CREATE TRIGGER refuse BEFORE INSERT ON responses WHEN NEW.id = '` + refused +
		`' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	answer := func(i int) cx.Record {
		return &cx.Response{ID: fmt.Sprintf("R%d", i), Survey: "nps", Score: i % 11, SubmittedAt: at}
	}
	for _, rows := range []int{3 * full, 6*full + 5} { // the failing batch last, or followed by more
		t.Run(fmt.Sprint(rows), func(t *testing.T) {
			tx, err := s.Begin(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var putErr error
			for i := range rows {
				if putErr = tx.Put(answer(i)); putErr != nil {
					break
				}
			}
			_, commitErr := tx.Commit()
			if commitErr == nil {
				t.Fatalf("commit after a failed background write succeeded (Put: %v)", putErr)
			}
			if err := errors.Join(putErr, commitErr); !strings.Contains(err.Error(), "refused by the test") {
				t.Errorf("Put: %v, Commit: %v; want SQLite's refusal", putErr, commitErr)
			}
			if n, err := s.Count(context.Background(), cx.KindResponses); err != nil || n != 0 {
				t.Errorf("after the refused commit %d answers are stored (%v), want 0", n, err)
			}
		})
	}
	storetest.Write(t, s, full+1, answer, true)
	if n, err := s.Count(context.Background(), cx.KindResponses); err != nil || n != full+1 {
		t.Errorf("the next write stored %d answers (%v), want %d", n, err, full+1)
	}
}
