package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/hooks"
	"github.com/klantpuls/klantpuls/internal/ingest"
)

// The receiver of webhook deliveries, POST /hooks/{source}/{connection} (issue 12, point 1). A
// tool signs what it sends; the signature, not a session or a token, is the proof, so the route
// is public and exempt from the cross-origin check. Only a delivery that verifies and whose
// writes are all of kinds the connection may write is committed, whole, with its count and its
// delivery id, and only after the commit is it answered 2xx. A verified delivery too old to be
// told from a replay (hookTooOld) is answered 2xx with nothing committed but its refusal.
//
// A delivery's records, its count and its id commit in one transaction (App.WriteDelivery), so a
// delivery committed is remembered. One that erases a customer is remembered after the erasure,
// and a crash in between makes the tool send it again: it is written again, and as records are
// upserts by key and patches merge the same fields to the same values, writing a delivery twice
// leaves what a first write left, and no figure counts it twice (TestHookRetryCountsOnce).

// Limits of the receiver. A tool sends bursts (a bulk edit of orders, an import into the help
// desk) and retries what failed, so a connection gets a generous burst; a source as a whole is
// bounded so one tool cannot take every write turn from the others, and failures are bounded
// per address, as sign-ins are, so a caller without the secret cannot make the store count
// errors without end.
const (
	hookPerConnection     = 1000.0 // deliveries a second, per connection
	hookConnectionBurst   = 2000
	hookPerSource         = 2000.0 // deliveries a second, per source over its connections
	hookSourceBurst       = 4000
	hookFailuresPerSecond = 10.0 / 60 // refused deliveries (unknown connection, bad signature) per address
	hookFailuresBurst     = 100
)

// hookLimits are the receiver's token buckets.
type hookLimits struct {
	connection, source, failures *limiter
}

func newHookLimits() *hookLimits {
	return &hookLimits{connection: newLimiter(hookPerConnection, hookConnectionBurst),
		source: newLimiter(hookPerSource, hookSourceBurst), failures: newLimiter(hookFailuresPerSecond, hookFailuresBurst)}
}

