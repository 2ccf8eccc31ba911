package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hooks"
)

// hookEvent holds a connection to one event, for a source that names its event in the URL's
// query (Trengo's ?event=, hooks.Batch.Event). Trengo signs a delivery's time and body, not its
// URL, and its ticket events share one body (ticket_id=5531): a captured TICKET_CLOSED sent
// again within the signature's hour as ?event=TICKET_MARKED_AS_SPAM verifies, and deleted the
// ticket. Each Trengo webhook has a type and a secret of its own, so a connection per webhook
// receives one event: the one its first verified delivery named is bound to it (remembered,
// rather than asked for when the connection is made, so connections made before need nothing
// done), and a delivery naming another is refused, before anything of it is written. The
// problem it returns is the refusal; an error is the store's.
func (s *Server) hookEvent(ctx context.Context, conn *cx.Connection, b *hooks.Batch) (Problem, bool, error) {
	if b.Event == "" {
		return Problem{}, false, nil
	}
	bound := conn.Event
	if bound == "" {
		// Read unbound, perhaps from the cache: the database says whether an earlier delivery,
		// or one on another node, bound it since.
		var err error
		if bound, err = s.app.BindEvent(ctx, conn.ID, b.Event); err != nil {
			return Problem{}, false, err
		}
	}
	if bound == b.Event {
		return Problem{}, false, nil
	}
	why := fmt.Sprintf("connection %q receives %s only, the event of its first delivery, and this one names %s", conn.Name, bound, b.Event)
	p := hookRefused(http.StatusForbidden, cx.Refuse(cx.EINVALID, "", "hook_other_event",
		"connection %q receives %s only, the event of its first delivery, and this one names %s. The tool signs the body, "+
			"not the URL's event, so the same body under another event is a replay, not the tool's; nothing was written. "+
			"A webhook of another event needs its own connection, with that webhook's secret (a connection given a wrong "+
			"event: make it again)", conn.Name, bound, b.Event))
	p.Errors = []ProblemField{{Parameter: "event", Detail: why}}
	return p, true, nil
}
