package sqlite

import (
	"fmt"
	"strings"

	"github.com/klantpuls/klantpuls/internal/store/sqldb"
)

// maxVariables is SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32: the most values one
// statement may bind.
const maxVariables = 32766

// batchRows is how many rows one multi-row INSERT writes. BenchmarkPutTickets on 2 cores: 64 rows
// 139k rows/s, 128 to 512 rows 163k to 177k, 1024 rows 131k; the buffer grows with it.
const batchRows = 256

// batchRowsOf is the rows of one full INSERT of t: batchRows, within maxVariables.
func batchRowsOf(t *sqldb.Table) int {
	return min(batchRows, maxVariables/(len(t.Columns)+1))
}

// upsertSQL writes rows rows of t at once, seq last in each. The WHERE of DO UPDATE leaves a row
// whose values are all unchanged untouched, so it keeps its seq and changes() does not count it;
// IS NOT compares NULLs as values.
func upsertSQL(t *sqldb.Table, rows int) string {
	name := string(t.Kind)
	cols := append(append([]string{}, t.Columns...), "seq")
	var b strings.Builder
	b.Grow(rows*(2*len(cols)+3) + 64*len(cols))
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", name, strings.Join(cols, ", "))
	tuple := "(?" + strings.Repeat(", ?", len(cols)-1) + ")"
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tuple)
	}
	b.WriteString(" ON CONFLICT (id) DO UPDATE SET ")
	for i, c := range cols[1:] {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = excluded.%s", c, c)
	}
	b.WriteString(" WHERE ")
	for i, c := range t.Columns[1:] {
		if i > 0 {
			b.WriteString(" OR ")
		}
		fmt.Fprintf(&b, "%s.%s IS NOT excluded.%s", name, c, c)
	}
	return b.String()
}
