package app

import (
	"context"
	"reflect"
	"testing"

	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestSetSettingsAllOrNothing: settings set together are one transaction on both databases —
// a database refusing the second (target.csat, after target.ces by name) keeps the first from
// being written and the one removed (target.nps) stored; lifted, all three are written.
func TestSetSettingsAllOrNothing(t *testing.T) {
	bothDatabases(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a := openEraseAt(t, dsn)
		if err := a.SetSetting(ctx, "target.nps", "40"); err != nil {
			t.Fatal(err)
		}
		before, err := a.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var lift func()
		if IsPostgres(dsn) {
			lift = pgtest.RefuseInsertsOf(t, dsn, "settings", "key", "target.csat")
		} else {
			lift = sqlitetest.RefuseInsertsOf(t, dsn, "settings", "key", "target.csat")
		}
		values := map[string]string{"target.ces": "70", "target.csat": "80", "target.nps": ""}
		if _, err := a.SetSettings(ctx, values); err == nil {
			t.Fatal("SetSettings succeeded with target.csat refused")
		}
		if got, err := a.Settings(ctx); err != nil || !reflect.DeepEqual(got, before) {
			t.Errorf("settings after a refused write: %v %v, want as before: %v", got, err, before)
		}
		lift()
		if _, err := a.SetSettings(ctx, values); err != nil {
			t.Fatal(err)
		}
		got, err := a.Settings(ctx)
		if err != nil || got["target.ces"] != "70" || got["target.csat"] != "80" || got["target.nps"] != "" {
			t.Errorf("settings: %v %v, want target.ces 70, target.csat 80 and no target.nps", got, err)
		}
	})
}