// hookReceive answers one delivery.
func (s *Server) hookReceive(w http.ResponseWriter, r *http.Request) {
	now, addr := s.now(), clientNetwork(r)
	if ok, retry := s.hookLimits.failures.unspent(addr, now); !ok {
		s.tooMany(w, r, retry)
		return
	}
	src, conn, keys, ok := s.hookConnection(w, r)
	if !ok {
		s.hookLimits.failures.spend(addr, now)
		return
	}
	// A request without a signature to a source that tests its URL unsigned (WooCommerce's
	// ping) proves nothing: it counts against its address, as a refusal does.
	unsigned := src.Unsigned(r.Header)
	if unsigned {
		s.hookLimits.failures.spend(addr, now)
	}
	verified := false
	refuse := func(p Problem) {
		if p.Status == http.StatusUnauthorized && !unsigned {
			s.hookLimits.failures.spend(addr, now)
		}
		why, words := fmt.Sprintf("%d: %s", p.Status, p.Detail), refusalWords(p)
		if verified {
			s.hookFailed(r.Context(), conn.ID, now, why, words)
		} else {
			// Nothing is written before the signature is checked, not even the refusal:
			// anyone can send to the URL. The Koppelingen page shows it from memory.
			s.unsigned.refused(conn.ID, now, why, words)
		}
		// In the caller's language (hookRefused); the record keeps the English and the words,
		// said in the reader's language (ConnectionError).
		s.problem(w, r, p)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, hooks.MaxBody+1))
	switch {
	case err != nil:
		refuse(hookRefused(http.StatusBadRequest, cx.Refuse(cx.EINVALID, "", "hook_body_unread", "could not read the body")))
		return
	case len(body) > hooks.MaxBody:
		// The size as text: the connection keeps a refusal's values as text (refusalWords).
		refuse(hookRefused(http.StatusRequestEntityTooLarge, cx.Refuse(cx.EINVALID, "", "hook_body_too_large",
			"a delivery's body may have at most %s bytes; nothing was written", strconv.Itoa(hooks.MaxBody))))
		return
	}
	d := &hooks.Delivery{Header: r.Header, Query: r.URL.Query(), Body: body, Config: s.app.Config,
		APIToken: keys.APIToken, Fetch: s.hookFetcher(r.Context())}
	if unsigned && src.IsPing(d) {
		// Answered 200, or the tool will not save the webhook, and recorded nowhere: not even
		// the connection's count of deliveries, which anyone could then drive.
		hookWritten(w, &hooks.Batch{Ignored: hooks.PingIgnored}, 0, 0)
		return
	}
	if err := src.Verify(d, keys.Secret, now); err != nil {
		refuse(hookRefused(http.StatusUnauthorized, cx.Refuse(cx.EINVALID, "", "hook_unverified",
			"%v; nothing was written. Check that the secret in the tool is the one of this connection (Koppelingen)", err)))
		return
	}
	verified = true
	if !s.allowDelivery(w, r, src, conn, now) {
		return
	}
	b, err := src.ReadBeforeFetch(d)
	if err != nil {
		refuse(hookReadRefusal(w, err))
		return
	}
	if app.TooOldToTell(b.Changed, now) {
		s.hookTooOld(w, r, conn, b, now)
		return
	}
	if p, refused := hookRefusal(conn, b); refused {
		refuse(p)
		return
	}
	if p, refused, err := s.hookEvent(r.Context(), conn, b); err != nil || refused {
		switch {
		case cx.ErrorCode(err) == cx.ENOTFOUND:
			s.problem(w, r, hookNotFound())
		case err != nil:
			s.fail(w, r, err)
		default:
			refuse(p)
		}
		return
	}
	if b.Unfetched() {
		// Asked only now, for a delivery that will be written: each request is made with the
		// customer's token, and a copy of a captured delivery asked again would let anyone make
		// the tool throttle it. The write checks the repeat again, in its transaction.
		if s.hookRepeated(w, r, conn.ID, b, now) {
			return
		}
		if b, err = src.FetchBack(d, b); err != nil {
			refuse(hookReadRefusal(w, err))
			return
		}
	}
	s.hookWrite(w, r, conn, b, now)
}

// hookTooOld answers a verified delivery whose resource changed longer ago than deliveries are
// remembered (app.TooOldToTell): a replay, as the tool sends no delivery that late. Nothing of
// it is written or remembered; it is counted as a refusal on its connection, so the page shows
// it. The answer is 200, as a tool retries any other for hours (Shopify: 8 times in 4 hours,
// then an app's subscription may be removed), and the old payload would be refused each time.
func (s *Server) hookTooOld(w http.ResponseWriter, r *http.Request, conn *cx.Connection, b *hooks.Batch, now time.Time) {
	why := fmt.Sprintf("its record changed at %s, more than %d days ago, before the deliveries klantpuls remembers: "+
		"one sent again so late is a replay, not the tool's; nothing was written", b.Changed.Format(time.RFC3339), app.SeenFor/(24*time.Hour))
	s.hookFailed(r.Context(), conn.ID, now, "200: "+why, nil)
	hookWritten(w, &hooks.Batch{DeliveryID: b.DeliveryID, Ignored: why}, 0, 0)
}

// allowDelivery takes a verified delivery from its connection's and its source's limits, or
// answers 429. They are the tool's: taken before the signature was checked, anyone who knows the
// URL could spend them with forgeries from many addresses, and the tool's own deliveries would be
// refused. A forgery is bounded by its address's refusals (hookFailuresBurst) only.
func (s *Server) allowDelivery(w http.ResponseWriter, r *http.Request, src *hooks.Source, conn *cx.Connection, now time.Time) bool {
	for _, l := range []struct {
		lim *limiter
		key string
	}{{s.hookLimits.connection, conn.ID}, {s.hookLimits.source, src.Name}} {
		if ok, retry := l.lim.allow(l.key, now); !ok {
			s.tooMany(w, r, retry)
			return false
		}
	}
	return true
}

