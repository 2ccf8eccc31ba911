package clickhouse

import (
	"context"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/chtest"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestOpenRefusesAnswersWithoutTheirTickets: a database whose responses table was made before
// the answers carried their tickets' values (no counted column) is refused, with the command
// that makes it again; one made now opens again.
func TestOpenRefusesAnswersWithoutTheirTickets(t *testing.T) {
	ctx := context.Background()
	dsn := chtest.Shared(t).NewDatabase(t)
	db, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := Open(ctx, dsn); err != nil {
		t.Fatalf("a database made now: %v", err)
	}
	// The responses table as the release before made it (its columns up to sentiment).
	old := "CREATE TABLE " + db.Name() + ".responses (id String, survey String, score Int16, submitted_at DateTime, " +
		"customer_id String, ticket_id String, channel String, team String, agent String, language String, replied_at DateTime, " +
		"scale String, commented UInt8, sentiment Nullable(Float64), version UInt64, deleted UInt8) " +
		"ENGINE = ReplacingMergeTree(version) ORDER BY id"
	for _, q := range []string{"DROP TABLE " + db.Name() + ".responses", old} {
		if err := db.Conn().Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	_, err = Open(ctx, dsn)
	if cx.ErrorCode(err) != cx.EINVALID || !strings.Contains(fmtErr(err), "klantpuls clickhouse rebuild") {
		t.Fatalf("Open of a database of the release before: %v; want it refused, naming klantpuls clickhouse rebuild", err)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
