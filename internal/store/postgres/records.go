package postgres

import (
	"fmt"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

// statements are the SQL of the bulk write of one kind's table. Every statement is made from
// the table's names, never from input.
type statements struct {
	stored      string   // which of the keys $1 are stored
	empty       string   // whether no row is stored
	insertCopy  []string // the columns a COPY of new rows fills: the table's, seq and ord
	stage       string   // the session's staging table of the kind (pg_temp.stage_<kind>)
	createStage string   // makes the staging table once per connection
	stageCopy   []string // the columns a COPY into the staging table fills: the table's and seq
	upsert      string   // moves the staged rows into the table
}

// bulk holds the statements of every kind's table.
var bulk = func() map[*sqldb.Table]*statements {
	out := map[*sqldb.Table]*statements{}
	for _, kind := range cx.Kinds {
		t, _ := sqldb.TableFor(kind)
		name := string(kind)
		st := &statements{
			stored:     "SELECT id FROM " + name + " WHERE id = ANY($1)",
			empty:      "SELECT NOT EXISTS (SELECT FROM " + name + ")",
			insertCopy: append(append([]string{}, t.Columns...), "seq", "ord"),
			stage:      "stage_" + name,
		}
		st.stageCopy = st.insertCopy[:len(t.Columns)+1]
		// ON COMMIT DELETE ROWS empties it in place at each commit that used it: no catalog churn
		// per transaction, as ON COMMIT DROP would cause.
		st.createStage = "CREATE TEMP TABLE IF NOT EXISTS " + st.stage + " ON COMMIT DELETE ROWS AS SELECT " +
			t.List + ", seq FROM " + name + " WITH NO DATA"
		st.upsert = upsertSQL(t, "pg_temp."+st.stage)
		out[t] = st
	}
	return out
}()

// upsertSQL moves the rows of stage into t's table. A new row takes its seq as its ord too;
// an update keeps the row's ord. The WHERE of DO UPDATE leaves a row whose values are all
// unchanged untouched, so it keeps its seq and is not counted; IS DISTINCT FROM compares NULLs
// as values.
func upsertSQL(t *sqldb.Table, stage string) string {
	name, list := string(t.Kind), t.List
	var set, old, excluded []string
	for _, c := range t.Columns[1:] {
		set = append(set, c+" = "+t.Upserted(c))
		old = append(old, name+"."+c)
		excluded = append(excluded, t.Upserted(c))
	}
	return fmt.Sprintf("INSERT INTO %s (%s, seq, ord) SELECT %s, seq, seq FROM %s "+
		"ON CONFLICT (id) DO UPDATE SET %s, seq = EXCLUDED.seq WHERE (%s) IS DISTINCT FROM (%s)",
		name, list, list, stage, strings.Join(set, ", "), strings.Join(old, ", "), strings.Join(excluded, ", "))
}
