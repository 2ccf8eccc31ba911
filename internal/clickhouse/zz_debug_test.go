package clickhouse

import (
	"context"
	"testing"
)

func TestZZDebug(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	for _, q := range []string{
		"SELECT toUInt16(toDate(toDateTime(toUInt32(1700000000)), 'Europe/Amsterdam'))",
		"SELECT toInt32(toDate(toDateTime(toUInt32(1700000000)), 'Europe/Amsterdam'))",
		"SELECT transform(toUInt16(toDate(toDateTime(toUInt32(1700000000)), 'Europe/Amsterdam')), [19675, 19676], [3, 4], -1)",
		"SELECT transform(toInt32(toDate(toDateTime(toUInt32(1700000000)), 'Europe/Amsterdam')), [19675, 19676], [3, 4], -1)",
	} {
		var v any
		rows, err := db.conn.Query(ctx, q)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		for rows.Next() {
			cols := rows.ColumnTypes()
			t.Logf("%s: %s", q, cols[0].DatabaseTypeName())
		}
		rows.Close()
		_ = v
	}
}
