package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
)

// TestImportCommitRefusedSaid: an import started in the browser whose COMMIT the database
// refuses ends failed, its page saying in the language it was started in that it was not
// stored — to try again — and not what the database said, which is for the log; nothing of
// the file is stored. Before the fix the page showed the store's internal error ("store:
// unable to commit: ERROR: … (SQLSTATE P0001)") in English. On PostgreSQL: SQLite refuses a
// COMMIT only for a deferred foreign key, and the store keeps foreign keys off on the
// connection the server writes by (the store's own TestCommitRefused turns them on).
func TestImportCommitRefusedSaid(t *testing.T) {
	dsn := postgrestest.Fresh(t)
	ts := startServerOn(t, dsn)
	pgtest.RefuseCommits(t, dsn, "tickets")
	admin := ts.login("admin@example.com")
	for _, c := range []struct{ lang, want string }{
		{"nl", "De wijziging is niet opgeslagen: de database kon haar niet vastleggen. Probeer het later opnieuw"},
		{"en", "The change was not stored: the database could not commit it. Try again later"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			run := startedOneTicket(t, admin, c.lang)
			st := finished(t, admin, run)
			if said, _ := st["error"].(string); st["status"] != cx.ImportFailed || !strings.HasPrefix(said, c.want) {
				t.Errorf("status %v; want failed, saying %q", st, c.want)
			}
			res := admin.get(run + "?lang=" + c.lang)
			if res.status != http.StatusOK || !strings.Contains(res.body, c.want) || strings.Contains(res.body, "SQLSTATE") {
				i := strings.Index(res.body, `role="alert"`)
				t.Errorf("the import's page: %d %q; want 200 saying %q, not the database's words",
					res.status, res.body[max(0, i-20):min(len(res.body), i+300)], c.want)
			}
		})
	}
	if n, err := ts.app.Count(context.Background(), cx.KindTickets); err != nil || n != 0 {
		t.Errorf("tickets stored: %d, %v; want none, their commit refused", n, err)
	}
}
