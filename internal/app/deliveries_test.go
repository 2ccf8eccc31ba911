package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/ingest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestWriteDelivery: a delivery's records, its count and its id commit together or not at all.
// One refused (a patch of an answer never stored) leaves no record, no count and no id, so the
// tool's retry is written; one accepted is remembered, and the same id again is counted and
// writes nothing; a connection deleted meanwhile is ErrConnectionGone.
func TestWriteDelivery(t *testing.T) {
	ctx := context.Background()
	a, err := Open(ctx, sqlitetest.New(t), config.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	c := cx.Connection{Source: "klantpuls", Name: "Enquêtes", Kinds: []cx.Kind{cx.KindResponses}, Actor: "cli:test"}
	if err := a.CreateConnection(ctx, &c, "kpwh_a-secret-long-enough", ""); err != nil {
		t.Fatal(err)
	}
	recs, err := ingest.Read(cx.KindResponses, a.Config,
		[]byte(`[{"response_id":"R1","survey":"csat","score":5,"submitted_at":"2026-03-05T10:00:00+01:00"}]`))
	if err != nil {
		t.Fatal(err)
	}
	nothing := []cx.Patch{patchOf(cx.KindResponses, "R-never", `{"score":4}`)}
	at := time.Date(2026, 3, 5, 10, 1, 0, 0, time.UTC)
	for _, st := range []struct {
		name     string
		patches  []cx.Patch
		fails    bool
		repeat   bool
		written  int
		stored   int   // answers stored afterwards
		counted  int64 // the connection's deliveries afterwards
		remember bool
	}{
		{"refused: a patch of nothing beside the answer", nothing, true, false, 0, 0, 0, false},
		{"the retry, without the patch", nil, false, false, 1, 1, 1, true},
		{"the same id again", nil, false, true, 0, 1, 2, true},
	} {
		res, repeat, err := a.WriteDelivery(ctx, c.ID, "d-1", at, recs, st.patches, nil)
		stored, _ := a.Count(ctx, cx.KindResponses)
		got, _, _ := a.Connection(ctx, c.ID)
		seen, _ := a.DeliverySeen(ctx, c.ID, "d-1")
		if (err != nil) != st.fails || repeat != st.repeat || res.Written != st.written || stored != st.stored ||
			got.Deliveries != st.counted || seen != st.remember {
			t.Errorf("%s: err %v, repeat %t, written %d, %d stored, %d counted, remembered %t; want fails %t, %t, %d, %d, %d, %t",
				st.name, err, repeat, res.Written, stored, got.Deliveries, seen, st.fails, st.repeat, st.written, st.stored,
				st.counted, st.remember)
		}
	}
	if gone, err := a.DeleteConnection(ctx, c.ID); err != nil || gone.ID != c.ID {
		t.Fatalf("deleted %+v, %v", gone, err)
	}
	if _, _, err := a.WriteDelivery(ctx, c.ID, "d-2", at, recs, nil, nil); !errors.Is(err, ErrConnectionGone) {
		t.Errorf("a delivery to a deleted connection: %v, want ErrConnectionGone", err)
	}
}
