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
	return upsertNullSQL(t, rows, 0)
}

// upsertNullSQL is upsertSQL with a literal NULL, not a parameter, for each column i of t whose
// bit 1<<i is set in null (nullColumns): the statement then binds only the other values.
func upsertNullSQL(t *sqldb.Table, rows int, null uint64) string {
	name := string(t.Kind)
	cols := append(append([]string{}, t.Columns...), "seq")
	var b strings.Builder
	b.Grow(rows*(5*len(cols)+3) + 64*len(cols))
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", name, strings.Join(cols, ", "))
	values := make([]string, len(cols))
	for i := range cols {
		values[i] = "?"
		if null&(1<<i) != 0 {
			values[i] = "NULL"
		}
	}
	tuple := "(" + strings.Join(values, ", ") + ")"
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
		fmt.Fprintf(&b, "%s = %s", c, t.Upserted(c))
	}
	b.WriteString(" WHERE ")
	for i, c := range t.Columns[1:] {
		if i > 0 {
			b.WriteString(" OR ")
		}
		fmt.Fprintf(&b, "%s.%s IS NOT %s", name, c, t.Upserted(c))
	}
	return b.String()
}

// nullColumns returns the columns of t that are NULL in every row of b, a bit 1<<i for column i
// (never the key, nor seq): what upsertNullSQL writes as literals. A bulk write has several
// (a file's optional columns left empty, attributes no file gives: 3 to 4 of 10 to 22 in the
// generated shop), and binding a NULL through the driver, a locked C call, was a fifth of the
// binding's time in the profile of an import. A table of more than 64 columns gets none.
func nullColumns(b *sqldb.Batch) uint64 {
	cols := len(b.Table.Columns)
	if cols > 64 || b.Rows == 0 {
		return 0
	}
	var null uint64
	for i := 1; i < cols; i++ {
		null |= 1 << i
	}
	for r := range b.Rows {
		row := b.Args[r*b.Width : r*b.Width+cols]
		for i := 1; i < cols; i++ {
			if null&(1<<i) != 0 && row[i] != nil {
				null &^= 1 << i
			}
		}
		if null == 0 {
			break
		}
	}
	return null
}

// withoutNull appends to dst the values of b's rows but those of the columns in null.
func withoutNull(dst []any, b *sqldb.Batch, null uint64) []any {
	for r := range b.Rows {
		for i, v := range b.Args[r*b.Width : (r+1)*b.Width] {
			if i >= 64 || null&(1<<i) == 0 {
				dst = append(dst, v)
			}
		}
	}
	return dst
}
