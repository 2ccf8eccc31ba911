package sqlitetest

import (
	"bytes"
	"database/sql"
	"fmt"
	"slices"
	"testing"
)

// CellsHolding names the cells ("table.column") of every table of the SQLite database at path
// that hold text, but those of the tables skip names: what a test of erasure reads to find out
// whether a customer's text is gone from every row (the tombstones of a customer's old key keep
// that key, for the nodes and the ClickHouse shipper that follow the changes to delete it too).
func CellsHolding(t testing.TB, path, text string, skip ...string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'table'")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		rows.Scan(&name)
		if !slices.Contains(skip, name) {
			tables = append(tables, name)
		}
	}
	rows.Close()
	var out []string
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			cells := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range cells {
				ptrs[i] = &cells[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, c := range cells {
				s, ok := c.([]byte)
				if !ok {
					s = fmt.Append(nil, c)
				}
				if bytes.Contains(s, []byte(text)) {
					out = append(out, table+"."+cols[i])
				}
			}
		}
		rows.Close()
	}
	return out
}