// hookConnection finds the connection the URL names and its secret and API token; when there is none it
// answers 404 (the same for an unknown source, an unknown connection and one of another
// source, so the answer tells a prober nothing) and returns false.
func (s *Server) hookConnection(w http.ResponseWriter, r *http.Request) (*hooks.Source, *cx.Connection, app.DeliveryKeys, bool) {
	src, ok := hooks.Lookup(r.PathValue("source"))
	if !ok {
		s.problem(w, r, hookNotFound())
		return nil, nil, app.DeliveryKeys{}, false
	}
	conn, keys, err := s.app.DeliveryConnection(r.Context(), r.PathValue("connection"), s.now())
	switch {
	case cx.ErrorCode(err) == cx.ENOTFOUND || err == nil && conn.Source != src.Name:
		s.problem(w, r, hookNotFound())
		return nil, nil, app.DeliveryKeys{}, false
	case err != nil:
		s.fail(w, r, err)
		return nil, nil, app.DeliveryKeys{}, false
	}
	return src, conn, keys, true
}

// hookNotFound answers a delivery to no connection.
func hookNotFound() Problem {
	return hookRefused(http.StatusNotFound, cx.Refuse(cx.ENOTFOUND, "", "hook_no_connection",
		"no webhook connection at this URL; copy the URL from the Koppelingen page (or klantpuls connection list)"))
}

// hookRefused is the problem of status that refusal words: in English (Detail, which the
// connection's record of refusals keeps), and in the caller's language when answered by
// s.problem, as the API answers (apiLanguage, apiReason; Vary: Accept-Language).
func hookRefused(status int, refusal *cx.Error) Problem {
	return Problem{Status: status, Detail: refusal.Error(), cause: refusal}
}

// hookRefusal is the answer to a verified delivery that may not be written: a kind the
// connection may not write (403); an erasure needs a connection that may write customers.
// Nothing of such a delivery is written.
func hookRefusal(conn *cx.Connection, b *hooks.Batch) (Problem, bool) {
	for _, k := range b.Kinds() {
		if !conn.Allows(k) {
			return hookRefused(http.StatusForbidden, cx.Refuse(cx.EINVALID, "", "hook_kind_not_allowed",
				"connection %q may write %s, not %s; nothing was written (make a connection that may, or send only those kinds)",
				conn.Name, kindNames(conn.Kinds), k)), true
		}
	}
	// An erasure (Shopify's customers/redact) changes the customer's records.
	if len(b.Erase) > 0 && !conn.Allows(cx.KindCustomers) {
		return hookRefused(http.StatusForbidden, cx.Refuse(cx.EINVALID, "", "hook_erase_not_allowed",
			"connection %q may write %s, not customers, so it may not erase one; nothing was written",
			conn.Name, kindNames(conn.Kinds))), true
	}
	return Problem{}, false
}

// hookWrite commits a delivery's records, patches and deletions with its count and its id,
// unless the id was accepted before (then only the count), and answers.
func (s *Server) hookWrite(w http.ResponseWriter, r *http.Request, conn *cx.Connection, b *hooks.Batch, now time.Time) {
	if err := s.hookFind(r.Context(), b); err != nil {
		s.hookWriteFailed(w, r, conn.ID, now, err)
		return
	}
	if len(b.Erase) > 0 {
		s.hookErase(w, r, conn, b, now)
		return
	}
	res, repeat, err := s.app.WriteDelivery(r.Context(), conn.ID, b.RememberAs(), now, b.Records, b.Patches, b.Deletes)
	switch {
	case errors.Is(err, app.ErrConnectionGone):
		s.problem(w, r, hookNotFound())
	case err != nil:
		s.hookWriteFailed(w, r, conn.ID, now, err)
	case repeat:
		hookRepeat(w, b)
	default:
		hookWritten(w, b, res.Written, res.Forgotten)
	}
}

