package sqlite

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/store/sqldb"
	"github.com/klantpuls/klantpuls/internal/store/storetest"
)

// TestDriverRecords reads rows past database/sql as the store's streams do: the leading column
// into extra, the rest as Values, NULL told apart; fn's error comes back as it is, and a query
// or an extra it cannot serve is an error, not a panic.
func TestDriverRecords(t *testing.T) {
	s, _ := openTest(t)
	storetest.Put(t, s, storetest.MinimalRecords()...)
	read := sqldb.DriverRecords(s.read)
	ctx := context.Background()

	var seq int64
	var got []string
	err := read(ctx, "SELECT seq, id, customer_id, created_at, first_reply_at FROM tickets WHERE id = ?", []any{"T2"}, []any{&seq},
		func(v sqldb.Values) error {
			got = append(got, v.Text(), v.Text())
			if created := v.Integer(); created <= 0 {
				t.Errorf("created_at read as %d", created)
			}
			if !v.Null() {
				t.Error("first_reply_at read as not NULL")
			}
			v.Skip()
			return v.Err()
		})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != "T2" || got[1] != "" || seq <= 0 {
		t.Errorf("read %q, seq %d; want T2 with no customer and a change number", got, seq)
	}

	stop := errors.New("enough")
	if err := read(ctx, "SELECT id FROM tickets", nil, nil, func(sqldb.Values) error { return stop }); err != stop {
		t.Errorf("fn's error came back as %v, want it as it is", err)
	}
	var name string
	if err := read(ctx, "SELECT id FROM tickets", nil, []any{&name}, func(sqldb.Values) error { return nil }); err == nil ||
		!strings.Contains(err.Error(), "*string") {
		t.Errorf("an extra of another type: %v, want an error naming it", err)
	}
	if err := read(ctx, "SELECT nothing FROM tickets", nil, nil, func(sqldb.Values) error { return nil }); err == nil {
		t.Error("a query SQLite refuses gave no error")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := read(cancelled, "SELECT id FROM tickets", nil, nil, func(sqldb.Values) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled read: %v, want context.Canceled", err)
	}
}