// hookFind turns the batch's deletions by attribute into deletions of the records that have it.
// None found (an order klantpuls never had, or one from the export, which has no Shopify id) is
// answered 200 with the reason and counted as a delivery: a tool retries an error without end.
func (s *Server) hookFind(ctx context.Context, b *hooks.Batch) error {
	for _, d := range b.DeletesBy {
		keys, err := s.app.KeysWithAttr(ctx, d.Of, d.Attr, d.Value)
		if err != nil {
			return err
		}
		for _, k := range keys {
			b.Deletes = append(b.Deletes, cx.Deletion{Of: d.Of, ID: k})
		}
		if len(keys) == 0 {
			b.Ignored = fmt.Sprintf("no stored %s has %s %s: nothing to delete (one imported from an export is known by "+
				"its key only: klantpuls delete --kind %s --id KEY)", strings.TrimSuffix(string(d.Of), "s"), d.Attr, d.Value, d.Of)
		}
	}
	return nil
}

// hookErase is hookWrite for a delivery that erases customers (Shopify's customers/redact):
// the erasure rewrites the database's files and cannot share the records' transaction, so the
// delivery is counted and its id remembered after it.
func (s *Server) hookErase(w http.ResponseWriter, r *http.Request, conn *cx.Connection, b *hooks.Batch, now time.Time) {
	ctx := r.Context()
	if s.hookRepeated(w, r, conn.ID, b, now) {
		return
	}
	written, forgotten := 0, 0
	if len(b.Records)+len(b.Patches)+len(b.Deletes) > 0 {
		res, err := s.app.WriteChanges(ctx, b.Records, b.Patches, b.Deletes)
		if err != nil {
			s.hookWriteFailed(w, r, conn.ID, now, err)
			return
		}
		written, forgotten = res.Written, res.Forgotten
	}
	for _, id := range b.Erase {
		// The erasure rewrites the database's files afterwards and must not be cut off when
		// the tool stops waiting. A customer klantpuls has no record of yet is erased ahead:
		// the shop's order may come after its customers/redact, an export be imported later.
		res, err := s.app.EraseAhead(context.WithoutCancel(ctx), id, false)
		if err != nil {
			s.hookWriteFailed(w, r, conn.ID, now, err)
			return
		}
		written += res.Erased
	}
	s.hookDelivered(ctx, conn.ID, b.RememberAs(), now)
	hookWritten(w, b, written, forgotten)
}

// hookRepeated answers a delivery whose id the connection remembers, counted as a repeat, and
// tells that it answered (also when the store could not be read); false for one it does not
// remember.
func (s *Server) hookRepeated(w http.ResponseWriter, r *http.Request, id string, b *hooks.Batch, now time.Time) bool {
	if b.RememberAs() == "" {
		return false
	}
	seen, err := s.app.DeliverySeen(r.Context(), id, b.RememberAs())
	switch {
	case err != nil:
		s.fail(w, r, err)
	case seen:
		s.hookDelivered(r.Context(), id, b.RememberAs(), now)
		hookRepeat(w, b)
	}
	return err != nil || seen
}

// hookRepeat answers a delivery accepted before: nothing of it was written again.
func hookRepeat(w http.ResponseWriter, b *hooks.Batch) {
	writeJSON(w, http.StatusOK, map[string]any{"delivery": b.DeliveryID, "repeat": true, "written": 0})
}

// hookWritten answers a delivery written: what it carried, how many rows it changed and how
// many of its records were of erased customers (stored under a pseudonym without their text).
func hookWritten(w http.ResponseWriter, b *hooks.Batch, written, forgotten int) {
	out := map[string]any{"records": len(b.Records), "patches": len(b.Patches), "deletes": len(b.Deletes), "erased": len(b.Erase),
		"written": written, "forgotten": forgotten}
	if b.DeliveryID != "" {
		out["delivery"] = b.DeliveryID
	}
	if b.Ignored != "" {
		out["ignored"] = b.Ignored
	}
	writeJSON(w, http.StatusOK, out)
}

// hookWriteFailed answers a delivery whose writes were refused or failed, nothing of it
// written, and counts it. A patch of a record not stored yet is 409: the record whole may be on
// its way (tools send events out of order), and the tool's retry after it arrives is written.
func (s *Server) hookWriteFailed(w http.ResponseWriter, r *http.Request, id string, now time.Time, err error) {
	var refused *ingest.Error
	p := hookRefused(http.StatusConflict, cx.Refuse(cx.ECONFLICT, "", "hook_not_stored_yet",
		"%v; nothing of this delivery was written; the tool's next try is written once the record is stored", err))
	switch {
	case errors.As(err, &refused):
		p = refusalProblem(err)
	case cx.ErrorCode(err) != cx.ENOTFOUND:
		s.hookFailed(r.Context(), id, now, err.Error(), nil)
		s.fail(w, r, err)
		return
	}
	s.hookFailed(r.Context(), id, now, fmt.Sprintf("%d: %s", p.Status, p.Detail), refusalWords(p))
	s.problem(w, r, p)
}

// hookDelivered counts an accepted delivery. Its writes are committed already, so a failure to
// count it is logged, not answered: a tool told to retry would write again what is written.
func (s *Server) hookDelivered(ctx context.Context, id, delivery string, at time.Time) {
	if err := s.app.Delivered(context.WithoutCancel(ctx), id, delivery, at); err != nil {
		s.log.ErrorContext(ctx, "webhook delivery not counted", slog.String("connection", id), slog.Any("error", err))
	}
}

// unsignedRefusals are the deliveries refused before their signature was checked (unreadable,
// too large, a wrong signature), by connection, since the server started: kept in memory, as
// writing them would let anyone who knows a connection's URL write to the database.
type unsignedRefusals struct {
	mu sync.Mutex
	by map[string]unsignedRefusal
}

type unsignedRefusal struct {
	n     int64
	why   string
	words []cx.AuditPhrase // why in the pages' words (refusalWords)
	at    time.Time
}

func (u *unsignedRefusals) refused(id string, at time.Time, why string, words []cx.AuditPhrase) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.by == nil {
		u.by = map[string]unsignedRefusal{}
	}
	was := u.by[id]
	u.by[id] = unsignedRefusal{n: was.n + 1, why: why, words: words, at: at}
}

// onto adds the refusals of c's connection to its counts: to its errors, and as its last
// error when later than the stored one.
func (u *unsignedRefusals) onto(c *cx.Connection) {
	u.mu.Lock()
	got, ok := u.by[c.ID]
	u.mu.Unlock()
	if !ok {
		return
	}
	c.Errors += got.n
	if got.at.After(c.LastErrorAt) {
		c.LastError, c.LastErrorWords, c.LastErrorAt = got.why, got.words, got.at
	}
}

// hookFailed counts a refused or failed delivery on its connection, for the Koppelingen page:
// why in English, and in the pages' words when it has them (refusalWords; nil: none).
func (s *Server) hookFailed(ctx context.Context, id string, at time.Time, why string, words []cx.AuditPhrase) {
	if err := s.app.DeliveryFailed(context.WithoutCancel(ctx), id, at, why, words); err != nil && !errors.Is(err, context.Canceled) {
		s.log.WarnContext(ctx, "webhook error not counted", slog.String("connection", id), slog.Any("error", err))
	}
}

// kindNames lists kinds for a message as the files and --kind name them, "orders, customers":
// with no word between them, so the list reads the same in a Dutch refusal and in the one a
// connection keeps, whose values are stored as text ("and" read "mag orders and customers").
func kindNames(kinds []cx.Kind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}
